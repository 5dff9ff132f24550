"""Rounds and transfers: PATCH keeps what it omits; a rule answers alike in the API and form."""

from __future__ import annotations

import html

import pytest
from flask import Flask
from flask.testing import FlaskClient

from registry.extensions import db
from registry.services import rounds
from registry.services.inputs import build
from registry.services.inputs.calendar import RoundChanges
from tests.calendar.world import calendar_world, deliver
from tests.factories import SYSTEM
from tests.helpers import sign_in_as
from tests.world import World


@pytest.fixture
def world(app: Flask) -> World:
    made = calendar_world()
    rounds.update(SYSTEM, made.round.id, build(RoundChanges, {"notes": "At the envoy's office"}))
    return made


def patch(client: FlaskClient, world: World, body: dict[str, object]) -> dict:
    response = client.patch(
        f"/api/v1/rounds/{world.round.id}", json=body, headers=world.headers["coordinator"]
    )
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_patch_leaving_notes_out_keeps_them(world: World, client: FlaskClient) -> None:
    body = patch(client, world, {"status": "postponed"})

    assert body["status"] == "postponed"
    assert body["notes"] == "At the envoy's office"


def test_patch_sending_null_notes_clears_them(world: World, client: FlaskClient) -> None:
    body = patch(client, world, {"notes": None})

    assert body["notes"] is None
    assert body["title"] == "Fourth round"


FORM = {"title": "Fifth round", "starts_on": "2027-01-10", "ends_on": "2027-01-12"}
RULES = [
    ({"ends_on": "2027-01-01"}, "ends_on", "A round cannot end before it starts."),
    ({"no_bodies": True}, "track_one_body_ids", "Name at least one Track One body that meets."),
]


def _api_errors(client: FlaskClient, world: World, change: dict) -> dict:
    body = {**FORM, "status": "planned", "track_one_body_ids": [world.where.body.id], **change}
    if body.pop("no_bodies", False):
        body["track_one_body_ids"] = []
    response = client.post(
        f"/api/v1/conflicts/{world.where.conflict.id}/rounds",
        json=body,
        headers=world.headers["coordinator"],
    )
    assert response.status_code == 422
    return response.get_json()["errors"]["json"]


def _form_page(client: FlaskClient, world: World, change: dict) -> str:
    sign_in_as(client, world.users["coordinator"])
    data = {**FORM, "status": "planned", "track_one_body_ids": [str(world.where.body.id)]}
    data.update(change)
    if data.pop("no_bodies", False):
        del data["track_one_body_ids"]
    response = client.post(f"/conflicts/{world.where.conflict.id}/rounds/new", data=data)
    assert response.status_code == 422
    return html.unescape(response.get_data(as_text=True))


@pytest.mark.parametrize(("change", "field", "message"), RULES)
def test_a_round_rule_answers_the_same_message_in_the_api_and_the_form(
    world: World, client: FlaskClient, change: dict, field: str, message: str
) -> None:
    errors = _api_errors(client, world, change)
    db.session.rollback()
    page = _form_page(client, world, change)

    assert errors == {field: [message]}
    assert message in page


def _patch_transfer(client: FlaskClient, world: World, body: dict[str, object]) -> dict:
    event = deliver(
        world.public, world.channels["registry"], "Grazing memo", round_id=world.round.id
    )
    response = client.patch(
        f"/api/v1/transfers/{event.id}", json=body, headers=world.headers["editor"]
    )
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_transfer_patch_leaving_round_out_keeps_it(world: World, client: FlaskClient) -> None:
    body = _patch_transfer(client, world, {"title": "Grazing memo, revised"})

    assert (body["title"], body["round_id"]) == ("Grazing memo, revised", world.round.id)


def test_transfer_patch_sending_null_round_clears_it(world: World, client: FlaskClient) -> None:
    body = _patch_transfer(client, world, {"round_id": None})

    assert (body["title"], body["round_id"]) == ("Grazing memo", None)
