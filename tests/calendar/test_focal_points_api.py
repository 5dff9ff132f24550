"""Focal points through /api/v1: assignment, the inbox within the policy, raising evidence."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from registry.extensions import db
from registry.models import AuditEvent, TransferEvent
from tests.calendar.world import (
    CARRIED_TITLE,
    HIDDEN_TITLE,
    PARTICIPANT,
    SEALED_TITLE,
    calendar_world,
    deliver,
)
from tests.world import World


@pytest.fixture
def world(app: Flask) -> World:
    made = calendar_world()
    deliver(made.public, made.channels["registry"], "Open grazing proposal")
    deliver(made.restricted, made.channels["restricted"], "Restricted water proposal")
    deliver(made.sealed, made.channels["sealed"], "Sealed border proposal")
    deliver(made.carried, made.channels["carried"], "Carried proposal")
    return made


def inbox(world: World, client: FlaskClient, who: str = "focal") -> list[dict]:
    response = client.get(
        f"/api/v1/track-one-bodies/{world.where.body.id}/transfers", headers=world.headers[who]
    )
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_focal_point_inbox_lists_visible_and_restricted_institutional_transfers(
    world: World, client: FlaskClient
) -> None:
    items = inbox(world, client)

    labels = sorted(item["initiative_label"] for item in items)
    assert labels == ["Open Pasture Forum", "an initiative you may not see"]


def test_focal_point_sees_a_restricted_transfer_without_title_or_initiative(
    world: World, client: FlaskClient
) -> None:
    hidden = next(i for i in inbox(world, client) if i["initiative_label"] != "Open Pasture Forum")

    assert set(hidden) == {
        "id", "version", "kind", "issue_ids", "delivered_on", "round_id", "evidence",
        "confirmed_on", "confirmed_by", "initiative_label",
    }  # fmt: skip


def test_inbox_never_shows_sealed_carried_channels_or_participants(
    world: World, client: FlaskClient
) -> None:
    response = client.get(
        f"/api/v1/track-one-bodies/{world.where.body.id}/transfers", headers=world.headers["focal"]
    )
    text = response.get_data(as_text=True)

    for secret in (HIDDEN_TITLE, SEALED_TITLE, CARRIED_TITLE, PARTICIPANT, "channel_id", "Sealed"):
        assert secret not in text
    assert json.loads(response.headers["X-Pagination"])["total"] == 2


def test_inbox_is_newest_first_then_by_id(world: World, client: FlaskClient) -> None:
    from datetime import date

    deliver(world.public, world.channels["registry"], "Later note", delivered_on=date(2026, 3, 1))
    items = inbox(world, client)

    keys = [(item["delivered_on"], item["id"]) for item in items]
    assert keys == sorted(keys, reverse=True)
    assert items[0]["title"] == "Later note"


@pytest.mark.parametrize("who", ["other_focal", "editor", "coordinator", "stranger"])
def test_inbox_of_a_body_one_is_not_focal_point_of_answers_404(
    world: World, client: FlaskClient, who: str
) -> None:
    response = client.get(
        f"/api/v1/track-one-bodies/{world.where.body.id}/transfers", headers=world.headers[who]
    )

    assert response.status_code == 404


def test_focal_point_acknowledges_a_hidden_transfer_and_it_is_audited(
    world: World, client: FlaskClient
) -> None:
    hidden = next(i for i in inbox(world, client) if "title" not in i)
    response = client.patch(
        f"/api/v1/transfers/{hidden['id']}",
        json={"evidence": "acknowledged"},
        headers={**world.headers["focal"], "If-Match": str(hidden["version"])},
    )

    assert response.status_code == 200
    event = db.session.get(TransferEvent, hidden["id"])
    assert event.evidence == "acknowledged"
    assert event.confirmed_as == "focal_point"
    audit = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action == "transfer.update")
    ).all()
    assert audit[-1].details["confirmed_as"] == "focal_point"
    assert HIDDEN_TITLE not in response.get_data(as_text=True)


def test_sponsor_sees_the_focal_point_of_the_body_confirmed_never_the_user(
    world: World, client: FlaskClient
) -> None:
    mine = next(i for i in inbox(world, client) if i.get("title") == "Open grazing proposal")
    client.patch(
        f"/api/v1/transfers/{mine['id']}",
        json={"evidence": "documented_uptake"},
        headers=world.headers["focal"],
    )

    listed = client.get(
        f"/api/v1/initiatives/{world.public.id}/transfers", headers=world.headers["editor"]
    ).get_json()

    assert listed[0]["confirmed_as"] == "focal_point"
    assert listed[0]["confirmed_body_id"] == world.where.body.id
    focal = world.users["focal"]
    assert focal.email not in json.dumps(listed)
    assert str(focal.display_name) not in json.dumps(listed)


def test_focal_point_of_another_body_raising_evidence_answers_404(
    world: World, client: FlaskClient
) -> None:
    event = db.session.scalar(sa.select(TransferEvent).where(TransferEvent.title.like("Restr%")))
    response = client.patch(
        f"/api/v1/transfers/{event.id}",
        json={"evidence": "acknowledged"},
        headers=world.headers["other_focal"],
    )

    assert response.status_code == 404


def test_focal_point_editing_a_transfers_title_answers_403(
    world: World, client: FlaskClient
) -> None:
    event = db.session.scalar(sa.select(TransferEvent).where(TransferEvent.title.like("Open%")))
    response = client.patch(
        f"/api/v1/transfers/{event.id}", json={"title": "Edited"}, headers=world.headers["focal"]
    )

    assert response.status_code == 403


def test_lowering_evidence_answers_422(world: World, client: FlaskClient) -> None:
    event = db.session.scalar(sa.select(TransferEvent).where(TransferEvent.title.like("Open%")))
    client.patch(
        f"/api/v1/transfers/{event.id}",
        json={"evidence": "documented_uptake"},
        headers=world.headers["coordinator"],
    )
    response = client.patch(
        f"/api/v1/transfers/{event.id}",
        json={"evidence": "acknowledged"},
        headers=world.headers["coordinator"],
    )

    assert response.status_code == 422


def test_coordinator_assigns_and_unassigns_a_focal_point_by_exact_email(
    world: World, client: FlaskClient
) -> None:
    url = f"/api/v1/track-one-bodies/{world.other_body.id}/focal-points"
    editor = world.users["editor"]

    added = client.post(url, json={"email": editor.email}, headers=world.headers["coordinator"])
    listed = client.get(url, headers=world.headers["coordinator"]).get_json()
    removed = client.delete(f"{url}/{editor.id}", headers=world.headers["coordinator"])

    assert added.status_code == 201
    assert added.get_json()["user_id"] == editor.id
    assert {item["user_id"] for item in listed} == {editor.id, world.users["other_focal"].id}
    assert removed.status_code == 204


def test_assigning_an_unknown_email_answers_422(world: World, client: FlaskClient) -> None:
    url = f"/api/v1/track-one-bodies/{world.other_body.id}/focal-points"
    response = client.post(
        url, json={"email": "nobody@example.org"}, headers=world.headers["coordinator"]
    )

    assert response.status_code == 422
    assert "email" in response.get_json()["errors"]["json"]


def test_editor_assigning_a_focal_point_answers_403(world: World, client: FlaskClient) -> None:
    url = f"/api/v1/track-one-bodies/{world.other_body.id}/focal-points"
    response = client.post(
        url, json={"email": world.users["editor"].email}, headers=world.headers["editor"]
    )

    assert response.status_code == 403
