"""Names by id for pages' pickers: conflicts and a conflict's issues (reference data that
every signed-in user reads)."""

from __future__ import annotations

from typing import NamedTuple

import sqlalchemy as sa

from ..extensions import db
from ..models import Conflict, Issue, TrackOneBody


class Choice(NamedTuple):
    """One option of a picker: the id it submits and the name it shows."""

    id: int
    name: str


def conflicts() -> list[Choice]:
    """Return every conflict, by name."""
    statement = sa.select(Conflict.id, Conflict.name).order_by(Conflict.name)
    return [Choice(conflict_id, name) for conflict_id, name in db.session.execute(statement)]


def issues_of(conflict_id: int) -> list[Choice]:
    """Return a conflict's issues, by name."""
    statement = (
        sa.select(Issue.id, Issue.name).filter_by(conflict_id=conflict_id).order_by(Issue.name)
    )
    return [Choice(issue_id, name) for issue_id, name in db.session.execute(statement)]


def track_one_bodies_of(conflict_id: int) -> list[Choice]:
    """Return a conflict's Track One bodies, by name."""
    statement = (
        sa.select(TrackOneBody.id, TrackOneBody.name)
        .filter_by(conflict_id=conflict_id)
        .order_by(TrackOneBody.name)
    )
    return [Choice(body_id, name) for body_id, name in db.session.execute(statement)]
