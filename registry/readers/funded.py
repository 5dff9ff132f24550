"""What a funder's organisation funds, without analysis: whether it funds anything (for the
navigation) and its funded initiatives by conflict (for the home page).

Only initiatives the reader sees whole count (a funder reads the restricted initiatives
it funds, never sealed ones: `policy.visible_initiatives` at `Access.EVERYTHING`).
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from .. import policy
from ..extensions import db
from ..models import Conflict, Initiative, Organisation
from ..models.initiative import initiative_funder
from ..policy import Access, Actor


@dataclass(frozen=True, slots=True)
class Line:
    """A funded initiative in a line: for the home page's short list."""

    id: int
    title: str
    status: str


def funded_query(actor: Actor) -> sa.Select[Initiative]:
    """Return the SELECT of the initiatives the reader's organisation funds and the reader
    sees whole, by title."""
    funded = sa.select(initiative_funder.c.initiative_id).where(
        initiative_funder.c.organisation_id == actor.organisation_id
    )
    return (
        sa.select(Initiative)
        .where(policy.visible_initiatives(actor, Access.EVERYTHING), Initiative.id.in_(funded))
        .order_by(Initiative.title, Initiative.id)
    )


def funds_any(actor: Actor) -> bool:
    """Whether the reader's organisation funds an initiative the reader reads whole."""
    statement = funded_query(actor).with_only_columns(Initiative.id).order_by(None).limit(1)
    return db.session.scalar(statement) is not None


def starts_at_portfolio(actor: Actor) -> bool:
    """Whether the reader's home is its portfolio (SPEC 6.1): a user of a donor
    organisation that funds an initiative the reader reads whole."""
    if actor.organisation_id is None:
        return False
    kind = db.session.scalar(
        sa.select(Organisation.kind).where(Organisation.id == actor.organisation_id)
    )
    return kind == "donor" and funds_any(actor)


def summary(actor: Actor) -> tuple[tuple[str, tuple[Line, ...]], ...]:
    """Return the funded initiatives by conflict name, without analysis (for the home page)."""
    rows = db.session.execute(
        funded_query(actor)
        .join(Conflict, Conflict.id == Initiative.conflict_id)
        .with_only_columns(Conflict.name, Initiative.id, Initiative.title, Initiative.status)
        .order_by(None)
        .order_by(Conflict.name, Initiative.title, Initiative.id)
    ).all()
    grouped: dict[str, list[Line]] = {}
    for conflict, initiative_id, title, status in rows:
        grouped.setdefault(conflict, []).append(Line(initiative_id, title, status))
    return tuple((name, tuple(lines)) for name, lines in grouped.items())
