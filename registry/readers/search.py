"""Search the initiatives a reader may see, by title, summary and sponsor name (SPEC 6.1)."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from .. import policy
from ..extensions import db
from ..models import Conflict, Initiative, Organisation
from ..policy import Actor

MAX_QUERY = 200


@dataclass(frozen=True, slots=True)
class Hit:
    """One initiative found, in names."""

    id: int
    title: str
    sponsor: str
    conflict: str
    status: str
    summary: str | None


def _pattern(text: str) -> str:
    """A LIKE pattern matching the text anywhere, its wildcards taken literally."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _matching(actor: Actor, text: str) -> sa.Select[Initiative, str, str]:
    """Initiatives the actor sees whose title, summary or sponsor's name holds the text."""
    pattern = _pattern(text.strip()[:MAX_QUERY])
    return (
        sa.select(Initiative, Organisation.name, Conflict.name)
        .join(Organisation, Organisation.id == Initiative.sponsor_id)
        .join(Conflict, Conflict.id == Initiative.conflict_id)
        .where(
            policy.visible_initiatives(actor),
            sa.or_(
                Initiative.title.ilike(pattern, escape="\\"),
                Initiative.summary.ilike(pattern, escape="\\"),
                Organisation.name.ilike(pattern, escape="\\"),
            ),
        )
    )


def count(actor: Actor, text: str) -> int:
    """Return how many initiatives the actor sees match the text."""
    statement = _matching(actor, text).with_only_columns(sa.func.count())
    return db.session.scalar(statement) or 0


def search(actor: Actor, text: str, start: int = 0, limit: int = 50) -> tuple[Hit, ...]:
    """Return one page of the matching initiatives, by title."""
    statement = (
        _matching(actor, text).order_by(Initiative.title, Initiative.id).offset(start).limit(limit)
    )
    return tuple(
        Hit(row.id, row.title, sponsor, conflict, row.status, row.summary)
        for row, sponsor, conflict in db.session.execute(statement).all()
    )
