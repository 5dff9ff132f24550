"""The demo's coverage, counted again here from the registered data, for each kind of reader."""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

import pytest
import sqlalchemy as sa

from registry.extensions import db
from registry.models import (
    Conflict,
    Initiative,
    Organisation,
    Participation,
    TransferChannel,
    User,
)
from registry.services import analysis
from tests.factories import OrganisationFactory, editor_of
from tests.helpers import bearer_for, sign_in_as
from tests.world import load_demo

LIVE = ("planned", "active")


@pytest.fixture
def loaded(app) -> dict[str, Any]:
    """The demo, its donor's viewer, its coordinator and a donor that funds nothing."""
    by_email = load_demo()
    stranger = OrganisationFactory(kind="donor", name="Donor funding nothing")
    return {
        "donor": by_email["viewer.northwind@demo.example.org"],
        "coordinator": by_email["coordinator@demo.example.org"],
        "stranger": editor_of(stranger.id, role="viewer"),
        "baringo": db.session.scalar(sa.select(Conflict).filter_by(slug="baringo-turkana")),
    }


def counted_for(user: User | None, conflict: Conflict) -> tuple[list[Initiative], set[int]]:
    """Live initiatives counted for a reader (None: a coordinator), and those it may see."""
    today = analysis.today()
    rows = db.session.scalars(sa.select(Initiative).filter_by(conflict_id=conflict.id)).all()
    live = [i for i in rows if i.status in LIVE and (i.end_date is None or i.end_date >= today)]
    if user is None:
        return live, {i.id for i in live}
    org = user.organisation_id

    def sees(i: Initiative) -> bool:
        funds = org in {f.id for f in i.funders}
        return (
            i.sponsor_id == org
            or i.confidentiality in ("public", "registry")
            or (i.confidentiality == "restricted" and funds)
        )

    kept = [i for i in live if sees(i) or i.confidentiality == "restricted"]
    return kept, {i.id for i in kept if sees(i)}


def expected_matrix(
    covering: dict[tuple[int, int], set[int]], visible: set[int]
) -> tuple[dict[str, dict[str, Any]], bool]:
    """Cells as SPEC 3 shows them, and whether any is suppressed."""
    cells: dict[str, dict[str, Any]] = defaultdict(dict)
    withheld = False
    for (row, column), ids in covering.items():
        small = bool(ids - visible) and len(ids) < 5
        withheld |= small
        cells[str(row)][str(column)] = "< 5" if small else len(ids)
    return dict(cells), withheld


def issues_by_parties(initiatives: list[Initiative]) -> dict[tuple[int, int], set[int]]:
    """Issue x party -> live initiatives on the issue with participants of the party."""
    covering: dict[tuple[int, int], set[int]] = defaultdict(set)
    for initiative in initiatives:
        parties = db.session.scalars(
            sa.select(Participation.party_id).filter_by(initiative_id=initiative.id)
        ).all()
        for issue in initiative.issues:
            for party in {p for p in parties if p is not None}:
                covering[(issue.id, party)].add(initiative.id)
    return covering


def issues_by_bodies(initiatives: list[Initiative]) -> dict[tuple[int, int], set[int]]:
    """Issue x Track One body -> live initiatives on the issue with a channel to the body."""
    covering: dict[tuple[int, int], set[int]] = defaultdict(set)
    for initiative in initiatives:
        bodies = db.session.scalars(
            sa.select(TransferChannel.track_one_body_id).filter_by(initiative_id=initiative.id)
        ).all()
        for issue in initiative.issues:
            for body in set(bodies):
                covering[(issue.id, body)].add(initiative.id)
    return covering


def coverage(client, user: User, conflict: Conflict) -> dict[str, Any]:
    response = client.get(f"/api/v1/conflicts/{conflict.id}/coverage", headers=bearer_for(user))
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def check(client, loaded: dict[str, Any], who: str, conflict: Conflict) -> dict[str, Any]:
    """Compare the API's coverage for one reader with the counts computed here."""
    user = loaded[who]
    initiatives, visible = counted_for(None if who == "coordinator" else user, conflict)
    data = coverage(client, user, conflict)
    for name, covering in (
        ("issues_by_parties", issues_by_parties(initiatives)),
        ("issues_by_track_one_bodies", issues_by_bodies(initiatives)),
    ):
        cells, withheld = expected_matrix(covering, visible)
        assert data[name]["cells"] == cells, name
        assert ("total" in data[name]) is not withheld
        if not withheld:
            assert data[name]["total"] == len(set().union(*covering.values()))
    funded = {i.id for i in initiatives if i.funders}
    shares: dict[int, set[int]] = defaultdict(set)
    for initiative in initiatives:
        for funder in initiative.funders:
            shares[funder.id].add(initiative.id)
    small = any(ids - visible and len(ids) < 5 for ids in shares.values())
    assert data["funders"].get("funded") == (None if small else len(funded))
    return data


def test_the_demo_coordinators_coverage_equals_the_registered_data(client, loaded) -> None:
    for conflict in db.session.scalars(sa.select(Conflict)):
        data = check(client, loaded, "coordinator", conflict)
        assert "< 5" not in str(data)


def test_a_donor_funding_the_restricted_initiative_sees_its_cells(client, loaded) -> None:
    data = check(client, loaded, "donor", loaded["baringo"])
    assert "< 5" not in str(data["issues_by_parties"])
    assert "total" in data["issues_by_parties"] and "funded" in data["funders"]


def test_a_donor_funding_nothing_sees_small_cells_suppressed(client, loaded) -> None:
    data = check(client, loaded, "stranger", loaded["baringo"])
    assert "< 5" in str(data["issues_by_parties"]["cells"])
    assert "total" not in data["issues_by_parties"] and "funded" not in data["funders"]


def test_a_readers_gaps_say_what_it_may_see_and_come_most_severe_first(client, loaded) -> None:
    gaps = coverage(client, loaded["stranger"], loaded["baringo"])["gaps"]
    ranks = [("high", "medium", "low", "info").index(gap["severity"]) for gap in gaps]
    assert ranks == sorted(ranks)
    assert gaps and all("you may see" in gap["message"] for gap in gaps)


def test_the_donors_organisation_is_a_funder_in_the_demo(loaded) -> None:
    northwind = db.session.get(Organisation, loaded["donor"].organisation_id)
    assert northwind is not None and northwind.kind == "donor"


def test_the_coverage_page_names_each_gap(client, loaded) -> None:
    sign_in_as(client, loaded["stranger"])
    html = client.get(f"/conflicts/{loaded['baringo'].id}/coverage").get_data(as_text=True)
    assert "you may see" in html and "heat-suppressed" in html
    assert not re.search(r"(issue|region|body) \d+", html)
