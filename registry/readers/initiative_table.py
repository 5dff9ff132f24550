"""The initiatives table: the reader's organisation's initiatives, or the others it may see."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa

from .. import policy
from ..extensions import db
from ..models import Initiative, Organisation
from ..policy import Actor
from .initiatives import visible_matching


@dataclass(frozen=True)
class InitiativeLine:
    """One row of the table: what any reader who sees the initiative may read of it."""

    id: int
    title: str
    confidentiality: str
    conflict_id: int
    sponsor_id: int
    sponsor: str
    status: str
    start_date: date | None
    end_date: date | None
    updated_at: datetime
    editable: bool  # the reader edits it (an editor of its sponsor)


def _listed(actor: Actor, filters: dict[str, Any], others: bool) -> sa.Select[Any]:
    """Return the SELECT of the initiatives on the tab: the actor's sponsor's, or the others."""
    statement = visible_matching(actor, filters)
    if others:
        statement = statement.where(Initiative.sponsor_id != actor.organisation_id)
    return statement


def count(actor: Actor, filters: dict[str, Any], others: bool = False) -> int:
    """Return how many initiatives the tab lists."""
    listed = _listed(actor, filters, others).subquery()
    return int(db.session.scalar(sa.select(sa.func.count()).select_from(listed)) or 0)


def lines(
    actor: Actor, filters: dict[str, Any], others: bool, start: int, limit: int
) -> tuple[InitiativeLine, ...]:
    """Return one page of the tab, the latest updated first, with each sponsor's name."""
    statement = (
        _listed(actor, filters, others)
        .add_columns(Organisation.name)
        .join(Organisation, Organisation.id == Initiative.sponsor_id)
        .order_by(Initiative.updated_at.desc(), Initiative.id.desc())
        .limit(limit)
        .offset(start)
    )
    rows = db.session.execute(statement).all()
    return tuple(_line(actor, initiative, sponsor) for initiative, sponsor in rows)


def _line(actor: Actor, initiative: Initiative, sponsor: str) -> InitiativeLine:
    return InitiativeLine(
        id=initiative.id,
        title=initiative.title,
        confidentiality=initiative.confidentiality,
        conflict_id=initiative.conflict_id,
        sponsor_id=initiative.sponsor_id,
        sponsor=sponsor,
        status=initiative.status,
        start_date=initiative.start_date,
        end_date=initiative.end_date,
        updated_at=initiative.updated_at,
        editable=policy.can_edit_initiative(actor, initiative),
    )
