"""The demo data set: it loads through the services, once, and keeps names encrypted."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, tzinfo
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask

from registry import demo
from registry.demo.participants import PEOPLE
from registry.extensions import db
from registry.identity import name_skeleton
from registry.models import (
    Base,
    Conflict,
    CoordinationLink,
    Initiative,
    Issue,
    Person,
    TransferEvent,
)
from registry.services import conflicts, coordination, initiatives
from tests.helpers import SYSTEM


def _table_counts() -> dict[str, int]:
    """Return the number of rows of every table."""
    return {
        table.name: db.session.scalar(sa.select(sa.func.count()).select_from(table))
        for table in Base.metadata.sorted_tables
    }


def test_demo_loads_and_reports_what_it_created(app: Flask) -> None:
    summary = demo.load()

    assert summary["created"] > 0
    assert summary["existing"] == 0


def test_demo_loaded_twice_creates_nothing_more(app: Flask) -> None:
    demo.load()
    before = _table_counts()

    second = demo.load()

    assert second["created"] == 0
    assert second["existing"] > 0
    assert _table_counts() == before


def test_demo_load_is_all_or_nothing(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the last step fails")

    monkeypatch.setattr(coordination, "decide", fail)

    with pytest.raises(RuntimeError):
        demo.load()

    assert set(_table_counts().values()) == {0}


def test_demo_reload_later_keeps_the_dates_of_the_first_load(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    demo.load()
    caravan = db.session.scalar(sa.select(Initiative).filter_by(external_id="DEMO-BT-05"))
    dates = (caravan.start_date, caravan.end_date)
    initiatives.delete(SYSTEM, caravan.id)

    class _Later(datetime):
        @classmethod
        def now(cls, tz: tzinfo | None = None) -> _Later:
            return cls.fromtimestamp(datetime.now(tz).timestamp() + 30 * 86400, tz)

    monkeypatch.setattr("registry.demo.loader.datetime", _Later)
    summary = demo.load()

    again = db.session.scalar(sa.select(Initiative).filter_by(external_id="DEMO-BT-05"))
    assert summary["created"] == 1 + 3  # the initiative and its three participations
    assert (again.start_date, again.end_date) == dates


def test_demo_has_two_conflicts_with_baringo_turkana(app: Flask) -> None:
    demo.load()

    slugs = set(db.session.scalars(sa.select(Conflict.slug)))

    assert len(slugs) >= 2
    assert "baringo-turkana" in slugs


def test_demo_initiatives_cover_every_confidentiality_level(app: Flask) -> None:
    demo.load()

    levels = Counter(db.session.scalars(sa.select(Initiative.confidentiality)))

    assert sum(levels.values()) >= 8
    assert set(levels) == {"public", "registry", "restricted", "sealed"}


def test_demo_has_a_public_baringo_turkana_initiative(app: Flask) -> None:
    demo.load()
    conflict = conflicts.find_by_slug("baringo-turkana")

    public = db.session.scalars(
        sa.select(Initiative).filter_by(conflict_id=conflict.id, confidentiality="public")
    ).all()

    assert public


def test_demo_has_an_agreed_coordination_link(app: Flask) -> None:
    demo.load()

    agreed = db.session.scalars(sa.select(CoordinationLink).filter_by(status="agreed")).all()

    assert len(agreed) == 1


def test_demo_has_acknowledged_and_unacknowledged_transfers(app: Flask) -> None:
    demo.load()

    evidence = Counter(db.session.scalars(sa.select(TransferEvent.evidence)))
    confirmers = Counter(db.session.scalars(sa.select(TransferEvent.confirmed_as)))

    assert evidence["acknowledged"] == 2
    assert evidence["claimed"] >= 2
    assert confirmers["focal_point"] == 1 and confirmers["coordinator"] == 1


def test_demo_fires_the_five_codes_of_timing_and_transfer(app: Flask) -> None:
    from registry.models import TrackOneRound
    from registry.services import analysis

    demo.load()
    fired: set[str] = set()
    for conflict in db.session.scalars(sa.select(Conflict)):
        fired |= {f.code for f in analysis.evaluate(conflict, analysis.today()).findings}
    statuses = set(db.session.scalars(sa.select(TrackOneRound.status)))

    assert {
        "agenda_uncovered",
        "agenda_undelivered",
        "transfer_drought",
        "unacknowledged_transfer",
        "competing_proposals",
    } <= fired
    assert {"planned", "held"} <= statuses


def test_demo_prints_the_focal_point_account(app: Flask) -> None:
    result = app.test_cli_runner().invoke(args=["registry", "demo"])

    assert "focal.peace@demo.example.org" in result.output
    assert "demo-focal-point-2026" in result.output


def test_demo_people_of_two_organisations_share_a_fingerprint(app: Flask) -> None:
    demo.load()

    rows = db.session.execute(sa.select(Person.name_fingerprint, Person.organisation_id)).all()
    organisations_by_fingerprint: dict[str, set[int]] = {}
    for fingerprint, organisation_id in rows:
        organisations_by_fingerprint.setdefault(fingerprint, set()).add(organisation_id)

    shared = [orgs for orgs in organisations_by_fingerprint.values() if len(orgs) > 1]
    assert len(shared) >= 2


def test_demo_spelling_variants_share_a_skeleton_and_birth_year() -> None:
    by_skeleton: dict[str, set[tuple[str, int | None]]] = {}
    for person in PEOPLE:
        by_skeleton.setdefault(name_skeleton(person.full_name), set()).add(
            (person.organisation, person.birth_year)
        )

    matched = {skeleton: rows for skeleton, rows in by_skeleton.items() if len(rows) > 1}

    assert "ysf hd" in matched  # "Yusuf Haddad" and "يوسف حداد"
    for rows in matched.values():
        assert len({organisation for organisation, _ in rows}) == len(rows)
        assert len({year for _, year in rows}) == 1


def test_demo_every_issue_keeps_its_agenda_flag(app: Flask) -> None:
    demo.load()

    flagged = db.session.scalars(sa.select(Issue.name).filter_by(on_track_one_agenda=True)).all()

    assert "Land and county boundaries" in flagged


def test_demo_command_prints_every_account(app: Flask) -> None:
    result = app.test_cli_runner().invoke(args=["registry", "demo"])

    assert result.exit_code == 0, result.output
    for account in demo.ACCOUNTS:
        assert account.email in result.output
        assert account.password in result.output


def test_demo_accounts_have_long_passwords() -> None:
    assert all(len(account.password) >= 12 for account in demo.ACCOUNTS)
    assert len({account.email for account in demo.ACCOUNTS}) == len(demo.ACCOUNTS)


def test_demo_command_is_refused_in_production(app: Flask) -> None:
    app.config["ENV"] = "production"
    try:
        result = app.test_cli_runner().invoke(args=["registry", "demo"])
    finally:
        app.config["ENV"] = "testing"

    assert result.exit_code != 0
    assert "refused" in result.output
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Initiative)) == 0


def test_demo_stores_no_participant_name_in_plaintext(app: Flask) -> None:
    if db.engine.dialect.name != "sqlite":
        pytest.skip("reads the SQLite database file")
    demo.load()
    db.session.close()
    database = Path(db.engine.url.database or "")

    stored = b"".join(
        path.read_bytes()
        for path in (database, database.with_name(database.name + "-wal"))
        if path.exists()
    )

    assert b"Kerio Valley water-point dialogues" in stored  # the bytes hold the data
    for person in PEOPLE:
        assert person.full_name.encode() not in stored, person.alias
