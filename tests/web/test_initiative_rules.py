"""An initiative's rules answer alike in the API and the form; PATCH keeps what it omits."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from registry.extensions import db
from registry.models import Initiative
from tests.factories import initiative_on
from tests.helpers import bearer_for, signed_in
from tests.helpers.forms import scope_form
from tests.world import World, two_ngos_in_the_valley


@pytest.fixture
def world(app: Flask) -> World:
    """Two NGOs on one conflict, each with an editor."""
    return two_ngos_in_the_valley()


RULES = [
    ({"end_date": "2026-01-01"}, "end_date", "The end date must not be before the start date."),
    ({"issue_ids": []}, "issue_ids", "Choose at least one issue."),
]


def _api_errors(client: FlaskClient, world: World, change: dict[str, Any]) -> dict[str, Any]:
    form = scope_form(world.where, **change)
    body: dict[str, Any] = {
        name: value for name, value in form.items() if name not in ("issue_ids", "region_ids")
    }
    body["conflict_id"] = world.where.conflict.id
    body["issue_ids"] = [int(i) for i in form["issue_ids"]]
    response = client.post("/api/v1/initiatives", json=body, headers=bearer_for(world.editor))
    assert response.status_code == 422, response.get_json()
    return response.get_json()["errors"]["json"]


def _form_error(client: FlaskClient, world: World, change: dict[str, Any], field: str) -> str:
    form = scope_form(world.where, **change)
    response = signed_in(client, world.editor).post("/initiatives/", data=form)
    assert response.status_code == 422
    found = re.search(
        rf'<div id="{field}-error" class="invalid-feedback d-block">([^<]*)<',
        response.get_data(as_text=True),
    )
    assert found, f"no error beside {field}"
    return html.unescape(found.group(1))


@pytest.mark.parametrize(("change", "field", "message"), RULES)
def test_an_initiative_rule_answers_the_same_message_in_the_api_and_the_form(
    world: World, client: FlaskClient, change: dict[str, Any], field: str, message: str
) -> None:
    errors = _api_errors(client, world, change)
    form_message = _form_error(client, world, change, field)

    assert errors == {field: [message]}
    assert form_message == message


def _patched(client: FlaskClient, world: World, body: dict[str, Any]) -> Initiative:
    initiative = initiative_on(world.where, world.ours.id, summary="Upland wells")
    response = client.patch(
        f"/api/v1/initiatives/{initiative.id}", json=body, headers=bearer_for(world.editor)
    )
    assert response.status_code == 200, response.get_json()
    db.session.rollback()
    db.session.expire_all()  # the factory's commit left no transaction for rollback to end
    return db.session.get_one(Initiative, initiative.id)


def test_initiative_patch_leaving_summary_out_keeps_it(world: World, client: FlaskClient) -> None:
    stored = _patched(client, world, {"status": "active"})

    assert (stored.status, stored.summary) == ("active", "Upland wells")


def test_initiative_patch_sending_null_summary_clears_it(world: World, client: FlaskClient) -> None:
    stored = _patched(client, world, {"summary": None})

    assert stored.summary is None
    assert stored.issue_ids == [world.where.issue.id]
