"""Reading names and the reveal workflow: who may read a participant's name, and the audit of it."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from registry.errors import Invalid, NotFound, PermissionDenied, StateConflict
from registry.extensions import db
from registry.models import AuditEvent, RevealRequest
from registry.services import identities, people, users
from registry.services.inputs import build
from registry.services.inputs.people import PersonChanges, PersonInput
from tests.factories import (
    SYSTEM,
    ConflictFactory,
    InitiativeFactory,
    OrganisationFactory,
    UserFactory,
    participate,
    reference,
)


@pytest.fixture
def world(app):
    ngo = OrganisationFactory(kind="ngo")
    coordination = OrganisationFactory(kind="coordination_body")
    other = OrganisationFactory(kind="ngo")
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
    coordinator = UserFactory(organisation_id=coordination.id, role="viewer")
    users.assign_coordinator(SYSTEM, coordinator.id, conflict.id)
    db.session.refresh(coordinator)
    return {
        "person": person,
        "coordinator": coordinator,
        "owner_admin": UserFactory(organisation_id=ngo.id, role="org_admin"),
        "owner_viewer": UserFactory(organisation_id=ngo.id, role="viewer"),
        "member": UserFactory(organisation_id=other.id, role="editor"),
    }


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
