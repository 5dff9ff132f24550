"""The findings API speaks in names, and filters by initiative, sponsor and issue."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from registry.extensions import db
from registry.models import Finding
from tests.factories import reference
from tests.helpers import api_findings, bearer_for
from tests.world import World, overlapping_pair


@pytest.fixture
def world(app) -> World:
    """Two NGOs' initiatives on one issue, sharing one elder, and an issue nobody covers."""
    made = overlapping_pair("Water sharing", titles=("Wells dialogue", "River talks"))
    return made.adding(grazing=reference("issue", made["conflict"].id, name="Grazing routes"))


def test_messages_name_initiatives_and_issues_and_evidence_keeps_ids(client, world) -> None:
    items = api_findings(client, world.conflict.id, world["coordinator"])
    (pair,) = [
        f
        for f in items
        if f["initiative_ids"] == sorted(f["initiative_ids"]) and len(f["initiative_ids"]) == 2
    ]
    assert "Wells dialogue" in pair["message"] and "River talks" in pair["message"]
    assert pair["evidence"]["inputs"]["shared_issue_ids"] == [world["water"].id]
    (gap,) = [f for f in items if f["code"] == "issue_gap"]
    assert gap["message"] == "No live initiative covers Grazing routes."


def test_a_member_reads_its_gaps_as_what_it_may_see(client, world) -> None:
    (gap,) = [
        f
        for f in api_findings(client, world.conflict.id, world["member"])
        if f["code"] == "issue_gap"
    ]
    assert gap["message"] == "No live initiative you may see covers Grazing routes."
    assert "id" not in gap


def test_filters_by_initiative_sponsor_and_issue(client, world) -> None:
    own, theirs = world["own"], world["theirs"]
    everything = api_findings(client, world.conflict.id, world["coordinator"])
    by_sponsor = api_findings(
        client, world.conflict.id, world["coordinator"], sponsor_id=theirs.sponsor_id
    )
    assert by_sponsor and all(theirs.id in f["initiative_ids"] for f in by_sponsor)
    by_issue = api_findings(
        client, world.conflict.id, world["coordinator"], issue_id=world["grazing"].id
    )
    assert [f["code"] for f in by_issue] == ["issue_gap"]
    by_initiative = api_findings(
        client, world.conflict.id, world["coordinator"], initiative_id=own.id
    )
    assert by_initiative and len(by_initiative) < len(everything)
    refused = client.get(
        f"/api/v1/conflicts/{world['conflict'].id}/findings",
        query_string={"sponsor_id": "x"},
        headers=bearer_for(world["coordinator"]),
    )
    assert refused.status_code == 422 and "sponsor_id" in str(refused.get_json())


def test_the_filters_are_declared_in_openapi(client) -> None:
    spec = client.get("/api/v1/openapi.json").get_json()
    operation = spec["paths"]["/api/v1/conflicts/{conflict_id}/findings"]["get"]
    names = {p["name"] for p in operation["parameters"]}
    assert {"initiative_id", "sponsor_id", "issue_id"} <= names


def test_a_triage_answers_the_finding_in_words(client, world) -> None:
    api_findings(client, world.conflict.id, world["coordinator"])
    db.session.rollback()
    gap = db.session.scalars(sa.select(Finding).filter_by(code="issue_gap")).one()
    response = client.patch(
        f"/api/v1/findings/{gap.id}",
        json={"status": "acknowledged"},
        headers=bearer_for(world["coordinator"]),
    )
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["message"] == "No live initiative covers Grazing routes."


def test_coverage_gaps_speak_in_names(client, world) -> None:
    response = client.get(
        f"/api/v1/conflicts/{world['conflict'].id}/coverage",
        headers=bearer_for(world["member"]),
    )
    messages = [gap["message"] for gap in response.get_json()["gaps"]]
    assert "No live initiative you may see covers Grazing routes." in messages
