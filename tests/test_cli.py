"""The `flask registry ...` commands, run through Flask's CLI test runner."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from click.testing import Result
from flask import Flask

from registry.extensions import db
from registry.models import AuditEvent, ConflictCoordinator, Organisation, User
from registry.services import organisations, users
from tests.factories import ConflictFactory, OrganisationFactory, editor_of
from tests.helpers import audit_rewritable

STRONG_PASSWORD = "a long enough passphrase"


def _run(app: Flask, *args: str) -> Result:
    return app.test_cli_runner().invoke(args=["registry", *args])


def _organisation(name: str) -> Organisation:
    found = organisations.find_by_name(name)
    assert found is not None
    db.session.refresh(found)
    return found


# create-org ---------------------------------------------------------------------------


def test_create_org_registers_the_organisation(app: Flask) -> None:
    result = _run(app, "create-org", "Registry operators", "--kind", "other")

    assert result.exit_code == 0, result.output
    assert _organisation("Registry operators").kind == "other"


def test_create_org_stores_repeated_jurisdictions_and_country(app: Flask) -> None:
    result = _run(
        app,
        "create-org",
        "Nairobi Peace Forum",
        "--kind",
        "ngo",
        "--country",
        "ke",
        "--jurisdiction",
        "KE",
        "--jurisdiction",
        "un",
        "--jurisdiction",
        "eu",
    )

    assert result.exit_code == 0, result.output
    organisation = _organisation("Nairobi Peace Forum")
    assert organisation.country == "KE"
    assert organisation.jurisdictions == ["EU", "KE", "UN"]


def test_create_org_with_an_unknown_kind_fails(app: Flask) -> None:
    result = _run(app, "create-org", "Odd", "--kind", "charity")

    assert result.exit_code != 0
    assert organisations.find_by_name("Odd") is None


def test_create_org_with_a_taken_name_fails_saying_why(app: Flask) -> None:
    OrganisationFactory(name="Taken")

    result = _run(app, "create-org", "taken", "--kind", "ngo")

    assert result.exit_code == 1
    assert "already registered" in result.output


# create-user ----------------------------------------------------------------------------


def test_create_user_with_a_password_stores_an_argon2id_hash(app: Flask) -> None:
    OrganisationFactory(name="Registry operators", kind="other")

    result = _run(
        app,
        "create-user",
        "Admin@Example.org",
        "--org",
        "Registry operators",
        "--role",
        "platform_admin",
        "--password",
        STRONG_PASSWORD,
    )

    assert result.exit_code == 0, result.output
    user = users.find_by_email("admin@example.org")
    assert user is not None
    assert user.role == "platform_admin"
    assert user.password_hash.startswith("$argon2id$")
    assert STRONG_PASSWORD not in user.password_hash


def test_create_user_never_echoes_the_password(app: Flask) -> None:
    OrganisationFactory(name="Registry operators", kind="other")

    result = _run(
        app,
        "create-user",
        "admin@example.org",
        "--org",
        "Registry operators",
        "--role",
        "platform_admin",
        "--password",
        STRONG_PASSWORD,
    )

    assert STRONG_PASSWORD not in result.output


def test_create_user_with_a_too_short_password_fails_with_a_clear_message(app: Flask) -> None:
    OrganisationFactory(name="Registry operators", kind="other")

    result = _run(
        app,
        "create-user",
        "admin@example.org",
        "--org",
        "Registry operators",
        "--role",
        "platform_admin",
        "--password",
        "short",
    )

    assert result.exit_code != 0
    assert "password" in result.output
    assert "at least 12 characters" in result.output
    assert db.session.scalar(sa.select(sa.func.count(User.id))) == 0


def test_create_user_of_an_unknown_organisation_fails(app: Flask) -> None:
    result = _run(
        app,
        "create-user",
        "lost@example.org",
        "--org",
        "Nobody",
        "--role",
        "editor",
        "--password",
        STRONG_PASSWORD,
    )

    assert result.exit_code != 0
    assert "no organisation is named 'Nobody'" in result.output
    assert db.session.scalar(sa.select(sa.func.count(User.id))) == 0


def test_create_user_without_password_or_terminal_creates_an_account_without_one(
    app: Flask,
) -> None:
    OrganisationFactory(name="Bridges")

    result = _run(app, "create-user", "later@example.org", "--org", "Bridges", "--role", "viewer")

    assert result.exit_code == 0, result.output
    assert "no password" in result.output
    assert users.find_by_email("later@example.org").password_hash is None


def test_create_user_with_a_taken_email_fails(app: Flask) -> None:
    organisation = OrganisationFactory(name="Bridges")
    taken = editor_of(organisation.id)

    result = _run(app, "create-user", taken.email.upper(), "--org", "Bridges", "--role", "viewer")

    assert result.exit_code == 1
    assert "email" in result.output


# assign-coordinator --------------------------------------------------------------------


def test_assign_coordinator_makes_the_user_coordinator_of_the_conflict(app: Flask) -> None:
    user = editor_of(OrganisationFactory().id)
    conflict = ConflictFactory(slug="baringo-turkana")

    result = _run(app, "assign-coordinator", user.email, "--conflict", "baringo-turkana")

    assert result.exit_code == 0, result.output
    assigned = db.session.scalars(
        sa.select(ConflictCoordinator.conflict_id).where(ConflictCoordinator.user_id == user.id)
    ).all()
    assert assigned == [conflict.id]


def test_assign_coordinator_twice_keeps_one_assignment(app: Flask) -> None:
    user = editor_of(OrganisationFactory().id)
    ConflictFactory(slug="border")
    _run(app, "assign-coordinator", user.email, "--conflict", "border")

    result = _run(app, "assign-coordinator", user.email, "--conflict", "border")

    assert result.exit_code == 0, result.output
    assert db.session.scalar(sa.select(sa.func.count(ConflictCoordinator.id))) == 1


def test_assign_coordinator_to_an_unknown_conflict_fails(app: Flask) -> None:
    user = editor_of(OrganisationFactory().id)

    result = _run(app, "assign-coordinator", user.email, "--conflict", "nowhere")

    assert result.exit_code != 0
    assert "nowhere" in result.output


def test_assign_coordinator_of_an_unknown_user_fails(app: Flask) -> None:
    ConflictFactory(slug="border")

    result = _run(app, "assign-coordinator", "ghost@example.org", "--conflict", "border")

    assert result.exit_code != 0
    assert "ghost@example.org" in result.output


# audit-verify ---------------------------------------------------------------------------


def test_audit_verify_on_an_intact_chain_exits_zero(app: Flask) -> None:
    OrganisationFactory()
    OrganisationFactory()

    result = _run(app, "audit-verify")

    assert result.exit_code == 0, result.output
    assert "intact" in result.output
    assert "2 events" in result.output


def test_audit_verify_after_tampering_exits_one_and_says_broken(app: Flask) -> None:
    OrganisationFactory()
    OrganisationFactory()
    first = db.session.scalar(sa.select(sa.func.min(AuditEvent.id)))
    db.session.commit()  # end the read, as a separate `flask` process would not share it
    with db.engine.begin() as connection, audit_rewritable(connection):
        connection.execute(
            sa.update(AuditEvent).where(AuditEvent.id == first).values(details={"forged": True})
        )

    result = _run(app, "audit-verify")

    assert result.exit_code == 1
    assert "BROKEN" in result.output
    assert f"event {first}" in result.output


@pytest.mark.parametrize(
    "args",
    [
        ("create-org", "--help"),
        ("create-user", "--help"),
        ("assign-coordinator", "--help"),
        ("audit-verify", "--help"),
    ],
)
def test_every_foundation_command_documents_itself(app: Flask, args: tuple[str, ...]) -> None:
    result = _run(app, *args)

    assert result.exit_code == 0
    assert "Usage:" in result.output
