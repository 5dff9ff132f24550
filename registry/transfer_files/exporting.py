"""Build the initiatives export: the rows and fields a reader may see, with names, not ids.

Which initiatives and which of their fields come from registry.readers.initiatives,
so the export follows the visibility policy exactly as the API's lists do.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa

from .. import policy
from ..extensions import db
from ..models import Conflict, Issue, Organisation, Region
from ..policy import Actor
from ..readers import initiatives as reader
from .cells import NO, YES
from .columns import BY_FIELD, COLUMNS, Column
from .writing import Cell

CHUNK = 500
_NAMED = {
    "conflict_id": Conflict,
    "sponsor_id": Organisation,
    "funder_ids": Organisation,
    "issue_ids": Issue,
    "region_ids": Region,
}


def export_table(
    actor: Actor, conflict_id: int | None = None, limit: int | None = None
) -> tuple[list[Column], list[list[Cell]]]:
    """Return the columns the reader may see and one row per initiative they may see.

    With `limit`, at most that many rows (the export-rows cap of REGISTRY_ANALYSIS_CAPS).
    """
    statement = reader.visible_query(actor, {"conflict_id": conflict_id})
    if limit is not None:
        statement = statement.limit(limit)
    initiatives = list(db.session.scalars(statement))
    presented: list[dict[str, Any]] = []
    for start in range(0, len(initiatives), CHUNK):
        presented += [
            row.shown() for row in reader.present(actor, initiatives[start : start + CHUNK])
        ]
    columns = visible_columns(actor, presented)
    names = _names(presented)
    return columns, [[_cell(column, row, names) for column in columns] for row in presented]


def count_rows(actor: Actor, conflict_id: int | None = None) -> int:
    """Count the initiatives an export by the reader would hold without a cap."""
    statement = reader.visible_query(actor, {"conflict_id": conflict_id}).order_by(None)
    return db.session.scalar(sa.select(sa.func.count()).select_from(statement.subquery())) or 0


def visible_columns(actor: Actor, presented: list[dict[str, Any]]) -> list[Column]:
    """Return the columns of the fields the reader sees (public ones for anonymous readers)."""
    if presented:
        seen = set().union(*(row.keys() for row in presented))
    else:
        seen = set(BY_FIELD) if actor.is_authenticated else set(policy.PUBLIC_FIELDS)
    return [column for column in COLUMNS if column.field in seen]


def _names(rows: list[dict[str, Any]]) -> dict[str, dict[int, str]]:
    """Return, per field that holds ids, the names of the records the rows refer to."""
    wanted: dict[type[Any], set[int]] = {}
    for field, model in _NAMED.items():
        ids = wanted.setdefault(model, set())
        for row in rows:
            value = row.get(field)
            ids.update(value if isinstance(value, tuple) else [] if value is None else [value])
    found = {model: _load(model, ids) for model, ids in wanted.items()}
    return {field: found[model] for field, model in _NAMED.items()}


def _load(model: Any, ids: Iterable[int]) -> dict[int, str]:
    ordered = sorted(ids)
    names: dict[int, str] = {}
    for start in range(0, len(ordered), CHUNK):
        chunk = ordered[start : start + CHUNK]
        statement = sa.select(model.id, model.name).where(model.id.in_(chunk))
        names.update(db.session.execute(statement).all())
    return names


def _cell(column: Column, row: dict[str, Any], names: dict[str, dict[int, str]]) -> Cell:
    """Return one cell: names for ids, human labels for codes, Yes/No for booleans."""
    if column.field not in row:
        return None
    value: Any = row[column.field]  # an id, a list of ids, a code, a bool or a date
    if column.field in names:
        named = names[column.field]
        if isinstance(value, tuple):
            return "; ".join(named.get(item, str(item)) for item in value)
        return named.get(value, str(value))
    if column.kind == "choice":
        label: Cell = column.choices.get(value, value)
        return label
    if column.kind == "yes_no":
        return YES if value else NO
    plain: Cell = value
    return plain
