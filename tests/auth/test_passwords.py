"""Password strength: zxcvbn's estimate with the user's own words, at least 12 characters."""

from __future__ import annotations

import pytest
from flask import Flask

from registry.auth.passwords import password_problem
from registry.errors import Invalid
from registry.services import users
from registry.services.inputs import build
from registry.services.inputs.users import UserInput
from tests.factories import SYSTEM, OrganisationFactory, UserFactory
from tests.helpers import PASSWORD


@pytest.mark.parametrize(
    "password",
    [
        "iloveyou2024",
        "correcthorsebatterystaple",
        "Password1234!",
        "qwertyuiopasdf",
        "aaaaaaaaaaaaaaaa",
        "123456789012345",
    ],
)
def test_guessable_passwords_are_refused(password: str) -> None:
    assert "too easy to guess" in (password_problem(password) or "")


def test_short_password_is_refused_whatever_its_strength() -> None:
    assert "12 characters" in (password_problem("x7#Qp!v9Lm") or "")


@pytest.mark.parametrize(
    "password",
    [PASSWORD, "demo-coordinator-2026", "demo-platform-admin-2026", "plum tractor velvet 1987"],
)
def test_long_uncommon_passphrases_are_accepted(password: str) -> None:
    assert password_problem(password) is None


def test_the_users_own_email_and_name_count_as_guessable() -> None:
    for password in ("aminalokwang", "amina.lokwang@example.org"):
        assert password_problem(password) is None

        assert password_problem(password, ["amina.lokwang@example.org", "Amina Lokwang"])


def test_creating_a_user_with_their_own_name_as_password_is_refused(app: Flask) -> None:
    organisation = OrganisationFactory()
    data = {
        "email": "amina.lokwang@example.org",
        "display_name": "Amina Lokwang",
        "organisation_id": organisation.id,
        "role": "editor",
        "password": "aminalokwang",
    }

    with pytest.raises(Invalid) as refused:
        users.create(SYSTEM, build(UserInput, data))

    assert "password" in refused.value.errors["json"]


def test_changing_to_a_weak_password_is_refused_naming_the_field(app: Flask) -> None:
    user = UserFactory(organisation_id=OrganisationFactory().id)

    with pytest.raises(Invalid) as refused:
        users.change_own_password(user, PASSWORD, "iloveyou2024")

    assert "new_password" in refused.value.errors["json"]
