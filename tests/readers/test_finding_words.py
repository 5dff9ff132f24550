"""Findings in words (SPEC 4.1): names the reader may see, never ids, never what is hidden."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import sqlalchemy as sa

from registry import policy
from registry.extensions import db
from registry.models import Conflict, Initiative, Participation, Person, User
from registry.policy import Access
from registry.readers import finding_words
from registry.readers.findings import findings_for
from registry.readers.names import Entity, Names, PersonName
from registry.services import analysis
from registry.services.freshness import prepare_read
from tests.world import load_demo

ID_SPEAK = re.compile(
    r"\b(party|parties|issue|issues|region|regions|body|bodies|user|organisation|organization"
    r"|initiative|initiatives|person)\s+\d+",
    re.IGNORECASE,
)


@pytest.fixture
def loaded(app) -> dict[str, User]:
    """The demo, with every one of its accounts by email."""
    return load_demo()


def read(user: User, conflict: Conflict) -> list[Any]:
    """The findings the user gets of a conflict today, refreshed first as views do."""
    prepare_read(user, conflict.id, analysis.today())
    return findings_for(user, conflict, analysis.today())


def texts(worded: finding_words.Worded) -> list[str]:
    """Every sentence a reader reads of a finding."""
    return [worded.message, *worded.evidence]


def hidden_titles(user: User, conflict: Conflict) -> set[str]:
    """Titles of the conflict's initiatives the user may not see."""
    visible = policy.visible_initiatives(user)
    everything = db.session.execute(
        sa.select(Initiative.title, sa.case((visible, True), else_=False)).where(
            Initiative.conflict_id == conflict.id
        )
    ).all()
    return {title for title, seen in everything if not seen}


def hidden_aliases(user: User) -> set[str]:
    """Aliases of people the user sees in no participation row and does not own."""
    rows = policy.visible_initiatives(user, Access.EVERYTHING)
    seen = set(
        db.session.scalars(
            sa.select(Person.alias)
            .join(Participation, Participation.person_id == Person.id)
            .join(Initiative, Initiative.id == Participation.initiative_id)
            .where(rows)
        )
    )
    seen |= set(
        db.session.scalars(sa.select(Person.alias).filter_by(organisation_id=user.organisation_id))
    )
    return set(db.session.scalars(sa.select(Person.alias))) - seen


def test_no_reader_of_the_demo_reads_an_id_a_hidden_title_or_a_hidden_alias(loaded) -> None:
    checked, hidden = 0, 0
    for email, user in sorted(loaded.items()):
        aliases = hidden_aliases(user)
        hidden += len(aliases)
        for conflict in db.session.scalars(sa.select(Conflict)).all():
            titles = hidden_titles(user, conflict)
            hidden += len(titles)
            rows = finding_words.rows_in_words(user, conflict, read(user, conflict))
            for row in rows:
                for text in texts(row["words"]):
                    assert not ID_SPEAK.search(text), (email, text)
                    assert not [t for t in titles if t in text], (email, text)
                    assert not [a for a in aliases if a in text], (email, text)
                    checked += 1
                for _iid, title in row["words"].initiatives:
                    assert title is None or title not in titles
    assert checked > 100 and hidden > 10  # the demo hides things from most readers


def test_the_coordinator_reads_names_and_the_overloaded_person_by_alias(loaded) -> None:
    coordinator = loaded["coordinator@demo.example.org"]
    conflict = db.session.scalar(sa.select(Conflict).filter_by(slug="baringo-turkana"))
    rows = finding_words.rows_in_words(coordinator, conflict, read(coordinator, conflict))
    (overload,) = [r for r in rows if r["code"] == "participant_overload"]
    alias = overload["words"].people[0].alias
    assert overload["message"].startswith(alias) and "live initiatives" in overload["message"]
    assert len(overload["words"].initiatives) >= 3
    assert all(title in overload["message"] for _, title in overload["words"].initiatives)
    gaps = [r["message"] for r in rows if r["code"] == "issue_gap"]
    assert gaps and all("you may see" not in g for g in gaps)


def test_a_non_coordinator_reads_its_gaps_as_about_what_it_may_see(loaded) -> None:
    editor = loaded["editor.amani@demo.example.org"]
    conflict = db.session.scalar(sa.select(Conflict).filter_by(slug="baringo-turkana"))
    rows = finding_words.rows_in_words(editor, conflict, read(editor, conflict))
    gaps = [r["message"] for r in rows if r["code"].endswith("_gap")]
    assert gaps and all("No live initiative you may see" in g for g in gaps)


@contextmanager
def counted_queries() -> Iterator[list[str]]:
    """Record the SQL statements run inside the block."""
    statements: list[str] = []

    def record(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        statements.append(statement)

    engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        sa.event.remove(engine, "before_cursor_execute", record)


def test_names_are_looked_up_once_per_kind_however_many_findings(loaded) -> None:
    coordinator = loaded["coordinator@demo.example.org"]
    conflict = db.session.scalar(sa.select(Conflict).filter_by(slug="baringo-turkana"))
    rows = list(read(coordinator, conflict))
    with counted_queries() as statements:
        finding_words.rows_in_words(coordinator, conflict, rows)
    with counted_queries() as doubled:
        finding_words.rows_in_words(coordinator, conflict, rows + rows)
    assert len(rows) > 20 and len(statements) <= 10
    assert len(doubled) == len(statements)


def names(**given: Any) -> Names:
    """Names for unit tests of the wording."""
    return Names(**{"coordinates": True, **given})


def finding(code: str, inputs: dict[str, Any], **subjects: Any) -> dict[str, Any]:
    """A finding in `as_dict` shape."""
    return {
        "code": code,
        "message": "Stored sentence.",
        "evidence": {"rule": code, "inputs": inputs, "threshold": {}},
        **subjects,
    }


def test_a_deleted_subject_reads_as_deleted_and_a_hidden_initiative_as_hidden() -> None:
    gap = finding("issue_gap", {"on_track_one_agenda": True}, issue_ids=[4])
    assert finding_words.render(gap, names()).message == (
        "No live initiative covers a deleted issue, although it is on the Track One agenda."
    )
    pair = finding(
        "scope_overlap",
        {"shared_issue_ids": [1], "issue_overlap": 1.0, "regions_compatible": True},
        initiative_ids=[3, 7],
    )
    worded = finding_words.render(
        pair, names(titles={3: "Wells dialogue"}, existing=frozenset({3, 7}), issues={1: "water"})
    )
    assert worded.message.startswith("Wells dialogue and an initiative you may not see run")
    assert "issues in common: water" in worded.evidence
    assert worded.initiatives == ((3, "Wells dialogue"), (7, None))


def test_evidence_reads_as_sentences() -> None:
    pair = finding(
        "shared_participants",
        {
            "shared_issue_ids": [1, 2],
            "shared_track_one_body_ids": [5],
            "shared_people": 3,
            "matched_people": 5,
            "participant_overlap": 0.6,
            "same_mode": True,
        },
        initiative_ids=[3, 7],
    )
    known = names(
        titles={3: "A", 7: "B"},
        issues={1: "water", 2: "grazing"},
        bodies={5: "the Joint envoy office"},
        with_rows=frozenset({3, 7}),
    )
    worded = finding_words.render(pair, known)
    assert worded.message == "A and B run at the same time with 3 people in common."
    for sentence in (
        "issues in common: water, grazing",
        "both brief the Joint envoy office",
        "shares 3 of 5 matched people",
    ):
        assert sentence in worded.evidence


def test_legal_risk_names_the_entity_and_its_list_and_the_person_by_alias() -> None:
    risk = finding(
        "legal_risk",
        {
            "matches": [
                {"person_ref": "r1", "entity_id": 9, "list_name": "x", "jurisdictions": ["US"]}
            ]
        },
        initiative_ids=[3],
    )
    known = names(
        titles={3: "A"},
        people={"r1": PersonName(12, "P-HERON")},
        entities={9: Entity("River Front", "Demo list")},
    )
    worded = finding_words.render(risk, known)
    assert "River Front (Demo list)" in worded.message
    assert "P-HERON: affiliation matches River Front (Demo list), binding US" in worded.evidence
    unseen = finding_words.render(risk, names(titles={3: "A"}, entities=known.entities))
    assert "P-HERON" not in " ".join(texts(unseen)) and "a participant" in unseen.evidence[0]


def test_a_finding_missing_an_input_keeps_its_stored_sentence() -> None:
    broken = finding("one_sided", {}, initiative_ids=[3])
    assert finding_words.render(broken, names(titles={3: "A"})).message == "Stored sentence."
