"""/api/v1/conflicts/{id}/coordinators: platform admins assign, list and unassign coordinators."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from registry.extensions import db
from registry.models import AuditEvent, ConflictCoordinator
from tests.factories import ConflictFactory, OrganisationFactory, UserFactory
from tests.helpers import bearer_for


@pytest.fixture
def desk(app: Flask) -> dict[str, Any]:
    ops, hub = (
        OrganisationFactory(name="Registry operators"),
        OrganisationFactory(name="Envoy Unit"),
    )
    return {
        "conflict": ConflictFactory(name="Kerio Valley"),
        "operator": UserFactory(organisation_id=ops.id, role="platform_admin", password=None),
        "org_admin": UserFactory(organisation_id=hub.id, role="org_admin", password=None),
        "candidate": UserFactory(
            organisation_id=hub.id,
            display_name="Cora Wanjiru",
            email="cora@hub.example",
            password=None,
        ),
    }


def url(desk: dict[str, Any], user_id: int | None = None) -> str:
    base = f"/api/v1/conflicts/{desk['conflict'].id}/coordinators"
    return base if user_id is None else f"{base}/{user_id}"


def assigned() -> set[int]:
    db.session.rollback()
    return set(db.session.scalars(sa.select(ConflictCoordinator.user_id)))


def test_post_by_user_id_answers_201_with_the_coordinator_in_names(client, desk) -> None:
    response = client.post(
        url(desk), json={"user_id": desk["candidate"].id}, headers=bearer_for(desk["operator"])
    )
    assert response.status_code == 201
    body = response.get_json()
    assert body["user_id"] == body["id"] == desk["candidate"].id
    assert body["display_name"] == "Cora Wanjiru" and body["organisation_name"] == "Envoy Unit"
    assert body["conflict_id"] == desk["conflict"].id
    assert assigned() == {desk["candidate"].id}


def test_post_by_email_answers_201(client, desk) -> None:
    response = client.post(
        url(desk), json={"email": "CORA@hub.example"}, headers=bearer_for(desk["operator"])
    )
    assert response.status_code == 201
    assert assigned() == {desk["candidate"].id}


def test_get_lists_the_coordinators_with_totals(client, desk) -> None:
    headers = bearer_for(desk["operator"])
    client.post(url(desk), json={"user_id": desk["candidate"].id}, headers=headers)
    response = client.get(url(desk), headers=headers)
    assert response.status_code == 200
    assert [row["display_name"] for row in response.get_json()] == ["Cora Wanjiru"]
    assert '"total": 1' in response.headers["X-Pagination"]


def test_post_twice_answers_409(client, desk) -> None:
    headers = bearer_for(desk["operator"])
    client.post(url(desk), json={"user_id": desk["candidate"].id}, headers=headers)
    response = client.post(url(desk), json={"user_id": desk["candidate"].id}, headers=headers)
    assert response.status_code == 409


def test_delete_answers_204_then_404(client, desk) -> None:
    headers = bearer_for(desk["operator"])
    client.post(url(desk), json={"user_id": desk["candidate"].id}, headers=headers)
    assert client.delete(url(desk, desk["candidate"].id), headers=headers).status_code == 204
    assert assigned() == set()
    assert client.delete(url(desk, desk["candidate"].id), headers=headers).status_code == 404


def test_assign_and_unassign_are_audited_with_ids_only(client, desk) -> None:
    headers = bearer_for(desk["operator"])
    client.post(url(desk), json={"user_id": desk["candidate"].id}, headers=headers)
    client.delete(url(desk, desk["candidate"].id), headers=headers)
    db.session.rollback()
    events = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action.like("coordinator.%")).order_by(AuditEvent.id)
    ).all()
    assert [e.action for e in events] == ["coordinator.assign", "coordinator.unassign"]
    assert all(e.details == {"user_id": desk["candidate"].id} for e in events)


def test_unknown_conflict_answers_404(client, desk) -> None:
    headers = bearer_for(desk["operator"])
    response = client.post(
        "/api/v1/conflicts/9999/coordinators",
        json={"user_id": desk["candidate"].id},
        headers=headers,
    )
    assert response.status_code == 404
    assert client.get("/api/v1/conflicts/9999/coordinators", headers=headers).status_code == 404


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"user_id": 9999}, "user_id"),
        ({}, "user_id"),
        ({"email": "x@y.z", "user_id": 1}, "user_id"),
        ({"email": "nobody@nowhere.example"}, "email"),
        ({"user_id": "1"}, "user_id"),
    ],
)
def test_bad_body_answers_422_naming_the_field(client, desk, body, field) -> None:
    response = client.post(url(desk), json=body, headers=bearer_for(desk["operator"]))
    assert response.status_code == 422
    assert field in response.get_json()["errors"]["json"]
    assert assigned() == set()


@pytest.mark.parametrize("who", ["org_admin", "candidate"])
def test_anyone_but_a_platform_admin_gets_403(client, desk, who) -> None:
    headers = bearer_for(desk[who])
    assert client.get(url(desk), headers=headers).status_code == 403
    response = client.post(url(desk), json={"user_id": desk[who].id}, headers=headers)
    assert response.status_code == 403
    assert client.delete(url(desk, desk[who].id), headers=headers).status_code == 403
    assert assigned() == set()


def test_anonymous_gets_401(client, desk) -> None:
    assert client.get(url(desk)).status_code == 401


def test_openapi_documents_the_coordinators_endpoints(client: FlaskClient, desk) -> None:
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    collection = paths["/api/v1/conflicts/{conflict_id}/coordinators"]
    item = paths["/api/v1/conflicts/{conflict_id}/coordinators/{user_id}"]
    assert {"200", "401", "403", "404"} <= set(collection["get"]["responses"])
    assert {"201", "401", "403", "404", "409", "422"} <= set(collection["post"]["responses"])
    assert {"204", "401", "403", "404"} <= set(item["delete"]["responses"])
