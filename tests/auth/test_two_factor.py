"""Two-factor sign-in: enrolment, codes at sign-in and for API tokens, replays, recovery codes."""

from __future__ import annotations

import re
from typing import Any

import pyotp
import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from registry.extensions import db
from registry.models import RecoveryCode, User
from registry.services import two_factor, users
from tests.factories import SYSTEM, ConflictFactory, OrganisationFactory, UserFactory
from tests.helpers import PASSWORD, is_signed_in, stored

EMAIL = "amina@example.org"
SECRET_ON_PAGE = re.compile(r'<code id="totp-secret"[^>]*>([A-Z2-7]+)</code>')
RECOVERY_ON_PAGE = re.compile(r"<li>([a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4})</li>")


@pytest.fixture
def member(app: Flask) -> Any:
    """Return a user with a password who has not enrolled."""
    return UserFactory(email=EMAIL, organisation_id=OrganisationFactory().id)


@pytest.fixture
def enrolled(member: Any) -> str:
    """Enrol the member with a new secret (as the command line does) and return it."""
    return two_factor.enrol_with_secret(SYSTEM, member.id)


def sign_in(client: FlaskClient, password: str = PASSWORD) -> Any:
    return client.post("/signin", data={"email": EMAIL, "password": password})


def enter_code(client: FlaskClient, code: str) -> Any:
    return client.post("/signin/code", data={"code": code})


def enrol_on_the_page(client: FlaskClient) -> tuple[str, list[str]]:
    """Set up two-factor from /account as a user would; return the secret and recovery codes."""
    account = client.get("/account/").get_data(as_text=True)
    assert "/account/two-factor" in account
    page = client.get("/account/two-factor").get_data(as_text=True)
    secret = SECRET_ON_PAGE.search(page).group(1)
    assert 'src="data:image/svg+xml' in page  # the QR code is drawn here, not fetched
    done = client.post("/account/two-factor", data={"code": pyotp.TOTP(secret).now()})
    assert done.status_code == 200
    return secret, RECOVERY_ON_PAGE.findall(done.get_data(as_text=True))


# Enrolment --------------------------------------------------------------------------------


def test_enrolment_on_the_account_page_shows_ten_recovery_codes(app: Flask, member: Any) -> None:
    client = app.test_client()
    sign_in(client)

    secret, codes = enrol_on_the_page(client)

    assert len(codes) == 10 and len(set(codes)) == 10
    user = stored(User, member.id)
    assert user.has_two_factor
    assert secret not in user.totp_secret  # encrypted at rest, with the data key
    assert user.totp_secret.startswith("v1:")


def test_recovery_codes_are_stored_only_as_digests(app: Flask, member: Any) -> None:
    client = app.test_client()
    sign_in(client)
    _, codes = enrol_on_the_page(client)

    digests = db.session.scalars(sa.select(RecoveryCode.digest)).all()

    assert len(digests) == 10
    plain = {code.replace("-", "") for code in codes}
    assert not plain & set(digests)
    assert all(re.fullmatch("[0-9a-f]{64}", digest) for digest in digests)


def test_wrong_code_does_not_enrol(app: Flask, member: Any) -> None:
    client = app.test_client()
    sign_in(client)
    page = client.get("/account/two-factor").get_data(as_text=True)
    secret = SECRET_ON_PAGE.search(page).group(1)
    wrong = f"{(int(pyotp.TOTP(secret).now()) + 1) % 1_000_000:06d}"

    response = client.post("/account/two-factor", data={"code": wrong})

    assert response.status_code == 422
    assert "This code is not right" in response.get_data(as_text=True)
    assert SECRET_ON_PAGE.search(response.get_data(as_text=True)).group(1) == secret
    assert not stored(User, member.id).has_two_factor


# Signing in --------------------------------------------------------------------------------


def test_user_without_two_factor_signs_in_with_the_password_alone(app: Flask, member: Any) -> None:
    client = app.test_client()

    sign_in(client)

    assert is_signed_in(client)


def test_enrolled_user_is_not_signed_in_by_the_password_alone(app: Flask, enrolled: str) -> None:
    client = app.test_client()

    response = sign_in(client)

    assert response.status_code == 302
    assert response.headers["Location"].endswith("/signin/code")
    assert not is_signed_in(client)


def test_enrolled_user_signs_in_with_password_and_code(app: Flask, enrolled: str) -> None:
    client = app.test_client()
    sign_in(client)

    response = enter_code(client, pyotp.TOTP(enrolled).now())

    assert response.status_code == 302
    assert is_signed_in(client)


def test_wrong_code_does_not_sign_in(app: Flask, enrolled: str) -> None:
    client = app.test_client()
    sign_in(client)
    wrong = f"{(int(pyotp.TOTP(enrolled).now()) + 1) % 1_000_000:06d}"

    response = enter_code(client, wrong)

    assert response.status_code == 200
    assert "not right" in response.get_data(as_text=True)
    assert not is_signed_in(client)


def test_code_page_without_the_password_step_signs_nobody_in(app: Flask, enrolled: str) -> None:
    client = app.test_client()

    response = enter_code(client, pyotp.TOTP(enrolled).now())

    assert response.status_code == 302
    assert response.headers["Location"].endswith("/signin")
    assert not is_signed_in(client)


def test_replayed_code_is_refused(app: Flask, enrolled: str) -> None:
    code = pyotp.TOTP(enrolled).now()
    first, second = app.test_client(), app.test_client()
    sign_in(first)
    enter_code(first, code)
    assert is_signed_in(first)

    sign_in(second)
    response = enter_code(second, code)

    assert response.status_code == 200
    assert not is_signed_in(second)


def test_code_of_the_previous_step_is_accepted_once(
    app: Flask, enrolled: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    totp = pyotp.TOTP(enrolled)
    now = two_factor.now()
    previous = totp.at(now - 30)
    client = app.test_client()
    sign_in(client)

    assert enter_code(client, previous).status_code == 302
    monkeypatch.setattr(two_factor, "now", lambda: now + 90)  # three steps later: too old
    other = app.test_client()
    sign_in(other)
    assert enter_code(other, totp.at(now)).status_code == 200


def test_code_attempts_are_rate_limited(app: Flask, enrolled: str) -> None:
    app.config["TWO_FACTOR_CODE_LIMIT"] = "3 per minute"
    client = app.test_client()
    sign_in(client)
    for _ in range(3):
        enter_code(client, "000000")

    response = enter_code(client, pyotp.TOTP(enrolled).now())

    assert response.status_code == 429
    assert not is_signed_in(client)


# Recovery codes ----------------------------------------------------------------------------


def test_recovery_code_signs_in_once(app: Flask, member: Any) -> None:
    setup = app.test_client()
    sign_in(setup)
    _, codes = enrol_on_the_page(setup)
    first = app.test_client()
    sign_in(first)
    assert enter_code(first, codes[0]).status_code == 302
    assert is_signed_in(first)

    again = app.test_client()
    sign_in(again)
    refused = enter_code(again, codes[0])
    assert refused.status_code == 200
    assert not is_signed_in(again)

    assert enter_code(again, codes[1].upper()).status_code == 302
    assert is_signed_in(again)


# API tokens --------------------------------------------------------------------------------


def ask_token(client: FlaskClient, **extra: Any) -> Any:
    return client.post("/api/v1/auth/tokens", json={"email": EMAIL, "password": PASSWORD, **extra})


def test_api_token_of_an_enrolled_user_needs_the_code(app: Flask, enrolled: str) -> None:
    client = app.test_client()

    missing = ask_token(client)
    wrong = ask_token(client, code="000000" if pyotp.TOTP(enrolled).now() != "000000" else "1")
    right = ask_token(client, code=pyotp.TOTP(enrolled).now())

    assert missing.status_code == 401 and wrong.status_code == 401
    assert missing.get_json()["message"] == wrong.get_json()["message"]
    assert right.status_code == 201
    token = right.get_json()["token"]
    me = client.get("/api/v1/users/me", headers={"Authorization": f"Bearer {token}"})
    assert me.get_json()["email"] == EMAIL


def test_api_token_without_two_factor_needs_no_code(app: Flask, member: Any) -> None:
    assert ask_token(app.test_client()).status_code == 201


# Required roles ----------------------------------------------------------------------------


@pytest.fixture
def coordinator(app: Flask) -> Any:
    """Return an unenrolled coordinator of a conflict, two-factor being required of coordinators."""
    app.config["TWO_FACTOR_ROLES"] = frozenset({"coordinator"})
    user = UserFactory(email=EMAIL, organisation_id=OrganisationFactory().id, role="viewer")
    conflict = ConflictFactory()
    users.assign_coordinator(SYSTEM, user.id, conflict.id)
    return {"user": user, "conflict": conflict}


def test_coordinator_without_two_factor_is_sent_to_enrol_before_the_findings(
    app: Flask, coordinator: Any
) -> None:
    client = app.test_client()
    sign_in(client)
    findings = f"/conflicts/{coordinator['conflict'].id}/findings"

    response = client.get(findings)

    assert response.status_code == 302
    assert response.headers["Location"].endswith("/account/two-factor")
    api = client.get(f"/api/v1/conflicts/{coordinator['conflict'].id}/findings")
    assert api.status_code == 403
    assert "two-factor" in api.get_json()["message"]

    enrol_on_the_page(client)

    assert client.get(findings).status_code == 200
    assert client.get(f"/api/v1/conflicts/{coordinator['conflict'].id}/findings").status_code == 200


def test_coordinator_without_two_factor_gets_no_api_token(app: Flask, coordinator: Any) -> None:
    response = ask_token(app.test_client())

    assert response.status_code == 403
    assert "two-factor" in response.get_json()["message"]


def test_viewer_who_coordinates_nothing_is_not_asked_to_enrol(app: Flask, member: Any) -> None:
    app.config["TWO_FACTOR_ROLES"] = frozenset({"coordinator", "org_admin"})
    client = app.test_client()
    sign_in(client)

    assert client.get("/home").status_code == 200


def test_org_admin_must_enrol_when_the_role_is_listed(app: Flask) -> None:
    app.config["TWO_FACTOR_ROLES"] = frozenset({"org_admin"})
    UserFactory(email=EMAIL, organisation_id=OrganisationFactory().id, role="org_admin")
    client = app.test_client()
    sign_in(client)

    response = client.get("/home")

    assert response.status_code == 302
    assert response.headers["Location"].endswith("/account/two-factor")


# Command line ------------------------------------------------------------------------------


def test_create_user_with_a_totp_secret_enrols_it(app: Flask) -> None:
    OrganisationFactory(name="Amani Bridges")
    secret = pyotp.random_base32()
    result = app.test_cli_runner().invoke(
        args=[
            "registry", "create-user", EMAIL, "--org", "Amani Bridges", "--role", "org_admin",
            "--password", PASSWORD, "--totp-secret", secret,
        ]
    )  # fmt: skip
    assert result.exit_code == 0, result.output

    client = app.test_client()
    sign_in(client)
    enter_code(client, pyotp.TOTP(secret).now())
    assert is_signed_in(client)


def test_create_user_refuses_a_secret_that_is_not_base32(app: Flask) -> None:
    OrganisationFactory(name="Amani Bridges")
    result = app.test_cli_runner().invoke(
        args=[
            "registry", "create-user", EMAIL, "--org", "Amani Bridges", "--role", "editor",
            "--password", PASSWORD, "--totp-secret", "not base32 at all!",
        ]
    )  # fmt: skip

    assert result.exit_code != 0
    assert "totp_secret" in result.output
    assert users.find_by_email(EMAIL) is None


def test_enrol_totp_prints_a_secret_that_makes_the_codes(app: Flask, member: Any) -> None:
    result = app.test_cli_runner().invoke(args=["registry", "enrol-totp", EMAIL])
    assert result.exit_code == 0, result.output
    secret = result.output.strip()

    response = ask_token(app.test_client(), code=pyotp.TOTP(secret).now())

    assert response.status_code == 201


def test_org_admin_with_a_one_time_password_changes_it_then_enrols(app: Flask) -> None:
    from registry.services import user_admin

    app.config["TWO_FACTOR_ROLES"] = frozenset({"org_admin"})
    organisation = OrganisationFactory()
    UserFactory(email=EMAIL, organisation_id=organisation.id, role="org_admin")
    other_admin = UserFactory(organisation_id=organisation.id, role="org_admin", password=None)
    one_time = user_admin.reset_password(other_admin, users.find_by_email(EMAIL).id)
    client = app.test_client()
    sign_in(client, one_time)

    changed = client.post(
        "/account/password",
        data={"current_password": one_time, "new_password": "plum tractor 1987"},
    )

    assert changed.status_code == 302
    assert client.get("/home").headers["Location"].endswith("/account/two-factor")
    enrol_on_the_page(client)
    assert client.get("/home").status_code == 200


def test_code_sent_with_the_password_signs_in_at_once(app: Flask, enrolled: str) -> None:
    client = app.test_client()

    response = client.post(
        "/signin", data={"email": EMAIL, "password": PASSWORD, "code": pyotp.TOTP(enrolled).now()}
    )

    assert response.status_code == 302
    assert is_signed_in(client)


def test_wrong_code_sent_with_the_password_is_refused_like_a_wrong_password(
    app: Flask, enrolled: str
) -> None:
    client = app.test_client()

    response = client.post("/signin", data={"email": EMAIL, "password": PASSWORD, "code": "x1"})

    assert response.status_code == 200
    assert "not right" in response.get_data(as_text=True)
    assert not is_signed_in(client)


def test_sign_in_is_audited_only_once_the_code_is_accepted(app: Flask, enrolled: str) -> None:
    from registry.models import AuditEvent

    def actions() -> list[str]:
        db.session.rollback()
        return list(db.session.scalars(sa.select(AuditEvent.action).order_by(AuditEvent.id)))

    client = app.test_client()
    sign_in(client)
    assert "auth.sign_in" not in actions()

    enter_code(client, pyotp.TOTP(enrolled).now())

    assert actions()[-2:] == ["two_factor.verify", "auth.sign_in"]


def test_enrolment_takes_the_code_as_apps_show_it_with_a_space(app: Flask, member: Any) -> None:
    client = app.test_client()
    sign_in(client)
    page = client.get("/account/two-factor").get_data(as_text=True)
    code = pyotp.TOTP(SECRET_ON_PAGE.search(page).group(1)).now()

    client.post("/account/two-factor", data={"code": f"{code[:3]} {code[3:]}"})

    assert stored(User, member.id).has_two_factor
