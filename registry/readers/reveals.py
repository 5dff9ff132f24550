"""Reveal requests as the API lists them: those the reader made, and, for the admins who
answer for their organisation's people, those about its people."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from ..errors import NotFound
from ..extensions import db
from ..models import Person, RevealRequest
from ..policy import Actor, answers_for_own_people


@dataclass(frozen=True, slots=True)
class RevealRecord:
    """A coordinator's request to read a pseudonymous person's name, and its answer."""

    id: int
    created_at: datetime
    updated_at: datetime
    version: int
    person_id: int
    requested_by_id: int
    conflict_id: int
    reason: str
    status: str
    decided_by_id: int | None
    decided_at: datetime | None
    decision_note: str | None
    expires_at: datetime | None


def _record(r: RevealRequest) -> RevealRecord:
    return RevealRecord(
        id=r.id,
        created_at=r.created_at,
        updated_at=r.updated_at,
        version=r.version,
        person_id=r.person_id,
        requested_by_id=r.requested_by_id,
        conflict_id=r.conflict_id,
        reason=r.reason,
        status=r.status,
        decided_by_id=r.decided_by_id,
        decided_at=r.decided_at,
        decision_note=r.decision_note,
        expires_at=r.expires_at,
    )


def reveal_requests(actor: Actor) -> list[RevealRecord]:
    """Return the requests the actor made and, if it answers for its organisation's people,
    those about them; newest first, each once."""
    readable = RevealRequest.requested_by_id == actor.id
    if answers_for_own_people(actor):
        ours = sa.select(Person.id).where(Person.organisation_id == actor.organisation_id)
        readable = sa.or_(readable, RevealRequest.person_id.in_(ours))
    statement = sa.select(RevealRequest).where(readable).order_by(RevealRequest.id.desc())
    return [_record(r) for r in db.session.scalars(statement)]


def request_as_written(request_id: int) -> RevealRecord:
    """Return a request a service just let the actor make or answer (the service checked)."""
    found = db.session.get(RevealRequest, request_id)
    if found is None:
        raise NotFound()
    return _record(found)
