"""A conflict's reference data, edited by its coordinators, and the evidence of transfers."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from registry.extensions import db
from registry.models import Conflict, Issue, Party, TransferEvent
from registry.services import transfers
from registry.services.inputs import build
from registry.services.inputs.engagement import TransferChanges, TransferInput
from tests.factories import (
    SYSTEM,
    OrganisationFactory,
    channel,
    initiative_on,
)
from tests.helpers import PASSWORD, signed_in
from tests.world import World, build_world, member, org, place


@pytest.fixture
def desk(app: Flask) -> World:
    """A conflict, one of its coordinators and an NGO editor."""
    return build_world(
        scopes={"where": place(name="Valley conflict")},
        organisations={"hub": org(), "ngo": org()},
        users={
            "coordinator": member("hub", role="viewer", coordinates=("where",), password=PASSWORD),
            "editor": member("ngo", password=PASSWORD),
        },
    )


def url(desk: World, tail: str = "") -> str:
    return f"/conflicts/{desk.where.conflict.id}/reference{tail}"


def test_anyone_signed_in_reads_the_reference_data_without_forms(
    desk: World, client: FlaskClient
) -> None:
    page = signed_in(client, desk.editor).get(url(desk)).get_data(as_text=True)

    assert desk.where.party.name in page
    assert desk.where.body.name in page
    assert "Add a party" not in page
    assert client.get("/reference").status_code == 200


def test_coordinator_adds_a_party(desk: World, client: FlaskClient) -> None:
    form = {"name": "Riverbank Front", "kind": "non_state_armed", "potential_spoiler": "y"}

    response = signed_in(client, desk.coordinator).post(url(desk, "/party"), data=form)

    assert response.status_code == 302
    party = db.session.scalar(sa.select(Party).filter_by(name="Riverbank Front"))
    assert party.potential_spoiler is True


def test_a_duplicate_name_is_refused_beside_the_field_of_its_form(
    desk: World, client: FlaskClient
) -> None:
    form = {"name": desk.where.issue.name, "description": "Again"}

    response = signed_in(client, desk.coordinator).post(url(desk, "/issue"), data=form)

    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert '<div id="issue-name-error" class="invalid-feedback d-block">' in page
    assert "This conflict already has an issue of this name." in page


def test_coordinator_records_the_state_of_the_official_track(
    desk: World, client: FlaskClient
) -> None:
    form = {"track_one_status": "stalled", "escalation_stage": "segregation", "version": ""}

    response = signed_in(client, desk.coordinator).post(url(desk, "/status"), data=form)

    assert response.status_code == 302
    db.session.expire_all()
    conflict = db.session.get(Conflict, desk.where.conflict.id)
    assert (conflict.track_one_status, conflict.escalation_stage) == ("stalled", "segregation")


def test_coordinator_edits_an_issue(desk: World, client: FlaskClient) -> None:
    path = f"/reference/issue/{desk.where.issue.id}/edit"
    signed_in(client, desk.coordinator)
    assert desk.where.issue.name in client.get(path).get_data(as_text=True)

    response = client.post(path, data={"name": "Water", "on_track_one_agenda": "y"})

    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Issue, desk.where.issue.id).on_track_one_agenda is True


def test_deleting_an_issue_in_use_is_refused_with_a_reason(
    desk: World, client: FlaskClient
) -> None:
    initiative_on(desk.where, OrganisationFactory().id)

    response = signed_in(client, desk.coordinator).post(
        f"/reference/issue/{desk.where.issue.id}/delete", follow_redirects=True
    )

    assert "still referred to" in response.get_data(as_text=True)
    assert db.session.get(Issue, desk.where.issue.id) is not None


def test_others_may_not_change_reference_data(desk: World, client: FlaskClient) -> None:
    signed_in(client, desk.editor)

    assert client.post(url(desk, "/region"), data={"name": "Delta"}).status_code == 403
    assert client.get(f"/reference/issue/{desk.where.issue.id}/edit").status_code == 403


def _transfer(desk: World) -> TransferEvent:
    initiative = initiative_on(desk.where, OrganisationFactory().id, confidentiality="sealed")
    route = channel(initiative.id, desk.where.body.id)
    data = {"channel_id": route.id, "title": "Joint framework", "kind": "framework"}
    return transfers.create(
        SYSTEM, initiative.id, build(TransferInput, {**data, "delivered_on": date(2026, 4, 1)})
    )


def test_coordinator_raises_the_evidence_of_a_transfer(desk: World, client: FlaskClient) -> None:
    event = _transfer(desk)
    signed_in(client, desk.coordinator)
    assert "Joint framework" in client.get(f"/conflicts/{desk.where.conflict.id}/transfers").text

    response = client.post(
        f"/transfers/{event.id}/evidence",
        data={"evidence": "documented_uptake", "version": str(event.version)},
    )

    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(TransferEvent, event.id).evidence == "documented_uptake"


def test_transfers_page_names_each_transfers_initiative_and_issues(
    desk: World, client: FlaskClient
) -> None:
    event = _transfer(desk)
    transfers.update(
        SYSTEM,
        event.id,
        build(TransferChanges, {"issue_ids": [desk.where.issue.id]}),
        event.version,
    )
    title = db.session.get(TransferEvent, event.id).initiative.title

    text = (
        signed_in(client, desk.coordinator)
        .get(f"/conflicts/{desk.where.conflict.id}/transfers")
        .text
    )

    assert f">{title}</a>" in text
    assert f"<td>{desk.where.issue.name}</td>" in text
    assert "2026-04-01" in text


def test_only_coordinators_see_the_transfers_page(desk: World, client: FlaskClient) -> None:
    _transfer(desk)

    response = signed_in(client, desk.editor).get(f"/conflicts/{desk.where.conflict.id}/transfers")

    assert response.status_code == 403
