"""Coordination links a reader may see."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from ..models import CoordinationLink, Initiative
from ..policy import Actor


def readable_links(actor: Actor) -> sa.Select[Any]:
    """Return the SELECT of links the actor sees: either sponsor's users and the coordinators."""
    a, b = sa.orm.aliased(Initiative), sa.orm.aliased(Initiative)
    statement = (
        sa.select(CoordinationLink)
        .join(a, a.id == CoordinationLink.initiative_a_id)
        .join(b, b.id == CoordinationLink.initiative_b_id)
    )
    if not actor.is_system:
        statement = statement.where(
            sa.or_(
                a.sponsor_id == actor.organisation_id,
                b.sponsor_id == actor.organisation_id,
                a.conflict_id.in_(sorted(actor.coordinated_conflict_ids)),
            )
        )
    return statement.order_by(CoordinationLink.id)
