"""Names by id for pages' pickers: conflicts, organisations and a conflict's issues, regions,
parties and Track One bodies (reference data that every signed-in user reads)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, NamedTuple

import sqlalchemy as sa

from ..extensions import db
from ..models import Conflict, Issue, Organisation, Party, Region, TrackOneBody


class Choice(NamedTuple):
    """One option of a picker: the id it submits and the name it shows."""

    id: int
    name: str


def conflicts() -> list[Choice]:
    """Return every conflict, by name."""
    statement = sa.select(Conflict.id, Conflict.name).order_by(Conflict.name)
    return [Choice(conflict_id, name) for conflict_id, name in db.session.execute(statement)]


def conflict(conflict_id: int | None) -> Choice | None:
    """Return one conflict, or None when there is no such conflict."""
    if conflict_id is None:
        return None
    row = db.session.execute(
        sa.select(Conflict.id, Conflict.name).where(Conflict.id == conflict_id)
    ).one_or_none()
    return None if row is None else Choice(row.id, row.name)


class Funder(NamedTuple):
    """An organisation that may fund an initiative, with its kind (a donor, or what else)."""

    id: int
    name: str
    kind: str


def _of_conflict(model: Any, conflict_id: int) -> list[Choice]:
    """Return one kind of a conflict's reference data, by name."""
    statement = sa.select(model.id, model.name).filter_by(conflict_id=conflict_id)
    rows = db.session.execute(statement.order_by(model.name))
    return [Choice(row_id, name) for row_id, name in rows]


def issues_of(conflict_id: int) -> list[Choice]:
    """Return a conflict's issues, by name."""
    return _of_conflict(Issue, conflict_id)


def regions_of(conflict_id: int) -> list[Choice]:
    """Return a conflict's regions, by name."""
    return _of_conflict(Region, conflict_id)


def parties_of(conflict_id: int) -> list[Choice]:
    """Return a conflict's parties, by name."""
    return _of_conflict(Party, conflict_id)


def track_one_bodies_of(conflict_id: int) -> list[Choice]:
    """Return a conflict's Track One bodies, by name."""
    return _of_conflict(TrackOneBody, conflict_id)


def organisation_names(ids: Iterable[int]) -> dict[int, str]:
    """Return {id: name} of these organisations, by name."""
    statement = sa.select(Organisation.id, Organisation.name).where(
        Organisation.id.in_(sorted(set(ids)))
    )
    return dict(db.session.execute(statement.order_by(Organisation.name)).all())


def funders(kept: Iterable[int]) -> list[Funder]:
    """Return the donors, and any other organisation among `kept` (already funding), by name."""
    statement = (
        sa.select(Organisation.id, Organisation.name, Organisation.kind)
        .where(sa.or_(Organisation.kind == "donor", Organisation.id.in_(sorted(set(kept)))))
        .order_by(Organisation.name)
    )
    return [Funder(*row) for row in db.session.execute(statement)]
