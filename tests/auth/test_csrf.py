"""CSRF: forms and session-authenticated API writes need a token; bearer-token calls do not."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from registry.extensions import db
from registry.models import User
from tests.factories import OrganisationFactory, UserFactory, editor_of
from tests.helpers import PASSWORD, bearer_for, form_csrf_token, meta_csrf_token, sign_in_as

HTTPS = "https://registry.example"


@pytest.fixture
def csrf_app(app: Flask) -> Flask:
    """Return the app checking CSRF tokens, as production does (read on each request)."""
    app.config["WTF_CSRF_ENABLED"] = True
    return app


@pytest.fixture
def admin(csrf_app: Flask) -> Any:
    """Return an org admin without a password (signed in directly, no Argon2)."""
    return editor_of(OrganisationFactory().id, role="org_admin")


def page_token(client: FlaskClient) -> str:
    """Return the CSRF token a signed-in page offers to scripts."""
    return meta_csrf_token(client.get("/account/").get_data(as_text=True))


def display_name(user_id: int) -> str:
    """Return a user's display name as stored now."""
    db.session.expire_all()
    return db.session.get(User, user_id).display_name


def test_signin_post_without_csrf_token_answers_400_and_signs_nobody_in(
    csrf_app: Flask,
) -> None:
    UserFactory(email="amina@example.org", organisation_id=OrganisationFactory().id)
    client = csrf_app.test_client()

    response = client.post("/signin", data={"email": "amina@example.org", "password": PASSWORD})

    assert response.status_code == 400
    assert client.get("/home").status_code == 302


def test_signin_post_with_the_forms_csrf_token_signs_in(csrf_app: Flask) -> None:
    UserFactory(email="amina@example.org", organisation_id=OrganisationFactory().id)
    client = csrf_app.test_client()
    token = form_csrf_token(client.get("/signin").get_data(as_text=True))

    response = client.post(
        "/signin",
        data={"email": "amina@example.org", "password": PASSWORD, "csrf_token": token},
    )

    assert response.status_code == 302
    assert client.get("/home").status_code == 200


def test_signout_without_csrf_token_answers_400_and_keeps_the_session(
    csrf_app: Flask, admin: Any
) -> None:
    client = sign_in_as(csrf_app.test_client(), admin)

    response = client.post("/signout")

    assert response.status_code == 400
    assert client.get("/home").status_code == 200


def test_session_api_write_without_csrf_header_answers_400(csrf_app: Flask, admin: Any) -> None:
    client = sign_in_as(csrf_app.test_client(), admin)

    response = client.patch(f"/api/v1/users/{admin.id}", json={"display_name": "Forged"})

    assert response.status_code == 400
    assert response.get_json()["code"] == 400
    assert display_name(admin.id) != "Forged"


def test_session_api_write_with_a_wrong_csrf_header_answers_400(
    csrf_app: Flask, admin: Any
) -> None:
    client = sign_in_as(csrf_app.test_client(), admin)
    other = sign_in_as(csrf_app.test_client(), admin)

    response = client.patch(
        f"/api/v1/users/{admin.id}",
        json={"display_name": "Forged"},
        headers={"X-CSRFToken": page_token(other)},
    )

    assert response.status_code == 400


def test_session_api_write_with_the_pages_csrf_token_succeeds(csrf_app: Flask, admin: Any) -> None:
    client = sign_in_as(csrf_app.test_client(), admin)

    response = client.patch(
        f"/api/v1/users/{admin.id}",
        json={"display_name": "Renamed"},
        headers={"X-CSRFToken": page_token(client)},
    )

    assert response.status_code == 200
    assert display_name(admin.id) == "Renamed"


def test_bearer_api_write_needs_no_csrf_token(csrf_app: Flask, admin: Any) -> None:
    response = csrf_app.test_client().patch(
        f"/api/v1/users/{admin.id}", json={"display_name": "Renamed"}, headers=bearer_for(admin)
    )

    assert response.status_code == 200
    assert display_name(admin.id) == "Renamed"


def test_session_api_write_with_a_bearer_header_still_needs_csrf_token(
    csrf_app: Flask, admin: Any
) -> None:
    # The browser sends the cookie by itself; a Bearer header next to it must not
    # switch the check off, or a forged request could add any Authorization header.
    client = sign_in_as(csrf_app.test_client(), admin)

    response = client.patch(
        f"/api/v1/users/{admin.id}",
        json={"display_name": "Forged"},
        headers={"Authorization": "Bearer t2r_not-a-real-token"},
    )

    assert response.status_code == 400


def test_signed_in_pages_offer_a_csrf_meta_tag(csrf_app: Flask, admin: Any) -> None:
    client = sign_in_as(csrf_app.test_client(), admin)

    assert meta_csrf_token(client.get("/home").get_data(as_text=True))


def test_https_signin_form_with_token_succeeds_as_a_browser_sends_it(csrf_app: Flask) -> None:
    UserFactory(email="amina@example.org", organisation_id=OrganisationFactory().id)
    client = csrf_app.test_client()
    page = client.get("/signin", base_url=HTTPS)
    # A browser sends a Referer only when the page's Referrer-Policy lets it.
    policy = page.headers.get("Referrer-Policy", "strict-origin-when-cross-origin")
    referer = {} if policy == "no-referrer" else {"Referer": f"{HTTPS}/signin"}

    response = client.post(
        "/signin",
        base_url=HTTPS,
        headers=referer,
        data={
            "email": "amina@example.org",
            "password": PASSWORD,
            "csrf_token": form_csrf_token(page.get_data(as_text=True)),
        },
    )

    assert response.status_code == 302
