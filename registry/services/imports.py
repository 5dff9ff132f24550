"""Import initiatives from a spreadsheet: check every row first, then write all rows or none."""

from __future__ import annotations

from typing import Any

from sqlalchemy.exc import IntegrityError

from ..errors import Invalid, PermissionDenied
from ..models import Organisation
from ..policy import Actor, can_edit_for
from ..transfer_files import checking, reading
from ..transfer_files.checking import Planned
from ..transfer_files.columns import BY_FIELD, Problem
from . import audit, initiatives
from .inputs.initiatives import InitiativeInput
from .unit import get_or_404, integrity_error, service


class ImportRefused(Invalid):
    """At least one row has a problem, so nothing was written; `report` lists every problem."""

    def __init__(self, report: dict[str, Any]) -> None:
        errors: dict[str, list[str]] = {}
        for problem in report["errors"]:
            errors.setdefault(where(problem), []).append(problem["message"])
        count = len(report["errors"])
        message = f"The file has {count} problem{'' if count == 1 else 's'}; nothing was imported."
        super().__init__(errors, message, location="file")
        self.report = report


def where(problem: dict[str, Any]) -> str:
    """Name a problem's place in the file, e.g. "row 3, Issues"."""
    column = problem["column"]
    return f"row {problem['row']}, {column}" if column else f"row {problem['row']}"


def authorise(actor: Actor, sponsor_id: int | None = None) -> int:
    """Return the sponsor an import writes for, refusing an actor who may not edit its records.

    Users import for their own organisation; the system (the command line) names one.
    """
    sponsor_id = actor.organisation_id if sponsor_id is None else sponsor_id
    if sponsor_id is None:
        raise Invalid.field("sponsor_id", "Name the organisation whose initiatives these are.")
    if not actor.is_system and sponsor_id != actor.organisation_id:
        raise PermissionDenied()
    if not can_edit_for(actor, sponsor_id):
        raise PermissionDenied("Only editors of an organisation import its initiatives.")
    return sponsor_id


@service
def import_file(
    actor: Actor, content: bytes, *, sponsor_id: int | None = None, dry_run: bool = False
) -> dict[str, Any]:
    """Import initiatives from CSV or XLSX bytes; a dry run only reports.

    Every row is checked (all problems collected) before anything is written; then
    every row is written in this one transaction, or none when any row has a problem
    (ImportRefused, a 422 carrying the report). A row whose registry ID or reference
    the sponsor already uses updates that initiative.
    """
    sponsor_id = authorise(actor, sponsor_id)
    table = reading.read_table(content)  # parsed before the first query takes a write lock
    sponsor = get_or_404(Organisation, sponsor_id)
    planned, problems = checking.check_table(table, sponsor)
    report = _report(len(table.rows), planned, problems, dry_run)
    if dry_run:
        return report
    if problems:
        raise ImportRefused(_report(len(table.rows), [], problems, dry_run))
    _write(actor, planned, len(table.rows))
    details = {key: report[key] for key in ("rows", "created", "updated")}
    audit.record(actor, "initiative.import", "organisation", sponsor.id, details)
    return report


def _report(
    rows: int, planned: list[Planned], problems: list[Problem], dry_run: bool
) -> dict[str, Any]:
    """Count the rows that create and update, and list every problem by row and column."""
    created = sum(1 for plan in planned if plan.initiative_id is None)
    return {
        "rows": rows,
        "created": created,
        "updated": len(planned) - created,
        "errors": [problem.as_dict() for problem in problems],
        "dry_run": dry_run,
    }


def _write(actor: Actor, planned: list[Planned], rows: int) -> None:
    """Write the checked rows through the initiatives service, in the caller's transaction."""
    for plan in planned:
        try:
            if isinstance(plan.data, InitiativeInput):
                initiatives.create(actor, plan.data)
            elif plan.initiative_id is not None:
                initiatives.update(actor, plan.initiative_id, plan.data)
        except (Invalid, IntegrityError) as error:
            # The checks should have caught this; refuse the whole file all the same.
            refused = integrity_error(error) if isinstance(error, IntegrityError) else error
            raise ImportRefused(_report(rows, [], _problems(plan.row, refused), False)) from None


def _problems(row: int, error: Invalid) -> list[Problem]:
    """Turn a service's field errors into problems located in the file."""
    return [
        Problem(row, BY_FIELD[field].label if field in BY_FIELD else None, message)
        for fields in error.errors.values()
        for field, messages in fields.items()
        for message in messages
    ]
