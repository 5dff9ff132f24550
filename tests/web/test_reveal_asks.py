"""A coordinator asks, from the findings page, to reveal a name a finding gives by alias."""

from __future__ import annotations

import re
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from registry.extensions import db
from registry.models import RevealRequest, User
from tests.helpers import refreshed, sign_in_as
from tests.world import load_demo

ASK = re.compile(
    r'action="/findings/(\d+)/reveal".*?name="back" value="([^"]*)".*?'
    r'name="person_id" value="(\d+)"',
    re.S,
)


COORDINATOR = "coordinator@demo.example.org"
CONFLICT = 1  # the demo's first conflict, where a finding gives a person by alias


@pytest.fixture
def world(app: Flask) -> dict[str, User]:
    return load_demo()


def asked(client: FlaskClient, world: dict[str, User]) -> tuple[str, dict[str, Any]]:
    """The first "ask to reveal" form of the coordinator's findings page: its URL and fields."""
    sign_in_as(client, world[COORDINATOR])
    page = client.get(f"/conflicts/{CONFLICT}/findings?status=all").get_data(as_text=True)
    found = ASK.search(page)
    assert found, "the coordinator is offered to ask for the name behind an alias"
    finding_id, back, person_id = found.groups()
    return f"/findings/{finding_id}/reveal", {"back": back, "person_id": person_id}


def requests() -> list[RevealRequest]:
    refreshed()  # read what the requests committed
    return list(db.session.scalars(sa.select(RevealRequest)))


def test_a_coordinator_asks_and_the_request_waits_for_the_owner(
    world: dict[str, User], client: FlaskClient
) -> None:
    url, fields = asked(client, world)

    answer = client.post(url, data={**fields, "reason": "Vetting before the Lodwar round"})

    assert answer.status_code == 302
    assert answer.headers["Location"].startswith(f"/conflicts/{CONFLICT}/findings")
    page = client.get(answer.headers["Location"]).get_data(as_text=True)
    assert "Your request is sent to the organisation that registered this person." in page
    assert "Ask to reveal the name behind" in page  # asking reveals nothing yet
    [made] = requests()
    assert made.person_id == int(fields["person_id"]) and made.status == "pending"
    assert made.requested_by_id == world[COORDINATOR].id
    assert made.reason == "Vetting before the Lodwar round"


def test_a_request_without_a_reason_is_refused_and_changes_nothing(
    world: dict[str, User], client: FlaskClient
) -> None:
    url, fields = asked(client, world)

    answer = client.post(url, data={**fields, "reason": "  "})

    page = client.get(answer.headers["Location"]).get_data(as_text=True)
    assert "Your request is sent" not in page and "alert-danger" in page
    assert requests() == []


def test_only_the_conflicts_coordinators_may_ask(
    world: dict[str, User], client: FlaskClient
) -> None:
    url, fields = asked(client, world)
    sign_in_as(client, world["editor.amani@demo.example.org"])  # not a coordinator

    answer = client.post(url, data={**fields, "reason": "Curiosity"})

    assert answer.status_code in (302, 403, 404)
    assert requests() == []
