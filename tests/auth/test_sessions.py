"""Browser sessions: signing in and out, revocation, idle and absolute limits, cookies."""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient

from registry.auth import sessions
from registry.policy import SystemActor
from registry.services import users
from registry.services.inputs import build
from registry.services.inputs.users import UserChanges
from tests.factories import OrganisationFactory, UserFactory
from tests.helpers import PASSWORD, REDIS_URL, bearer_for, custom_app, flush_redis, is_signed_in

CSRF_TOKEN = re.compile(r'(?<=csrf-token" content=")[^"]+|(?<=name="csrf_token" value=")[^"]+')


class Clock:
    """A stand-in for the `time` module of registry.auth.sessions that tests move forward."""

    def __init__(self) -> None:
        self.now = time.time()

    def time(self) -> float:
        return self.now

    def advance(self, minutes: float) -> None:
        self.now += minutes * 60


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    """Replace the clock the session limits read."""
    fake = Clock()
    monkeypatch.setattr(sessions, "time", fake)
    return fake


@pytest.fixture
def member(app: Flask) -> Any:
    """Return a user with a password (one Argon2 hash)."""
    return UserFactory(email="amina@example.org", organisation_id=OrganisationFactory().id)


def sign_in(client: FlaskClient, email: str = "amina@example.org", **kwargs: Any) -> Any:
    """Post the sign-in form and return the response."""
    return client.post("/signin", data={"email": email, "password": PASSWORD}, **kwargs)


def session_cookie(response: Any, name: str = "session") -> str:
    """Return the Set-Cookie header of the session cookie."""
    cookies = [c for c in response.headers.getlist("Set-Cookie") if c.startswith(f"{name}=")]
    assert cookies, response.headers.getlist("Set-Cookie")
    return cookies[0]


def test_signin_with_right_password_starts_a_session(app: Flask, member: Any) -> None:
    client = app.test_client()

    response = sign_in(client)

    assert response.status_code == 302
    assert response.headers["Location"] == "/home"
    assert is_signed_in(client)


def test_signout_ends_the_session(app: Flask, member: Any) -> None:
    client = app.test_client()
    sign_in(client)

    response = client.post("/signout")

    assert response.status_code == 302
    assert not is_signed_in(client)


def test_signout_ends_every_other_session_of_the_user(app: Flask, member: Any) -> None:
    laptop, phone = app.test_client(), app.test_client()
    sign_in(laptop)
    sign_in(phone)

    laptop.post("/signout")

    assert not is_signed_in(phone)


def test_signout_keeps_sessions_of_other_users(app: Flask, member: Any) -> None:
    UserFactory(email="brian@example.org", organisation_id=member.organisation_id)
    mine, theirs = app.test_client(), app.test_client()
    sign_in(mine)
    sign_in(theirs, "brian@example.org")

    mine.post("/signout")

    assert is_signed_in(theirs)


def test_password_change_through_service_ends_other_sessions(app: Flask, member: Any) -> None:
    client = app.test_client()
    sign_in(client)

    users.change_own_password(member, PASSWORD, "a brand new passphrase")

    assert not is_signed_in(client)


def test_password_change_on_account_page_keeps_the_current_session(app: Flask, member: Any) -> None:
    client = app.test_client()
    sign_in(client)

    response = client.post(
        "/account/password",
        data={"current_password": PASSWORD, "new_password": "another passphrase"},
    )

    assert response.status_code == 302
    assert is_signed_in(client)


def test_password_change_on_account_page_ends_other_sessions(app: Flask, member: Any) -> None:
    laptop, phone = app.test_client(), app.test_client()
    sign_in(laptop)
    sign_in(phone)

    laptop.post(
        "/account/password",
        data={"current_password": PASSWORD, "new_password": "another passphrase"},
    )

    assert not is_signed_in(phone)


def test_disabling_a_user_ends_their_sessions(app: Flask, member: Any, system: SystemActor) -> None:
    client = app.test_client()
    sign_in(client)

    users.update(system, member.id, build(UserChanges, {"is_active": False}))

    assert not is_signed_in(client)


def test_disabling_a_user_stops_their_api_tokens(
    app: Flask, member: Any, system: SystemActor
) -> None:
    headers = bearer_for(member)
    client = app.test_client()
    assert client.get("/api/v1/users/me", headers=headers).status_code == 200

    users.update(system, member.id, build(UserChanges, {"is_active": False}))

    assert client.get("/api/v1/users/me", headers=headers).status_code == 401


def test_session_idle_for_31_minutes_ends(app: Flask, member: Any, clock: Clock) -> None:
    client = app.test_client()
    sign_in(client)

    clock.advance(minutes=31)

    assert not is_signed_in(client)


def test_session_idle_for_29_minutes_continues(app: Flask, member: Any, clock: Clock) -> None:
    client = app.test_client()
    sign_in(client)

    clock.advance(minutes=29)

    assert is_signed_in(client)


def test_signin_page_after_idle_expiry_says_the_session_ended(
    app: Flask, member: Any, clock: Clock
) -> None:
    client = app.test_client()
    sign_in(client)
    clock.advance(minutes=31)

    page = client.get("/signin").get_data(as_text=True)

    assert "Your session ended" in page


def test_session_kept_active_ends_after_12_hours(app: Flask, member: Any, clock: Clock) -> None:
    client = app.test_client()
    sign_in(client)
    for _ in range(28):  # 28 x 25 minutes = 11 h 40 min, never idle for long
        clock.advance(minutes=25)
        assert client.get("/api/v1/users/me").status_code == 200

    clock.advance(minutes=25)  # 12 h 5 min after signing in

    assert client.get("/api/v1/users/me").status_code == 401


def test_session_cookie_is_httponly_and_samesite_lax(app: Flask, member: Any) -> None:
    response = sign_in(app.test_client())

    cookie = session_cookie(response).lower()

    assert "; httponly" in cookie
    assert "; samesite=lax" in cookie


def test_production_session_cookie_is_host_prefixed_and_secure(
    migrated: str, tmp_path: Path
) -> None:
    flush_redis()
    with custom_app(
        migrated, tmp_path / "instance", ENV="production", RATELIMIT_STORAGE_URI=REDIS_URL
    ) as app:
        UserFactory(email="amina@example.org", organisation_id=OrganisationFactory().id)

        response = sign_in(app.test_client(), base_url="https://registry.example")

    cookie = session_cookie(response, "__Host-session").lower()
    assert "; secure" in cookie
    assert "; path=/" in cookie
    assert "domain=" not in cookie


def test_signin_page_answers_wrong_password_and_unknown_email_alike(
    app: Flask, member: Any
) -> None:
    client = app.test_client()

    wrong = client.post("/signin", data={"email": member.email, "password": "not my password"})
    unknown = client.post(
        "/signin", data={"email": "nobody@example.org", "password": "not my password"}
    )

    assert wrong.status_code == unknown.status_code == 200
    # CSRF tokens carry the second they were made in, so two pages differ there alone.
    pages = [
        CSRF_TOKEN.sub("TOKEN", response.get_data(as_text=True).replace(email, "EMAIL"))
        for response, email in ((wrong, member.email), (unknown, "nobody@example.org"))
    ]
    assert pages[0] == pages[1]


def test_token_endpoint_answers_wrong_password_and_unknown_email_alike(
    app: Flask, member: Any
) -> None:
    client = app.test_client()

    wrong = client.post(
        "/api/v1/auth/tokens", json={"email": member.email, "password": "not my password"}
    )
    unknown = client.post(
        "/api/v1/auth/tokens", json={"email": "nobody@example.org", "password": "not my password"}
    )

    assert wrong.status_code == unknown.status_code == 401
    assert wrong.get_json() == unknown.get_json()


def test_signin_of_disabled_user_is_refused(app: Flask, member: Any, system: SystemActor) -> None:
    users.update(system, member.id, build(UserChanges, {"is_active": False}))
    client = app.test_client()

    response = sign_in(client)

    assert response.status_code == 200
    assert not is_signed_in(client)


def test_signin_of_disabled_user_answers_as_a_wrong_password(
    app: Flask, member: Any, system: SystemActor
) -> None:
    users.update(system, member.id, build(UserChanges, {"is_active": False}))
    client = app.test_client()

    disabled = sign_in(client)
    wrong = client.post("/signin", data={"email": member.email, "password": "not my password"})

    # CSRF tokens carry the second they were made in, so two pages differ there alone.
    pages = [CSRF_TOKEN.sub("TOKEN", page.get_data(as_text=True)) for page in (disabled, wrong)]
    assert pages[0] == pages[1]


def test_signin_refuses_to_redirect_to_another_host(app: Flask, member: Any) -> None:
    response = sign_in(app.test_client(), query_string={"next": "//evil.example"})

    assert response.status_code == 302
    assert response.headers["Location"] == "/home"


@pytest.mark.parametrize(
    "target",
    [
        "//evil.example",
        "///evil.example",
        "https://evil.example/",
        "http:evil.example",
        "/\\evil.example",
        "\\\\evil.example",
        "/\t/evil.example",
        "javascript:alert(1)",
    ],
)
def test_signin_redirect_stays_on_this_host_whatever_next_says(
    app: Flask, member: Any, target: str
) -> None:
    response = sign_in(app.test_client(), query_string={"next": target})

    # Resolve the Location as a browser would: backslashes count as slashes and
    # tabs and newlines are dropped.
    location = response.headers["Location"]
    browser_view = location.replace("\\", "/").replace("\t", "").replace("\n", "")
    resolved = urlsplit(urljoin("https://registry.example/signin", browser_view))
    assert resolved.scheme == "https"
    assert resolved.netloc == "registry.example"


def test_signin_follows_a_local_next_path(app: Flask, member: Any) -> None:
    response = sign_in(app.test_client(), query_string={"next": "/account/"})

    assert response.headers["Location"] == "/account/"
