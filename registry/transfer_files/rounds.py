"""The columns of a rounds import, and how one row's cells are read (no database here)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..models.enums import ROUND_STATUSES
from . import cells
from .cells import CellError
from .columns import Problem
from .reading import Table

STATUS_LABELS = {code: code.capitalize() for code in ROUND_STATUSES}


@dataclass(frozen=True)
class RoundColumn:
    """One column of the rounds sheet: its header, the field it fills, how it is read."""

    label: str
    field: str
    read: Callable[[str], Any]
    required: bool = False


COLUMNS = (
    RoundColumn("Title", "title", lambda v: cells.title(v, 300), required=True),
    RoundColumn("Track One bodies", "bodies", cells.names, required=True),
    RoundColumn("Starts on", "starts_on", cells.iso_date, required=True),
    RoundColumn("Ends on", "ends_on", cells.iso_date, required=True),
    RoundColumn("Agenda issues", "agenda", cells.names),
    RoundColumn("Status", "status", lambda v: cells.choice(v, STATUS_LABELS, "round status"), True),
    RoundColumn("Notes", "notes", lambda v: cells.text(v, 10_000)),
)
HEADERS = tuple(column.label for column in COLUMNS)


def column_positions(table: Table) -> tuple[dict[str, int], list[Problem]]:
    """Find each column by its header (case and spacing ignored); report missing ones."""
    found = {cells.normalise(header): index for index, header in enumerate(table.headers)}
    positions, problems = {}, []
    for column in COLUMNS:
        index = found.get(cells.normalise(column.label))
        if index is None:
            if column.required:
                message = f"The column '{column.label}' is missing; start from the template."
                problems.append(Problem(table.header_row, column.label, message))
            continue
        positions[column.field] = index
    return positions, problems


def read_row(
    number: int, row: list[str], positions: dict[str, int]
) -> tuple[dict[str, Any], list[Problem]]:
    """Read one row's cells into fields (names, not ids), listing every problem."""
    values: dict[str, Any] = {}
    problems = []
    for column in COLUMNS:
        index = positions.get(column.field)
        raw = cells.unquote(row[index]) if index is not None and index < len(row) else ""
        try:
            value = column.read(raw)
        except CellError as error:
            problems.append(Problem(number, column.label, str(error)))
            continue
        if column.required and value in (None, "", []):
            problems.append(Problem(number, column.label, "Fill in this cell."))
            continue
        values[column.field] = value
    return values, problems
