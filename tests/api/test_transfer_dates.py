"""A transfer is recorded once delivered: `delivered_on` after today (UTC) is a 422 (SPEC 2)."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask
from flask.testing import FlaskClient

from registry.services.analysis import today
from tests.factories import (
    OrganisationFactory,
    channel,
    editor_of,
    initiative_on,
    one_transaction,
    scope,
)
from tests.helpers import assert_error, bearer_for, row_counts


def test_a_transfer_delivered_tomorrow_is_refused_and_today_accepted(
    app: Flask, client: FlaskClient
) -> None:
    with one_transaction():
        ngo = OrganisationFactory()
        where = scope()
        initiative = initiative_on(where, ngo.id)
        route = channel(initiative.id, where.body.id)
        headers = bearer_for(editor_of(ngo.id))
    url = f"/api/v1/initiatives/{initiative.id}/transfers"
    body = {"channel_id": route.id, "title": "Memo", "kind": "briefing"}
    before = row_counts()

    late = client.post(
        url,
        json={**body, "delivered_on": (today() + timedelta(days=1)).isoformat()},
        headers=headers,
    )

    assert_error(late, 422, "delivered_on")
    assert row_counts() == before
    made = client.post(url, json={**body, "delivered_on": today().isoformat()}, headers=headers)
    assert made.status_code == 201, made.get_json()
    moved = client.patch(
        f"/api/v1/transfers/{made.get_json()['id']}",
        json={"delivered_on": (today() + timedelta(days=30)).isoformat()},
        headers=headers,
    )
    assert_error(moved, 422, "delivered_on")
