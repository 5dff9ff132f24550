"""API lists read through readers' listings: their records' relations load per page, not per row."""

from __future__ import annotations

from datetime import date

from flask import Flask
from flask.testing import FlaskClient

from registry.services import transfers
from registry.services.inputs import build
from registry.services.inputs.engagement import TransferInput
from tests.factories import (
    SYSTEM,
    OrganisationFactory,
    channel,
    editor_of,
    initiative_on,
    one_transaction,
    scope,
)
from tests.helpers import bearer_for, counted


def _queries(client: FlaskClient, path: str, headers: dict[str, str]) -> int:
    client.get(path, headers=headers)  # warm: first-use look-ups
    with counted() as seen:
        response = client.get(path, headers=headers)
    assert response.status_code == 200
    return len(seen)


def test_the_users_list_reads_coordinated_conflicts_per_page(
    app: Flask, client: FlaskClient
) -> None:
    with one_transaction():
        ngo = OrganisationFactory()
        admin = editor_of(ngo.id, role="org_admin")
        for _ in range(2):
            editor_of(ngo.id)
    headers = bearer_for(admin)
    few = _queries(client, "/api/v1/users", headers)
    with one_transaction():
        for _ in range(10):
            editor_of(ngo.id)
    response = client.get("/api/v1/users", headers=headers)
    assert len(response.get_json()) == 13
    assert _queries(client, "/api/v1/users", headers) == few


def _deliver(initiative_id: int, channel_id: int, issue_id: int, number: int) -> None:
    data = {
        "channel_id": channel_id,
        "title": f"Brief {number}",
        "kind": "briefing",
        "delivered_on": date(2026, 3, 1),
        "issue_ids": [issue_id],
    }
    transfers.create(SYSTEM, initiative_id, build(TransferInput, data))


def test_the_transfers_list_reads_issues_per_page(app: Flask, client: FlaskClient) -> None:
    with one_transaction():
        ngo = OrganisationFactory()
        editor = editor_of(ngo.id)
        where = scope()
        initiative = initiative_on(where, ngo.id)
        through = channel(initiative.id, where.body.id)
        for number in range(2):
            _deliver(initiative.id, through.id, where.issue.id, number)
    headers = bearer_for(editor)
    path = f"/api/v1/initiatives/{initiative.id}/transfers"
    few = _queries(client, path, headers)
    with one_transaction():
        for number in range(2, 12):
            _deliver(initiative.id, through.id, where.issue.id, number)
    response = client.get(path, headers=headers)
    assert [item["issue_ids"] for item in response.get_json()] == [[where.issue.id]] * 12
    assert _queries(client, path, headers) == few
