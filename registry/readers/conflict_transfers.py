"""A conflict's transfer events as its coordinators review their evidence, and where a
transfer belongs (its initiative and conflict) for the pages that act on one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from .. import policy
from ..errors import NotFound
from ..extensions import db
from ..models import Initiative, TransferEvent
from ..policy import Access, Actor


@dataclass(frozen=True)
class TransferLine:
    """A transfer event with its initiative's title and its issues' names."""

    id: int
    version: int
    initiative_id: int
    initiative_title: str
    title: str
    kind: str
    delivered_on: date
    evidence: str
    issues: tuple[str, ...]


@dataclass(frozen=True)
class TransferRef:
    """Where a transfer event belongs."""

    id: int
    initiative_id: int
    conflict_id: int


def conflict_transfers(actor: Actor, conflict_id: int) -> list[TransferLine]:
    """Return the transfers of the conflict's initiatives whose lists the actor reads,
    newest first (its coordinators read them all)."""
    statement = (
        sa.select(TransferEvent, Initiative.title)
        .join(Initiative, Initiative.id == TransferEvent.initiative_id)
        .where(
            Initiative.conflict_id == conflict_id,
            policy.visible_initiatives(actor, Access.EVERYTHING),
        )
        .options(selectinload(TransferEvent.issues))
        .order_by(TransferEvent.delivered_on.desc(), TransferEvent.id.desc())
    )
    return [
        TransferLine(
            id=event.id,
            version=event.version,
            initiative_id=event.initiative_id,
            initiative_title=initiative_title,
            title=event.title,
            kind=event.kind,
            delivered_on=event.delivered_on,
            evidence=event.evidence,
            issues=tuple(issue.name for issue in event.issues),
        )
        for event, initiative_title in db.session.execute(statement)
    ]


def transfer_ref(transfer_id: int) -> TransferRef:
    """Return a transfer event's initiative and conflict, or raise NotFound."""
    statement = (
        sa.select(TransferEvent.id, TransferEvent.initiative_id, Initiative.conflict_id)
        .join(Initiative, Initiative.id == TransferEvent.initiative_id)
        .where(TransferEvent.id == transfer_id)
    )
    found = db.session.execute(statement).one_or_none()
    if found is None:
        raise NotFound()
    event_id, initiative_id, conflict_id = found
    return TransferRef(event_id, initiative_id, conflict_id)
