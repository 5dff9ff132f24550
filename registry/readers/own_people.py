"""Read, for an org admin, the requests to reveal its people's names and who read them, in names."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from ..extensions import db
from ..models import AuditEvent, Conflict, Organisation, Person, RevealRequest, User
from ..policy import Actor


@dataclass(frozen=True)
class RevealLine:
    """A request to reveal one of the organisation's people, with who asked."""

    id: int
    created_at: datetime
    alias: str
    conflict: str
    coordinator: str
    coordinator_organisation: str
    reason: str
    status: str
    expires_at: datetime | None
    decided_by: str | None


@dataclass(frozen=True)
class NameReadLine:
    """A read of one of the organisation's people's names by someone outside it."""

    at: datetime
    reader: str
    reader_organisation: str
    alias: str


def reveal_requests(actor: Actor) -> list[RevealLine]:
    """Return the requests about the actor's organisation's people, newest first."""
    asker, decider = aliased(User), aliased(User)
    rows = db.session.execute(
        sa.select(RevealRequest, Person.alias, Conflict.name, asker, Organisation.name, decider)
        .join(Person, Person.id == RevealRequest.person_id)
        .join(Conflict, Conflict.id == RevealRequest.conflict_id)
        .join(asker, asker.id == RevealRequest.requested_by_id)
        .join(Organisation, Organisation.id == asker.organisation_id)
        .outerjoin(decider, decider.id == RevealRequest.decided_by_id)
        .where(Person.organisation_id == actor.organisation_id)
        .order_by(RevealRequest.id.desc())
    ).all()
    return [
        RevealLine(
            id=request.id,
            created_at=request.created_at,
            alias=alias,
            conflict=conflict,
            coordinator=user.display_name,
            coordinator_organisation=organisation,
            reason=request.reason,
            status=request.status,
            expires_at=request.expires_at,
            decided_by=decided.display_name if decided is not None else None,
        )
        for request, alias, conflict, user, organisation, decided in rows
    ]


def _name_reads(actor: Actor) -> sa.Select[AuditEvent, str, str, str]:
    return (
        sa.select(AuditEvent, Person.alias, User.display_name, Organisation.name)
        .join(Person, Person.id == AuditEvent.object_id)
        .join(User, User.id == AuditEvent.actor_id)
        .join(Organisation, Organisation.id == User.organisation_id)
        .where(
            AuditEvent.action == "person.read_full_name",
            AuditEvent.object_type == "person",
            Person.organisation_id == actor.organisation_id,
        )
    )


def count_name_reads(actor: Actor) -> int:
    """Return how many reads of the organisation's people's names were recorded."""
    statement = sa.select(sa.func.count()).select_from(_name_reads(actor).subquery())
    return int(db.session.scalar(statement) or 0)


def name_reads(actor: Actor, offset: int = 0, limit: int = 50) -> list[NameReadLine]:
    """Return a page of those reads, newest first, naming the reader and its organisation."""
    rows = db.session.execute(
        _name_reads(actor).order_by(AuditEvent.id.desc()).offset(offset).limit(limit)
    ).all()
    return [
        NameReadLine(at=event.at, reader=reader, reader_organisation=organisation, alias=alias)
        for event, alias, reader, organisation in rows
    ]
