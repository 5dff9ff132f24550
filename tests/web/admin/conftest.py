"""An operators' organisation and two NGOs with their admins and members, named as people are."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import pytest
from flask import Flask

from registry.extensions import db
from registry.models import User
from tests.factories import ConflictFactory, OrganisationFactory, UserFactory, one_transaction

# "user 8", "Organisation 4", "person 44": the ids the pages must never show.
ID_WORDING = re.compile(
    r"\b(user|person|organisation|organization|initiative|conflict|party|issue)\s+#?\d+\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Staff:
    """Who is who: users by role and organisation."""

    operator: Any
    amani_admin: Any
    amani_editor: Any
    border_admin: Any
    border_viewer: Any
    conflict: Any
    amani: Any
    border: Any


def named_user(organisation_id: int, name: str, role: str, email: str) -> Any:
    """Create a user without a password (no Argon2 hashing), named as a person is."""
    return UserFactory(
        organisation_id=organisation_id, display_name=name, role=role, email=email, password=None
    )


@pytest.fixture
def staff(app: Flask) -> Staff:
    with one_transaction():
        ops = OrganisationFactory(name="Registry operators", kind="other")
        amani = OrganisationFactory(name="Amani Bridges")
        border = OrganisationFactory(name="Border Voices")
        people = Staff(
            operator=named_user(ops.id, "Pat Operator", "platform_admin", "pat@ops.example"),
            amani_admin=named_user(amani.id, "Asha Mwangi", "org_admin", "asha@amani.example"),
            amani_editor=named_user(amani.id, "Eli Kiprop", "editor", "eli@amani.example"),
            border_admin=named_user(border.id, "Bruno Lind", "org_admin", "bruno@border.example"),
            border_viewer=named_user(border.id, "Vera Holm", "viewer", "vera@border.example"),
            conflict=ConflictFactory(name="Kerio Valley", slug="kerio-valley"),
            amani=amani,
            border=border,
        )
    return people


def fresh(user: Any) -> User:
    """Return the user as the database holds it now."""
    db.session.rollback()  # end the read snapshot, so the requests' writes show
    db.session.expire_all()  # the session keeps what it loaded across commits
    found = db.session.get(User, user.id)
    assert found is not None
    return found
