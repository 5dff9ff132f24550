"""Step-up: sensitive actions need a password or code entered in the last five minutes."""

from __future__ import annotations

from typing import Any

import pyotp
import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from registry.auth import step_up
from registry.extensions import db
from registry.models import ApiToken, RevealRequest
from registry.services import identities, people, two_factor, users
from registry.services.inputs import build
from registry.services.inputs.people import PersonInput
from tests.factories import (
    SYSTEM,
    ConflictFactory,
    InitiativeFactory,
    OrganisationFactory,
    UserFactory,
    participate,
    reference,
)
from tests.helpers import PASSWORD, meta_csrf_token, sign_in_as


class Clock:
    """The step-up clock, moved forward by tests instead of sleeping."""

    def __init__(self) -> None:
        self.offset = 0
        self.real = step_up.now

    def now(self) -> int:
        return self.real() + self.offset

    def advance(self, minutes: float) -> None:
        self.offset += int(minutes * 60)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    fake = Clock()
    monkeypatch.setattr(step_up, "now", fake.now)
    return fake


@pytest.fixture
def reveal(app: Flask) -> dict[str, Any]:
    """Return a pending request to reveal a person's name, and the owner's admin who answers."""
    ngo, coordination = OrganisationFactory(), OrganisationFactory(kind="coordination_body")
    conflict = ConflictFactory()
    issue = reference("issue", conflict.id)
    initiative = InitiativeFactory(
        conflict_id=conflict.id, sponsor_id=ngo.id, issue_ids=[issue.id], confidentiality="registry"
    )
    person = people.create(
        SYSTEM,
        build(
            PersonInput,
            {
                "organisation_id": ngo.id,
                "full_name": "Canary Amina Lokwang",
                "gender": "female",
                "sector": "women",
                "proximity": 1,
            },
        ),
    )
    participate(initiative.id, person.id)
    coordinator = UserFactory(organisation_id=coordination.id, role="viewer", password=None)
    users.assign_coordinator(SYSTEM, coordinator.id, conflict.id)
    db.session.refresh(coordinator)
    request = identities.request_reveal(coordinator, person.id, "Two records may be one person.")
    admin = UserFactory(email="admin@example.org", organisation_id=ngo.id, role="org_admin")
    return {"request": request, "admin": admin}


def approve(client: FlaskClient, request_id: int) -> Any:
    return client.post(
        f"/admin/reveals/{request_id}/approve",
        data={"decision_note": "Agreed"},
        headers={"Referer": "http://localhost/admin/reveals"},
    )


def token_count() -> int:
    db.session.rollback()  # end the read snapshot so the requests' commits show
    return db.session.scalar(sa.select(sa.func.count()).select_from(ApiToken))


def status_of(request_id: int) -> str:
    db.session.expire_all()
    return db.session.get(RevealRequest, request_id).status


def test_reveal_approval_six_minutes_after_sign_in_asks_again(
    app: Flask, reveal: dict[str, Any], clock: Clock
) -> None:
    client = sign_in_as(app.test_client(), reveal["admin"])
    clock.advance(6)

    response = approve(client, reveal["request"].id)

    assert response.status_code == 302
    assert "/account/confirm?next=/admin/reveals" in response.headers["Location"]
    assert status_of(reveal["request"].id) == "pending"


def test_reveal_approval_four_minutes_after_sign_in_goes_ahead(
    app: Flask, reveal: dict[str, Any], clock: Clock
) -> None:
    client = sign_in_as(app.test_client(), reveal["admin"])
    clock.advance(4)

    response = approve(client, reveal["request"].id)

    assert response.headers["Location"].endswith("/admin/reveals")
    assert status_of(reveal["request"].id) == "approved"


def test_refusing_a_reveal_needs_no_recent_sign_in(
    app: Flask, reveal: dict[str, Any], clock: Clock
) -> None:
    client = sign_in_as(app.test_client(), reveal["admin"])
    clock.advance(20)

    client.post(f"/admin/reveals/{reveal['request'].id}/refuse", data={"decision_note": "No"})

    assert status_of(reveal["request"].id) == "refused"


def test_password_on_the_confirm_page_lets_the_approval_through_for_five_minutes(
    app: Flask, reveal: dict[str, Any], clock: Clock
) -> None:
    client = sign_in_as(app.test_client(), reveal["admin"])
    clock.advance(30)
    asked = approve(client, reveal["request"].id)

    confirmed = client.post(asked.headers["Location"], data={"secret": PASSWORD})

    assert confirmed.headers["Location"].endswith("/admin/reveals")
    clock.advance(4)
    approve(client, reveal["request"].id)
    assert status_of(reveal["request"].id) == "approved"


def test_wrong_password_on_the_confirm_page_does_not_refresh(
    app: Flask, reveal: dict[str, Any], clock: Clock
) -> None:
    client = sign_in_as(app.test_client(), reveal["admin"])
    clock.advance(30)

    refused = client.post("/account/confirm?next=/admin/reveals", data={"secret": "not it at all"})

    assert refused.status_code == 200
    approve(client, reveal["request"].id)
    assert status_of(reveal["request"].id) == "pending"


def test_two_factor_code_on_the_confirm_page_also_confirms(
    app: Flask, reveal: dict[str, Any], clock: Clock
) -> None:
    secret = two_factor.enrol_with_secret(SYSTEM, reveal["admin"].id)
    client = sign_in_as(app.test_client(), reveal["admin"])
    clock.advance(30)

    client.post("/account/confirm", data={"secret": pyotp.TOTP(secret).now()})
    approve(client, reveal["request"].id)

    assert status_of(reveal["request"].id) == "approved"


def test_confirm_page_never_returns_to_another_site(app: Flask, reveal: dict[str, Any]) -> None:
    client = sign_in_as(app.test_client(), reveal["admin"])

    response = client.post(
        "/account/confirm?next=https://evil.example/steal", data={"secret": PASSWORD}
    )

    assert response.headers["Location"] == "/account/"


def test_api_approval_with_an_old_cookie_session_answers_401(
    app: Flask, reveal: dict[str, Any], clock: Clock
) -> None:
    client = sign_in_as(app.test_client(), reveal["admin"])
    token = meta_csrf_token(client.get("/account/").get_data(as_text=True))
    clock.advance(6)

    response = client.patch(
        f"/api/v1/reveal-requests/{reveal['request'].id}",
        json={"status": "approved"},
        headers={"X-CSRFToken": token},
    )

    assert response.status_code == 401, response.get_json()
    assert "5 minutes" in response.get_json()["message"]
    assert status_of(reveal["request"].id) == "pending"


def test_token_creation_on_the_account_page_needs_a_recent_sign_in(
    app: Flask, clock: Clock
) -> None:
    user = UserFactory(organisation_id=OrganisationFactory().id, password=None)
    client = sign_in_as(app.test_client(), user)
    clock.advance(6)

    response = client.post("/account/tokens", data={"label": "laptop"})

    assert "/account/confirm" in response.headers["Location"]
    assert token_count() == 0
    clock.offset = 0
    client.post("/account/tokens", data={"label": "laptop"})
    assert token_count() == 1
