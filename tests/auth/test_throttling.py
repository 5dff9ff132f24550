"""Sign-in throttling per account and per address, before any password is hashed."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest
import redis
from flask import Flask
from flask.testing import FlaskClient

from registry.auth import passwords
from tests.factories import OrganisationFactory, UserFactory
from tests.helpers import PASSWORD, REDIS_URL, custom_app, flush_redis

WRONG_PASSWORD = "not my password"
SMALL_LIMITS = {"SIGNIN_ACCOUNT_LIMIT": "3 per minute", "SIGNIN_ADDRESS_LIMIT": "100 per minute"}


@pytest.fixture
def throttled_app(app: Flask) -> Flask:
    """Return the app allowing 3 sign-in attempts per account and 100 per address a minute.

    The limits are read on each request; the `app` fixture restores its settings.
    """
    app.config.update(SMALL_LIMITS)
    return app


class CountingHasher:
    """Wrap the Argon2 hasher (its methods cannot be patched) and count verifications."""

    def __init__(self, hasher: Any) -> None:
        self.hasher = hasher
        self.verified: list[str] = []

    def verify(self, stored_hash: str, password: str) -> bool:
        self.verified.append(password)
        return self.hasher.verify(stored_hash, password)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.hasher, name)


@pytest.fixture
def verifications(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Return the list of passwords Argon2 verifies from now on."""
    counting = CountingHasher(passwords._hasher)
    monkeypatch.setattr(passwords, "_hasher", counting)
    return counting.verified


def attempt_page(client: FlaskClient, email: str, password: str = WRONG_PASSWORD) -> Any:
    """Post the sign-in form once."""
    return client.post("/signin", data={"email": email, "password": password})


def attempt_api(client: FlaskClient, email: str, password: str = WRONG_PASSWORD) -> Any:
    """Ask for an API token once."""
    return client.post("/api/v1/auth/tokens", json={"email": email, "password": password})


def test_fourth_signin_for_one_account_answers_429_with_retry_after(
    throttled_app: Flask,
) -> None:
    client = throttled_app.test_client()
    for _ in range(3):
        assert attempt_page(client, "amina@example.org").status_code == 200

    response = attempt_page(client, "amina@example.org")

    assert response.status_code == 429
    assert int(response.headers["Retry-After"]) > 0


def test_throttled_pair_is_refused_even_with_the_right_password(
    throttled_app: Flask,
) -> None:
    UserFactory(email="amina@example.org", organisation_id=OrganisationFactory().id)
    client = throttled_app.test_client()
    for _ in range(3):
        attempt_page(client, "amina@example.org")

    response = attempt_page(client, "amina@example.org", PASSWORD)

    assert response.status_code == 429
    assert client.get("/home").status_code == 302


STRANGER = {"REMOTE_ADDR": "203.0.113.9"}
OWNER = {"REMOTE_ADDR": "198.51.100.4"}


def test_owner_signs_in_while_a_stranger_hammers_the_account_from_elsewhere(
    throttled_app: Flask,
) -> None:
    UserFactory(email="amina@example.org", organisation_id=OrganisationFactory().id)
    stranger, owner = throttled_app.test_client(), throttled_app.test_client()
    answers = [
        stranger.post(
            "/signin",
            data={"email": "amina@example.org", "password": WRONG_PASSWORD},
            environ_base=STRANGER,
        ).status_code
        for _ in range(6)
    ]
    assert answers[-1] == 429  # the stranger is stopped...

    response = owner.post(
        "/signin", data={"email": "amina@example.org", "password": PASSWORD}, environ_base=OWNER
    )

    assert response.status_code == 302  # ...and the owner is not
    assert owner.get("/home", environ_base=OWNER).status_code == 200


def test_owner_gets_an_api_token_while_a_stranger_hammers_the_account(
    throttled_app: Flask,
) -> None:
    UserFactory(email="amina@example.org", organisation_id=OrganisationFactory().id)
    client = throttled_app.test_client()
    for _ in range(5):
        client.post(
            "/api/v1/auth/tokens",
            json={"email": "amina@example.org", "password": WRONG_PASSWORD},
            environ_base=STRANGER,
        )

    response = client.post(
        "/api/v1/auth/tokens",
        json={"email": "amina@example.org", "password": PASSWORD},
        environ_base=OWNER,
    )

    assert response.status_code == 201


def test_account_limit_ignores_the_case_of_the_email(throttled_app: Flask) -> None:
    client = throttled_app.test_client()
    for email in ("amina@example.org", "Amina@Example.org", " AMINA@example.org "):
        attempt_page(client, email)

    assert attempt_page(client, "amina@EXAMPLE.org").status_code == 429


def test_other_account_from_the_same_address_is_still_served(throttled_app: Flask) -> None:
    client = throttled_app.test_client()
    for _ in range(4):
        attempt_page(client, "amina@example.org")

    assert attempt_page(client, "brian@example.org").status_code == 200


def test_address_limit_refuses_attempts_on_many_accounts(app: Flask) -> None:
    app.config.update(SIGNIN_ACCOUNT_LIMIT="100 per minute", SIGNIN_ADDRESS_LIMIT="5 per minute")
    client = app.test_client()
    for n in range(5):
        assert attempt_page(client, f"user{n}@example.org").status_code == 200

    response = attempt_page(client, "user5@example.org")

    assert response.status_code == 429


def test_address_limit_leaves_other_addresses_served(app: Flask) -> None:
    app.config.update(SIGNIN_ACCOUNT_LIMIT="100 per minute", SIGNIN_ADDRESS_LIMIT="5 per minute")
    client = app.test_client()
    for n in range(6):
        attempt_page(client, f"user{n}@example.org")

    response = client.post(
        "/signin",
        data={"email": "user6@example.org", "password": WRONG_PASSWORD},
        environ_base={"REMOTE_ADDR": "192.0.2.7"},
    )

    assert response.status_code == 200


def test_throttled_signin_does_not_run_argon2(
    throttled_app: Flask, verifications: list[str]
) -> None:
    client = throttled_app.test_client()
    for _ in range(3):
        attempt_page(client, "amina@example.org")
    assert len(verifications) == 3

    attempt_page(client, "amina@example.org")

    assert len(verifications) == 3


def test_fourth_token_request_for_one_account_answers_429_in_json(
    throttled_app: Flask,
) -> None:
    client = throttled_app.test_client()
    for _ in range(3):
        assert attempt_api(client, "amina@example.org").status_code == 401

    response = attempt_api(client, "amina@example.org")

    assert response.status_code == 429
    assert response.get_json()["code"] == 429
    assert {"code", "status", "message"} <= set(response.get_json())
    assert int(response.headers["Retry-After"]) > 0


def test_throttled_token_request_does_not_run_argon2(
    throttled_app: Flask, verifications: list[str]
) -> None:
    client = throttled_app.test_client()
    for _ in range(3):
        attempt_api(client, "amina@example.org")
    assert len(verifications) == 3

    attempt_api(client, "amina@example.org")

    assert len(verifications) == 3


def test_signin_page_and_token_endpoint_share_one_account_budget(
    throttled_app: Flask, verifications: list[str]
) -> None:
    client = throttled_app.test_client()
    for _ in range(3):
        attempt_page(client, "amina@example.org")

    response = attempt_api(client, "amina@example.org")

    assert response.status_code == 429
    assert len(verifications) == 3


def test_get_of_the_signin_page_is_not_counted(throttled_app: Flask) -> None:
    client = throttled_app.test_client()
    for _ in range(5):
        assert client.get("/signin").status_code == 200

    assert attempt_page(client, "amina@example.org").status_code == 200


def test_redis_limiter_shares_the_count_between_app_instances(
    migrated: str, tmp_path: Path
) -> None:
    flush_redis()
    email = f"amina-{uuid.uuid4().hex[:8]}@example.org"  # apart from any other run
    settings = {**SMALL_LIMITS, "RATELIMIT_STORAGE_URI": REDIS_URL}
    with custom_app(migrated, tmp_path / "first", **settings) as first:
        for _ in range(3):
            assert attempt_api(first.test_client(), email).status_code == 401
    # A second instance, built afterwards, starts with its own storage connection: only
    # a count kept in Redis (not in process memory) can reach it.
    with custom_app(migrated, tmp_path / "second", **settings) as second:
        response = attempt_api(second.test_client(), email)

    assert response.status_code == 429
    assert redis.Redis.from_url(REDIS_URL).keys(f"*signin-account:{email}*")


def test_memory_limiter_of_a_new_instance_starts_counting_afresh(
    migrated: str, tmp_path: Path
) -> None:
    # The control for the Redis test above: without a shared store the count is lost.
    with custom_app(migrated, tmp_path / "first", **SMALL_LIMITS) as first:
        for _ in range(3):
            attempt_api(first.test_client(), "amina@example.org")
    with custom_app(migrated, tmp_path / "second", **SMALL_LIMITS) as second:
        response = attempt_api(second.test_client(), "amina@example.org")

    assert response.status_code == 401


@pytest.mark.parametrize(
    "body", [["amina@example.org"], "amina@example.org", 5], ids=["array", "string", "number"]
)
def test_token_request_with_non_object_json_answers_422(client: FlaskClient, body: Any) -> None:
    response = client.post("/api/v1/auth/tokens", json=body)

    assert response.status_code == 422
    assert response.get_json()["code"] == 422


def test_signin_post_of_a_json_array_is_not_a_server_error(client: FlaskClient) -> None:
    response = client.post("/signin", json=["amina@example.org"])

    assert response.status_code < 500
