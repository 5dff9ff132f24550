"""Stored findings of timing and transfer: round_ids, the round_id filter, the re-open
exception of SPEC 8, and what readers other than coordinators get."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient

from registry.extensions import db
from registry.models import Finding
from registry.services import analysis, rounds
from registry.services.inputs import build
from registry.services.inputs.calendar import RoundChanges
from tests.calendar.world import calendar_world, deliver
from tests.factories import SYSTEM, reference
from tests.world import World


@pytest.fixture
def world(app: Flask) -> World:
    made = calendar_world()
    today = analysis.today()
    uncovered = reference("issue", made.where.conflict.id, name="Cattle raids")
    rounds.update(
        SYSTEM,
        made.round.id,
        build(
            RoundChanges,
            {
                "starts_on": today + timedelta(days=20),
                "ends_on": today + timedelta(days=22),
                "agenda_issue_ids": [made.where.issue.id, uncovered.id],
            },
        ),
    )
    return made


def findings(world: World, client: FlaskClient, who: str, **query: object) -> list[dict]:
    response = client.get(
        f"/api/v1/conflicts/{world.where.conflict.id}/findings",
        query_string={"page_size": 500, **query},
        headers=world.headers[who],
    )
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_coordinator_gets_stored_agenda_findings_with_round_ids(
    world: World, client: FlaskClient
) -> None:
    found = findings(world, client, "coordinator", round_id=world.round.id)

    assert sorted(f["code"] for f in found) == ["agenda_uncovered", "agenda_undelivered"]
    assert all(f["round_ids"] == [world.round.id] and f["id"] for f in found)


def test_round_id_filter_keeps_only_that_rounds_findings(world: World, client: FlaskClient) -> None:
    found = findings(world, client, "coordinator", round_id=world.round.id + 1)

    assert found == []


def test_a_dismissed_agenda_finding_opens_again_when_a_new_issue_is_uncovered(
    world: World, client: FlaskClient
) -> None:
    stored = next(
        f for f in findings(world, client, "coordinator") if f["code"] == "agenda_uncovered"
    )
    client.patch(
        f"/api/v1/findings/{stored['id']}",
        json={"status": "dismissed", "status_reason": "Raids are for the police."},
        headers=world.headers["coordinator"],
    )
    analysis.refresh(world.where.conflict.id)
    still = db.session.get(Finding, stored["id"])
    db.session.refresh(still)
    assert still.status == "dismissed"

    extra = reference("issue", world.where.conflict.id, name="Firearms")
    agenda = [*world.round.agenda_issue_ids, extra.id]
    rounds.update(SYSTEM, world.round.id, build(RoundChanges, {"agenda_issue_ids": agenda}))
    analysis.refresh(world.where.conflict.id)
    db.session.refresh(still)

    assert still.status == "open"


def test_a_member_gets_agenda_uncovered_only(world: World, client: FlaskClient) -> None:
    found = findings(world, client, "stranger")
    codes = {f["code"] for f in found}

    assert "agenda_uncovered" in codes
    assert codes & {"agenda_undelivered", "unacknowledged_transfer", "competing_proposals"} == set()


def test_a_sponsor_gets_agenda_undelivered_from_its_own_transfer_lists(
    world: World, client: FlaskClient
) -> None:
    before = {f["code"] for f in findings(world, client, "editor")}
    deliver(world.public, world.channels["registry"], "Water proposal", issue_ids=[])

    assert "agenda_undelivered" in before
    assert "agenda_uncovered" in before


def test_findings_in_words_name_the_round_by_title_and_dates(
    world: World, client: FlaskClient
) -> None:
    from registry.models import User
    from registry.readers.finding_words import in_words

    coordinator = db.session.get(User, world.users["coordinator"].id)
    found = [f for f in findings(world, client, "coordinator") if f["code"] == "agenda_uncovered"]
    worded = in_words(coordinator, world.where.conflict, found)[0]

    assert worded.message.startswith(
        "No live initiative covers Cattle raids, on the agenda of Fourth round ("
    )
    assert any("agenda of Fourth round" in sentence for sentence in worded.evidence)
    assert f"round {world.round.id}" not in worded.message.lower()


def test_rival_proposals_are_their_own_kind_of_edge_on_the_map(
    world: World, client: FlaskClient
) -> None:
    from datetime import date

    from tests.factories import OrganisationFactory, channel, initiative_on

    rival_org = OrganisationFactory(name="Rival Mediation Group")
    rival = initiative_on(world.where, rival_org.id, title="Rival Pasture Talks")
    route = channel(rival.id, world.where.body.id)
    recent = analysis.today() - timedelta(days=10)
    deliver(
        rival, route, "Rival grazing plan", delivered_on=recent, issue_ids=[world.where.issue.id]
    )
    deliver(
        world.public,
        world.channels["registry"],
        "Our grazing plan",
        delivered_on=date.fromordinal(recent.toordinal() - 20),
        issue_ids=[world.where.issue.id],
    )

    response = client.get(
        f"/api/v1/conflicts/{world.where.conflict.id}/overlap-map?format=cytoscape",
        headers=world.headers["coordinator"],
    )
    edges = [edge["data"] for edge in response.get_json()["elements"]["edges"]]
    rivals = [edge for edge in edges if edge["kind"] == "competing_proposals"]

    assert [(e["source"], e["target"]) for e in rivals] == [
        (str(min(world.public.id, rival.id)), str(max(world.public.id, rival.id)))
    ]
    overlap = [e for e in edges if e["kind"] == "overlap"]
    assert {e["code"] for e in overlap} <= {
        "competing_channel",
        "duplicate_initiative",
        "scope_overlap",
        "shared_participants",
    }
