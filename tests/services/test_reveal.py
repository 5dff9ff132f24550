"""Reading names and the reveal workflow: who may read a participant's name, and the audit of it."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa
from flask import Flask

from registry.errors import Invalid, NotFound, PermissionDenied, StateConflict
from registry.extensions import db
from registry.models import AuditEvent, RevealRequest
from registry.services import identities, people
from registry.services.inputs import build
from registry.services.inputs.people import PersonChanges
from tests.factories import (
    SYSTEM,
)
from tests.world import World, build_world, initiative, member, org, person, place


@pytest.fixture
def world(app: Flask) -> World:
    """An NGO's participant, its coordinator, the NGO's admin and viewer, another NGO's editor."""
    made = build_world(
        scopes={"where": place(only=("issue",))},
        organisations={"ngo": org(), "coordination": org("coordination_body"), "other": org()},
        initiatives={"initiative": initiative("ngo", confidentiality="registry")},
        people={
            "person": person(
                "ngo",
                ("initiative",),
                full_name="Canary Amina Lokwang",
                gender="female",
                sector="women",
                proximity=1,
            )
        },
        users={
            "coordinator": member("coordination", role="viewer", coordinates=("where",)),
            "owner_admin": member("ngo", role="org_admin"),
            "owner_viewer": member("ngo", role="viewer"),
            "member": member("other", role="editor"),
        },
    )
    db.session.refresh(made.coordinator)  # load the conflicts it coordinates
    return made


def name_reads() -> int:
    statement = sa.select(sa.func.count()).where(AuditEvent.action == "person.read_full_name")
    return db.session.scalar(statement)


def test_read_full_name_by_owner_is_allowed_and_not_audited_as_outside_read(world) -> None:
    assert identities.read_full_name(world["owner_viewer"], world["person"].id) == (
        "Canary Amina Lokwang"
    )
    assert name_reads() == 0


def test_read_full_name_of_pseudonymous_person_by_coordinator_is_not_found(world) -> None:
    with pytest.raises(NotFound):
        identities.read_full_name(world["coordinator"], world["person"].id)


def test_read_full_name_by_member_who_sees_no_rows_is_not_found_even_when_named(world) -> None:
    people.update(
        SYSTEM, world["person"].id, build(PersonChanges, {"identity_visibility": "named"})
    )
    with pytest.raises(NotFound):
        identities.read_full_name(world["member"], world["person"].id)


def test_read_full_name_of_named_person_by_coordinator_is_audited(world) -> None:
    people.update(
        SYSTEM, world["person"].id, build(PersonChanges, {"identity_visibility": "named"})
    )
    assert identities.read_full_name(world["coordinator"], world["person"].id)
    assert name_reads() == 1


def test_approved_reveal_lets_coordinator_read_for_24_hours(world) -> None:
    request = identities.request_reveal(world["coordinator"], world["person"].id, "Vetting")
    request = identities.decide_reveal(world["owner_admin"], request.id, approve=True)
    assert identities.read_full_name(world["coordinator"], world["person"].id)
    assert name_reads() == 1
    db.session.execute(
        sa.update(RevealRequest).values(expires_at=request.decided_at - timedelta(hours=1))
    )
    db.session.commit()
    with pytest.raises(NotFound):
        identities.read_full_name(world["coordinator"], world["person"].id)


def test_refused_reveal_keeps_the_name_hidden(world) -> None:
    request = identities.request_reveal(world["coordinator"], world["person"].id, "Vetting")
    identities.decide_reveal(world["owner_admin"], request.id, approve=False)
    with pytest.raises(NotFound):
        identities.read_full_name(world["coordinator"], world["person"].id)


def test_request_reveal_without_reason_is_refused(world) -> None:
    with pytest.raises(Invalid) as error:
        identities.request_reveal(world["coordinator"], world["person"].id, "  ")
    assert "reason" in error.value.errors["json"]


def test_request_reveal_by_non_coordinator_is_not_found(world) -> None:
    with pytest.raises(NotFound):
        identities.request_reveal(world["member"], world["person"].id, "Curious")


def test_decide_reveal_by_owner_viewer_is_denied(world) -> None:
    request = identities.request_reveal(world["coordinator"], world["person"].id, "Vetting")
    with pytest.raises(PermissionDenied):
        identities.decide_reveal(world["owner_viewer"], request.id, approve=True)


def test_decide_reveal_twice_is_a_conflict(world) -> None:
    request = identities.request_reveal(world["coordinator"], world["person"].id, "Vetting")
    identities.decide_reveal(world["owner_admin"], request.id, approve=False)
    with pytest.raises(StateConflict):
        identities.decide_reveal(world["owner_admin"], request.id, approve=True)


def test_reveal_workflow_is_audited_without_the_name(world) -> None:
    request = identities.request_reveal(world["coordinator"], world["person"].id, "Vetting")
    identities.decide_reveal(world["owner_admin"], request.id, approve=True)
    identities.read_full_name(world["coordinator"], world["person"].id)
    events = db.session.scalars(sa.select(AuditEvent)).all()
    actions = {event.action for event in events}
    assert {"reveal.request", "reveal.approved", "person.read_full_name"} <= actions
    assert all("Canary" not in str(event.details) for event in events)
