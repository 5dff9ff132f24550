"""Reading participants' names and the reveal workflow; every read outside the owner is audited."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

import sqlalchemy as sa

from ..errors import Invalid, NotFound, PermissionDenied, StateConflict
from ..identity import data_ring, decrypt
from ..models import Initiative, Participation, Person, RevealRequest
from ..models.base import utcnow
from ..policy import Access, Actor, answers_for_own_people, initiative_access, is_coordinator
from . import audit
from .unit import check_version, get_or_404, service, session

REVEAL_LIFETIME = timedelta(hours=24)


def _initiatives_of(person: Person) -> list[Initiative]:
    statement = (
        sa.select(Initiative)
        .join(Participation, Participation.initiative_id == Initiative.id)
        .where(Participation.person_id == person.id)
    )
    return list(session().scalars(statement))


def sees_rows_of(actor: Actor, person: Person) -> bool:
    """Tell whether the actor sees a participation row of this person."""
    return any(
        initiative_access(actor, initiative) == Access.EVERYTHING
        for initiative in _initiatives_of(person)
    )


def active_reveal(actor: Actor, person: Person) -> RevealRequest | None:
    """Return the actor's approved, unexpired reveal of this person, if any."""
    if not actor.is_authenticated or actor.is_system:
        return None
    return session().scalar(
        sa.select(RevealRequest).where(
            RevealRequest.person_id == person.id,
            RevealRequest.requested_by_id == actor.id,
            RevealRequest.status == "approved",
            RevealRequest.expires_at > utcnow(),
        )
    )


def may_read_full_name(actor: Actor, person: Person) -> bool:
    """Tell whether the actor may read the name: its owner always; others who see a row of
    the person when the person is `named`, or with an approved reveal."""
    if actor.is_system or actor.organisation_id == person.organisation_id:
        return True
    if not sees_rows_of(actor, person):
        return False
    return person.identity_visibility == "named" or active_reveal(actor, person) is not None


@service
def read_full_name(actor: Actor, person_id: int) -> str:
    """Return a person's name to an actor allowed to read it, auditing reads by outsiders."""
    person = get_or_404(Person, person_id)
    if not may_read_full_name(actor, person):
        raise NotFound()
    if not actor.is_system and actor.organisation_id != person.organisation_id:
        audit.record(actor, "person.read_full_name", "person", person.id)
    return decrypt(data_ring(), person.full_name_encrypted, "person.full_name")


@service
def request_reveal(actor: Actor, person_id: int, reason: str) -> RevealRequest:
    """Ask the owning organisation to reveal a pseudonymous person's name (coordinators)."""
    person = get_or_404(Person, person_id)
    conflicts = {
        initiative.conflict_id
        for initiative in _initiatives_of(person)
        if is_coordinator(actor, initiative.conflict_id)
    }
    if actor.is_system or not conflicts:
        raise NotFound()
    if person.identity_visibility == "named":
        raise StateConflict("This person is registered as named; the name is already shown.")
    if not (reason or "").strip():
        raise Invalid.field(
            "reason", "Say why you need the name; the owning organisation reads it."
        )
    request = RevealRequest(
        person_id=person.id,
        requested_by_id=actor.id,
        conflict_id=min(conflicts),
        reason=reason.strip(),
        status="pending",
    )
    session().add(request)
    session().flush()
    audit.record(actor, "reveal.request", "reveal_request", request.id, {"person_id": person.id})
    return request


@service
def decide_reveal(
    actor: Actor,
    request_id: int,
    approve: bool,
    note: str | None = None,
    expected_version: int | None = None,
) -> RevealRequest:
    """Approve (for 24 hours) or refuse a reveal request (org admins of the owning organisation)."""
    request = get_or_404(RevealRequest, request_id)
    person = get_or_404(Person, request.person_id)
    if actor.organisation_id != person.organisation_id:
        raise NotFound()
    if not answers_for_own_people(actor):
        raise PermissionDenied("An admin of your organisation answers reveal requests.")
    check_version(request, expected_version)
    if request.status != "pending":
        raise StateConflict(f"This request was already {request.status}.")
    request.status = "approved" if approve else "refused"
    request.decided_by_id = actor.id
    request.decided_at = utcnow()
    request.decision_note = (note or "").strip() or None
    request.expires_at = request.decided_at + REVEAL_LIFETIME if approve else None
    session().flush()
    audit.record(actor, f"reveal.{request.status}", "reveal_request", request.id)
    return request


@service
def read_full_names(actor: Actor, person_ids: Iterable[int]) -> dict[int, str]:
    """Return the names the actor may read among these people (whose rows the caller has
    checked the actor sees), auditing each read by someone outside the owning organisation."""
    wanted = sorted(set(person_ids))
    people: Iterable[Person] = (
        session().scalars(sa.select(Person).where(Person.id.in_(wanted))) if wanted else []
    )
    names = {}
    for person in people:
        own = actor.is_system or actor.organisation_id == person.organisation_id
        if not own and person.identity_visibility != "named" and not active_reveal(actor, person):
            continue
        if not own:
            audit.record(actor, "person.read_full_name", "person", person.id)
        names[person.id] = decrypt(data_ring(), person.full_name_encrypted, "person.full_name")
    return names
