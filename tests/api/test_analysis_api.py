"""The analysis through the API: stored runs, freshness, triage, and what non-coordinators see."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
import sqlalchemy as sa

from registry.extensions import db
from registry.models import AnalysisRun, Finding
from registry.services import conflicts
from registry.services.inputs import build
from registry.services.inputs.conflicts import IssueChanges
from registry.services.inputs.initiatives import InitiativeChanges
from tests.factories import SYSTEM, OrganisationFactory, reference
from tests.helpers import api_findings, bearer_for
from tests.world import World, overlapping_pair


@pytest.fixture
def world(app) -> World:
    """Two NGOs on one conflict with overlapping scope and one person registered by both."""
    return overlapping_pair("Water")


def by_code(items: list[dict[str, Any]], code: str) -> list[dict[str, Any]]:
    return [item for item in items if item["code"] == code]


def test_coordinator_run_answers_the_stored_run_with_metrics(client, world) -> None:
    response = client.post(
        f"/api/v1/conflicts/{world['conflict'].id}/analysis",
        json={},
        headers=bearer_for(world["coordinator"]),
    )
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["id"] and body["as_of"] == date.today().isoformat()
    assert {"overlap_graph", "density", "components", "communities", "coverage"} <= set(
        body["metrics"]
    )


def test_member_cannot_run_the_analysis(client, world) -> None:
    response = client.post(
        f"/api/v1/conflicts/{world['conflict'].id}/analysis",
        json={},
        headers=bearer_for(world["member"]),
    )
    assert response.status_code == 403


def test_anonymous_visitor_gets_401_on_findings(client, world) -> None:
    response = client.get(f"/api/v1/conflicts/{world['conflict'].id}/findings")
    assert response.status_code == 401


def test_coordinator_sees_the_person_matched_across_organisations(client, world) -> None:
    pair = by_code(
        api_findings(client, world.conflict.id, world["coordinator"]), "duplicate_initiative"
    )
    assert [item["initiative_ids"] for item in pair] == [
        sorted([world["own"].id, world["theirs"].id])
    ]
    assert pair[0]["id"] and pair[0]["status"] == "open"


def test_member_findings_never_depend_on_another_organisations_people(client, world) -> None:
    items = api_findings(client, world.conflict.id, world["member"])
    codes = {item["code"] for item in items}
    assert "duplicate_initiative" not in codes and "shared_participants" not in codes
    assert by_code(items, "scope_overlap")[0]["initiative_ids"] == sorted(
        [world["own"].id, world["theirs"].id]
    )
    assert not codes & {"party_gap", "party_pair_gap", "gender_gap", "participant_overload"}
    assert all("id" not in item and item["status"] == "open" for item in items)


def test_findings_are_recomputed_after_a_write_without_asking(client, world) -> None:
    api_findings(client, world.conflict.id, world["coordinator"])
    roads = reference("issue", world["conflict"].id, name="Roads")
    gaps = by_code(api_findings(client, world.conflict.id, world["coordinator"]), "issue_gap")
    assert [item["issue_ids"] for item in gaps] == [[roads.id]]


def test_triage_survives_reruns_and_a_vanished_key_is_resolved_then_reopened(client, world) -> None:
    roads = reference("issue", world["conflict"].id, name="Roads")
    gap = by_code(api_findings(client, world.conflict.id, world["coordinator"]), "issue_gap")[0]
    headers = bearer_for(world["coordinator"])
    answer = client.patch(
        f"/api/v1/findings/{gap['id']}", json={"status": "acknowledged"}, headers=headers
    )
    assert answer.status_code == 200 and answer.get_json()["version"] == 2
    conflicts.update_reference(
        SYSTEM, "issue", roads.id, build(IssueChanges, {"description": "Feeder roads"})
    )
    assert by_code(api_findings(client, world.conflict.id, world["coordinator"]), "issue_gap")[0][
        "status"
    ] == ("acknowledged")
    conflicts.delete_reference(SYSTEM, "issue", roads.id)
    stored = db.session.get(Finding, gap["id"])
    api_findings(client, world.conflict.id, world["coordinator"])
    db.session.refresh(stored)
    assert stored.status == "resolved" and stored.version == 2


def test_dismissing_needs_a_reason(client, world) -> None:
    reference("issue", world["conflict"].id, name="Roads")
    gap = by_code(api_findings(client, world.conflict.id, world["coordinator"]), "issue_gap")[0]
    response = client.patch(
        f"/api/v1/findings/{gap['id']}",
        json={"status": "dismissed"},
        headers=bearer_for(world["coordinator"]),
    )
    assert response.status_code == 422
    assert "status_reason" in response.get_json()["errors"]["json"]


def test_asking_for_resolved_is_refused(client, world) -> None:
    item = api_findings(client, world.conflict.id, world["coordinator"])[0]
    response = client.patch(
        f"/api/v1/findings/{item['id']}",
        json={"status": "resolved"},
        headers=bearer_for(world["coordinator"]),
    )
    assert response.status_code == 422


def test_member_cannot_triage(client, world) -> None:
    item = api_findings(client, world.conflict.id, world["coordinator"])[0]
    response = client.patch(
        f"/api/v1/findings/{item['id']}",
        json={"status": "acknowledged"},
        headers=bearer_for(world["member"]),
    )
    assert response.status_code == 404


def test_evaluation_at_another_date_is_not_stored(client, world) -> None:
    later = (date.today() + timedelta(days=400)).isoformat()
    response = client.post(
        f"/api/v1/conflicts/{world['conflict'].id}/analysis",
        json={"as_of": later},
        headers=bearer_for(world["coordinator"]),
    )
    assert response.status_code == 200
    assert "id" not in response.get_json()
    assert all("id" not in item for item in response.get_json()["findings"])
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AnalysisRun)) == 0


def test_findings_filter_by_code_and_initiative(client, world) -> None:
    items = api_findings(
        client, world.conflict.id, world["coordinator"], initiative_id=world["own"].id
    )
    assert items and all(world["own"].id in item["initiative_ids"] for item in items)
    only = api_findings(
        client, world.conflict.id, world["coordinator"], code="duplicate_initiative"
    )
    assert {item["code"] for item in only} == {"duplicate_initiative"}


def test_overlap_map_exports_cytoscape_gexf_and_graphml(client, world) -> None:
    url = f"/api/v1/conflicts/{world['conflict'].id}/overlap-map"
    headers = bearer_for(world["coordinator"])
    elements = client.get(url, headers=headers).get_json()["elements"]
    assert len(elements["nodes"]) == 2 and elements["edges"][0]["data"]["code"] == (
        "duplicate_initiative"
    )
    gexf = client.get(url, query_string={"format": "gexf"}, headers=headers)
    graphml = client.get(url, query_string={"format": "graphml"}, headers=headers)
    assert b"<gexf" in gexf.data and b"<graphml" in graphml.data


def test_overlap_map_of_a_member_leaves_out_what_it_may_not_see(client, world) -> None:
    from registry.services import initiatives

    initiatives.update(
        SYSTEM, world["theirs"].id, build(InitiativeChanges, {"confidentiality": "sealed"})
    )
    url = f"/api/v1/conflicts/{world['conflict'].id}/overlap-map"
    elements = client.get(url, headers=bearer_for(world["member"])).get_json()["elements"]
    assert [node["data"]["id"] for node in elements["nodes"]] == [str(world["own"].id)]
    assert elements["edges"] == []


def test_coverage_suppresses_small_cells_fed_by_hidden_initiatives(client, world) -> None:
    from registry.services import initiatives

    initiatives.update(
        SYSTEM, world["theirs"].id, build(InitiativeChanges, {"confidentiality": "restricted"})
    )
    url = f"/api/v1/conflicts/{world['conflict'].id}/coverage"
    member = client.get(url, headers=bearer_for(world["member"])).get_json()
    coordinator = client.get(url, headers=bearer_for(world["coordinator"])).get_json()
    water, party = str(world["water"].id), member["issues_by_parties"]["columns"][0]
    assert member["issues_by_parties"]["cells"][water][str(party)] == "< 5"
    assert "total" not in member["issues_by_parties"]
    assert coordinator["issues_by_parties"]["cells"][water][str(party)] == 2
    assert "Canary" not in str(member)


def test_coverage_gives_each_funder_its_count_and_share(client, world) -> None:
    from registry.services import initiatives

    donor = OrganisationFactory(kind="donor")
    initiatives.update(
        SYSTEM, world["own"].id, build(InitiativeChanges, {"funder_ids": [donor.id]})
    )
    url = f"/api/v1/conflicts/{world['conflict'].id}/coverage"
    for who in ("coordinator", "member"):
        funders = client.get(url, headers=bearer_for(world[who])).get_json()["funders"]
        assert funders["funded"] == 1
        assert funders["shares"] == {str(donor.id): {"count": 1, "share": 1.0}}


def test_analyze_command_prints_findings_by_code(app, world) -> None:
    result = app.test_cli_runner().invoke(
        args=["registry", "analyze", "--conflict", world["conflict"].slug]
    )
    assert result.exit_code == 0, result.output
    assert "duplicate_initiative" in result.output and "findings" in result.output


def test_a_coordinators_page_of_findings_is_the_same_slice_the_database_cuts(client, world) -> None:
    everything = api_findings(client, world.conflict.id, world["coordinator"])
    assert len(everything) >= 2
    headers = bearer_for(world["coordinator"])
    url = f"/api/v1/conflicts/{world['conflict'].id}/findings"
    second = client.get(url, query_string={"page_size": 1, "page": 2}, headers=headers)
    assert second.status_code == 200
    assert [item["key"] for item in second.get_json()] == [everything[1]["key"]]
    paging = second.headers["X-Pagination"]
    assert f'"total": {len(everything)}' in paging
    beyond = client.get(url, query_string={"page_size": 1, "page": 99}, headers=headers)
    assert beyond.get_json() == []
    assert f'"total": {len(everything)}' in beyond.headers["X-Pagination"]
