"""The calendar's pages: the overview's calendar, a round's page, /inbox, focal points."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from registry.extensions import db
from registry.models import AuditEvent, TrackOneRound, TransferEvent
from registry.services import rounds
from registry.services.inputs import build
from registry.services.inputs.calendar import RoundChanges, RoundInput
from tests.calendar.world import HIDDEN_TITLE, SEALED_TITLE, calendar_world, deliver
from tests.factories import SYSTEM, one_transaction, reference
from tests.helpers import sign_in_as
from tests.world import World


@pytest.fixture
def world(app: Flask) -> World:
    made = calendar_world()
    deliver(made.public, made.channels["registry"], "Open grazing proposal", round_id=made.round.id)
    deliver(
        made.restricted, made.channels["restricted"], "Hidden water note", round_id=made.round.id
    )
    deliver(made.sealed, made.channels["sealed"], "Sealed border note", round_id=made.round.id)
    return made


def page(client: FlaskClient, world: World, who: str, url: str) -> str:
    sign_in_as(client, world.users[who])
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def test_overview_lists_the_rounds_and_offers_managers_to_add_one(
    world: World, client: FlaskClient
) -> None:
    url = f"/conflicts/{world.where.conflict.id}"
    coordinator = page(client, world, "coordinator", url)
    member = page(client, world, "stranger", url)

    assert "Fourth round" in coordinator and "Add a round" in coordinator
    assert "Fourth round" in member and "Add a round" not in member


def test_coordinator_adds_a_round_through_the_form(world: World, client: FlaskClient) -> None:
    sign_in_as(client, world.users["coordinator"])
    response = client.post(
        f"/conflicts/{world.where.conflict.id}/rounds/new",
        data={
            "title": "Fifth round",
            "starts_on": "2027-01-10",
            "ends_on": "2027-01-12",
            "status": "planned",
            "track_one_body_ids": [str(world.where.body.id)],
            "agenda_issue_ids": [str(world.where.issue.id)],
        },
    )

    assert response.status_code == 302
    db.session.rollback()  # end the test's read, to see the page's write
    assert db.session.scalar(sa.select(TrackOneRound).filter_by(title="Fifth round")) is not None


def test_round_form_without_a_body_answers_422_naming_the_field(
    world: World, client: FlaskClient
) -> None:
    sign_in_as(client, world.users["coordinator"])
    response = client.post(
        f"/conflicts/{world.where.conflict.id}/rounds/new",
        data={
            "title": "Fifth",
            "starts_on": "2027-01-10",
            "ends_on": "2027-01-12",
            "status": "planned",
        },
    )

    assert response.status_code == 422
    assert "Track One bodies meeting" in response.get_data(as_text=True)


def test_member_adding_a_round_gets_403(world: World, client: FlaskClient) -> None:
    sign_in_as(client, world.users["editor"])

    assert client.get(f"/conflicts/{world.where.conflict.id}/rounds/new").status_code == 403


def test_round_page_lists_the_agenda_and_only_what_the_reader_may_read(
    world: World, client: FlaskClient
) -> None:
    url = f"/rounds/{world.round.id}"
    sponsor = page(client, world, "editor", url)
    member = page(client, world, "stranger", url)

    assert "Open grazing proposal" in sponsor and "Hidden water note" in sponsor
    assert "Open Pasture Forum" in member  # covers the agenda issue, visible to members
    for hidden in ("Open grazing proposal", "Hidden water note", HIDDEN_TITLE, SEALED_TITLE):
        assert hidden not in member
    assert "Nothing you may read was delivered" in member


def test_an_empty_round_reads_as_empty_to_a_coordinator_and_as_unseen_to_a_member(
    world: World, client: FlaskClient
) -> None:
    with one_transaction():
        untouched = reference("issue", world.where.conflict.id, name="Prisoner exchange")
        empty = rounds.create(
            SYSTEM,
            world.where.conflict.id,
            build(
                RoundInput,
                {
                    "title": "Fifth round",
                    "track_one_body_ids": [world.other_body.id],
                    "starts_on": date(2026, 4, 1),
                    "ends_on": date(2026, 4, 2),
                    "agenda_issue_ids": [untouched.id],
                    "status": "planned",
                },
            ),
        )
    coordinator = page(client, world, "coordinator", f"/rounds/{empty.id}")
    member = page(client, world, "stranger", f"/rounds/{empty.id}")

    assert "no live initiative covers it" in coordinator
    assert "Nothing was delivered for this round." in coordinator
    assert "you may see" not in coordinator and "you may read" not in coordinator
    assert "no live initiative you may see covers it" in member


def test_focal_point_round_page_shows_its_inbox_without_hidden_titles(
    world: World, client: FlaskClient
) -> None:
    text = page(client, world, "focal", f"/rounds/{world.round.id}")

    assert "Open grazing proposal" in text
    assert "an initiative you may not see" in text
    for hidden in ("Hidden water note", HIDDEN_TITLE, SEALED_TITLE, "Sealed border note"):
        assert hidden not in text


def test_focal_point_acknowledges_in_the_inbox_and_it_is_audited(
    world: World, client: FlaskClient
) -> None:
    text = page(client, world, "focal", "/inbox")
    event = db.session.scalar(sa.select(TransferEvent).filter_by(title="Open grazing proposal"))
    assert "Acknowledge" in text

    response = client.post(
        f"/inbox/{event.id}/evidence", data={"evidence": "acknowledged", "version": event.version}
    )
    after = page(client, world, "editor", f"/rounds/{world.round.id}")

    assert response.status_code == 302
    assert "the focal point of" in after and world.where.body.name in after
    assert world.users["focal"].display_name not in after
    db.session.rollback()  # end the test's read, to see the page's write
    actions = db.session.scalars(sa.select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert actions[-1] == "transfer.update"


def test_home_shows_the_inbox_to_focal_points_only(world: World, client: FlaskClient) -> None:
    assert "Your inbox" in page(client, world, "focal", "/home")
    assert "Your inbox" not in page(client, world, "editor", "/home")


def test_inbox_of_someone_who_is_no_focal_point_says_so(world: World, client: FlaskClient) -> None:
    text = page(client, world, "stranger", "/inbox")

    assert "not a focal point" in text
    assert "Open grazing proposal" not in text


def test_coordinator_assigns_a_focal_point_on_its_page(world: World, client: FlaskClient) -> None:
    text = page(client, world, "coordinator", f"/conflicts/{world.where.conflict.id}/focal-points")
    response = client.post(
        f"/track-one-bodies/{world.other_body.id}/focal-points",
        data={"email": world.users["editor"].email},
    )
    after = page(client, world, "coordinator", f"/conflicts/{world.where.conflict.id}/focal-points")

    focal = world.users["focal"]
    assert f"{focal.display_name} ({focal.email}, {focal.organisation.name})" in text
    assert response.status_code == 302
    assert world.users["editor"].display_name in after


def test_member_gets_403_on_the_focal_points_page(world: World, client: FlaskClient) -> None:
    sign_in_as(client, world.users["editor"])

    assert client.get(f"/conflicts/{world.where.conflict.id}/focal-points").status_code == 403


def test_transfer_form_offers_the_rounds_of_the_channels_body(
    world: World, client: FlaskClient
) -> None:
    text = page(client, world, "editor", f"/initiatives/{world.public.id}/transfers")

    assert f"Rounds where {world.where.body.name} sits" in text
    assert "Fourth round (1–5 March 2026)" in text


def test_coverage_page_shows_the_next_rounds_agenda_with_what_reached_it(
    world: World, client: FlaskClient
) -> None:
    from datetime import timedelta

    from registry.services import analysis, rounds
    from tests.factories import SYSTEM

    soon = analysis.today() + timedelta(days=15)
    rounds.update(SYSTEM, world.round.id, build(RoundChanges, {"starts_on": soon, "ends_on": soon}))
    recent = analysis.today() - timedelta(days=3)
    deliver(
        world.public,
        world.channels["registry"],
        "Fresh grazing memo",
        delivered_on=recent,
        issue_ids=[world.where.issue.id],
    )

    sponsor = page(client, world, "editor", f"/conflicts/{world.where.conflict.id}/coverage")
    member = page(client, world, "stranger", f"/conflicts/{world.where.conflict.id}/coverage")

    assert "Agenda of the next round" in sponsor and "Fresh grazing memo" in sponsor
    assert "Agenda of the next round" in member and "Fresh grazing memo" not in member
