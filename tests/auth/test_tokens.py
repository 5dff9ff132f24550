"""API tokens: issued for credentials, stored as digests, refused once expired or revoked."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from registry.extensions import db
from registry.models import ApiToken
from registry.models.base import utcnow
from registry.policy import SystemActor
from registry.services import authentication, users
from registry.services.inputs import build
from registry.services.inputs.users import UserChanges
from tests.factories import OrganisationFactory, UserFactory, editor_of
from tests.helpers import PASSWORD, sign_in_as


@pytest.fixture
def member(app: Flask) -> Any:
    """Return a user with a password (one Argon2 hash)."""
    return UserFactory(email="amina@example.org", organisation_id=OrganisationFactory().id)


def issue(client: FlaskClient, **extra: Any) -> Any:
    """Ask the API for a token with the member's credentials."""
    return client.post(
        "/api/v1/auth/tokens", json={"email": "amina@example.org", "password": PASSWORD, **extra}
    )


def me(client: FlaskClient, raw: str) -> Any:
    """Ask who the bearer of a token is."""
    return client.get("/api/v1/users/me", headers={"Authorization": f"Bearer {raw}"})


def test_token_request_with_right_credentials_answers_201_with_token_and_expiry(
    client: FlaskClient, member: Any
) -> None:
    response = issue(client)

    assert response.status_code == 201
    body = response.get_json()
    assert set(body) == {"token", "expires_at"}
    expires_at = datetime.fromisoformat(body["expires_at"])
    assert timedelta(days=29) < expires_at - datetime.now(UTC) <= timedelta(days=30)


def test_bearer_token_authenticates_api_requests(client: FlaskClient, member: Any) -> None:
    raw = issue(client).get_json()["token"]

    response = me(client, raw)

    assert response.status_code == 200
    assert response.get_json()["email"] == "amina@example.org"


def test_bearer_request_sets_no_session_cookie(app: Flask, member: Any) -> None:
    raw, _ = authentication.issue_token(member)

    response = me(app.test_client(), raw)

    assert response.status_code == 200
    assert not response.headers.getlist("Set-Cookie")


def test_token_is_stored_only_as_its_sha256_digest(client: FlaskClient, member: Any) -> None:
    raw = issue(client).get_json()["token"]

    rows = db.session.execute(sa.select(ApiToken.__table__)).mappings().all()

    assert len(rows) == 1
    assert rows[0]["digest"] == hashlib.sha256(raw.encode()).hexdigest()
    assert not [name for name, value in rows[0].items() if raw in str(value)]


def test_expired_token_answers_401(app: Flask, member: Any) -> None:
    raw, token = authentication.issue_token(member)
    db.session.execute(
        sa.update(ApiToken)
        .where(ApiToken.id == token.id)
        .values(expires_at=utcnow() - timedelta(minutes=1))
    )
    db.session.commit()

    assert me(app.test_client(), raw).status_code == 401


def test_token_revoked_through_the_service_answers_401(app: Flask, member: Any) -> None:
    raw, token = authentication.issue_token(member)

    authentication.revoke_token(member, token.id)

    assert me(app.test_client(), raw).status_code == 401


def test_token_revoked_on_the_account_page_answers_401(app: Flask, member: Any) -> None:
    raw, token = authentication.issue_token(member)
    browser = sign_in_as(app.test_client(), member)

    response = browser.post(f"/account/tokens/{token.id}/revoke")

    assert response.status_code == 302
    assert me(app.test_client(), raw).status_code == 401


def test_revoking_another_users_token_answers_404_and_keeps_it(app: Flask, member: Any) -> None:
    raw, token = authentication.issue_token(member)
    stranger = editor_of(member.organisation_id)
    browser = sign_in_as(app.test_client(), stranger)

    response = browser.post(f"/account/tokens/{token.id}/revoke")

    assert response.status_code == 404
    assert me(app.test_client(), raw).status_code == 200


def test_account_page_lists_the_users_tokens(app: Flask, member: Any) -> None:
    authentication.issue_token(member, "Nightly export to the donor dashboard")
    authentication.issue_token(editor_of(member.organisation_id), "Someone else's token")
    browser = sign_in_as(app.test_client(), member)

    page = browser.get("/account/").get_data(as_text=True)

    assert "Nightly export to the donor dashboard" in page
    assert "Someone else&#39;s token" not in page
    assert "Someone else's token" not in page


def test_token_created_on_the_account_page_is_shown_once_and_works(app: Flask, member: Any) -> None:
    browser = sign_in_as(app.test_client(), member)

    created = browser.post("/account/tokens", data={"label": "Reports"})
    raw = created.get_data(as_text=True).split('<code class="user-select-all">')[1].split("<")[0]
    again = browser.get("/account/").get_data(as_text=True)

    assert me(app.test_client(), raw).status_code == 200
    assert raw not in again


def test_token_request_with_unknown_field_answers_422_naming_it(
    client: FlaskClient, member: Any
) -> None:
    response = issue(client, scope="admin")

    assert response.status_code == 422
    assert "scope" in response.get_json()["errors"]["json"]


def test_token_request_with_wrong_password_answers_401(client: FlaskClient, member: Any) -> None:
    response = client.post(
        "/api/v1/auth/tokens", json={"email": "amina@example.org", "password": "not my password"}
    )

    assert response.status_code == 401
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ApiToken)) == 0


def test_token_request_for_disabled_user_answers_401(
    client: FlaskClient, member: Any, system: SystemActor
) -> None:
    users.update(system, member.id, build(UserChanges, {"is_active": False}))

    response = issue(client)

    assert response.status_code == 401
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ApiToken)) == 0


@pytest.mark.parametrize("header", ["Bearer t2r_not-a-real-token", "Bearer ", "Basic abc", "t2r_x"])
def test_malformed_or_unknown_authorization_answers_401(client: FlaskClient, header: str) -> None:
    response = client.get("/api/v1/users/me", headers={"Authorization": header})

    assert response.status_code == 401


# Revocation when the account changes ------------------------------------------------------


def revoked_tokens(user_id: int) -> int:
    db.session.expire_all()
    statement = sa.select(sa.func.count()).where(
        ApiToken.user_id == user_id, ApiToken.revoked_at.is_not(None)
    )
    return db.session.scalar(statement)


def test_token_stops_working_after_its_owner_changes_the_password(
    client: FlaskClient, member: Any
) -> None:
    raw = issue(client).get_json()["token"]

    users.change_own_password(member, PASSWORD, "a different long passphrase")

    assert me(client, raw).status_code == 401
    assert revoked_tokens(member.id) == 1


def test_token_stops_working_after_an_admin_resets_the_password(
    client: FlaskClient, member: Any
) -> None:
    raw = issue(client).get_json()["token"]

    users.update(
        SystemActor(), member.id, build(UserChanges, {"password": "a different long passphrase"})
    )

    assert me(client, raw).status_code == 401


def test_token_stops_working_after_its_owner_is_disabled_and_stays_revoked(
    client: FlaskClient, member: Any
) -> None:
    raw = issue(client).get_json()["token"]

    users.update(SystemActor(), member.id, build(UserChanges, {"is_active": False}))
    users.update(SystemActor(), member.id, build(UserChanges, {"is_active": True}))

    assert me(client, raw).status_code == 401
    assert revoked_tokens(member.id) == 1


def test_token_stops_working_after_its_owners_role_changes(
    client: FlaskClient, member: Any
) -> None:
    raw = issue(client).get_json()["token"]

    users.update(SystemActor(), member.id, build(UserChanges, {"role": "viewer"}))

    assert me(client, raw).status_code == 401


def test_editing_the_display_name_keeps_the_token(client: FlaskClient, member: Any) -> None:
    raw = issue(client).get_json()["token"]

    users.update(SystemActor(), member.id, build(UserChanges, {"display_name": "Amina L."}))

    assert me(client, raw).status_code == 200


def test_ending_a_users_sessions_by_their_admin_ends_the_session_and_may_revoke_tokens(
    app: Flask, member: Any
) -> None:
    admin = UserFactory(organisation_id=member.organisation_id, role="org_admin", password=None)
    browser = app.test_client()
    browser.post("/signin", data={"email": "amina@example.org", "password": PASSWORD})
    raw = issue(app.test_client()).get_json()["token"]

    users.end_sessions(admin, member.id)
    assert browser.get("/home").status_code == 302
    assert me(app.test_client(), raw).status_code == 200

    users.end_sessions(admin, member.id, revoke_tokens=True)
    assert me(app.test_client(), raw).status_code == 401


def test_ending_sessions_of_another_organisations_user_is_not_found(
    app: Flask, member: Any
) -> None:
    from registry.errors import NotFound

    stranger = UserFactory(
        organisation_id=OrganisationFactory().id, role="org_admin", password=None
    )

    with pytest.raises(NotFound):
        users.end_sessions(stranger, member.id)
