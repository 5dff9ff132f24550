"""Import a conflict's rounds from CSV or XLSX: check every row, then write all rows or none."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from ..errors import Invalid, PermissionDenied
from ..models import Conflict, Issue, TrackOneBody, TrackOneRound
from ..policy import Actor, can_manage_reference_data
from ..transfer_files import reading
from ..transfer_files import rounds as columns
from ..transfer_files.columns import Problem
from . import audit, rounds
from .imports import ImportRefused
from .inputs import build, every_field
from .inputs.calendar import RoundChanges, RoundInput
from .unit import get_or_404, service, session


def authorise(actor: Actor, conflict_id: int) -> Conflict:
    """Return the conflict, refusing an actor who does not manage its calendar."""
    conflict = get_or_404(Conflict, conflict_id)
    if not can_manage_reference_data(actor, conflict.id):
        raise PermissionDenied("Only platform admins and the conflict's coordinators do this.")
    return conflict


def _names(model: type[Any], conflict_id: int) -> dict[str, int]:
    statement = sa.select(model.name, model.id).where(model.conflict_id == conflict_id)
    return {name.casefold(): record_id for name, record_id in session().execute(statement)}


def _resolve(
    number: int, names: list[str], known: dict[str, int], label: str, noun: str
) -> tuple[list[int], list[Problem]]:
    missing = [name for name in names if name.casefold() not in known]
    if missing:
        message = f"Not {noun} of this conflict: {', '.join(missing)}."
        return [], [Problem(number, label, message)]
    return [known[name.casefold()] for name in names], []


def _check(table: reading.Table, conflict: Conflict) -> tuple[list[RoundInput], list[Problem]]:
    """Read every row into a round's data (names resolved to ids) and collect every problem."""
    positions, problems = columns.column_positions(table)
    if problems:
        return [], problems
    bodies = _names(TrackOneBody, conflict.id)
    issues = _names(Issue, conflict.id)
    planned: list[RoundInput] = []
    for number, row in table.rows:
        values, found = columns.read_row(number, row, positions)
        body_ids, body_problems = _resolve(
            number, values.pop("bodies", []), bodies, "Track One bodies", "Track One bodies"
        )
        issue_ids, issue_problems = _resolve(
            number, values.pop("agenda", None) or [], issues, "Agenda issues", "issues"
        )
        found += body_problems + issue_problems + _date_problems(number, values)
        problems += found
        if not found:
            values.update(track_one_body_ids=body_ids, agenda_issue_ids=issue_ids)
            planned.append(build(RoundInput, values))
    return planned, problems


def _date_problems(number: int, values: dict[str, Any]) -> list[Problem]:
    """Report the service's date rule on the row, so a dry run names every row it refuses."""
    try:
        rounds.check_dates(values.get("starts_on"), values.get("ends_on"))
    except Invalid as error:
        messages = error.errors["json"]["ends_on"]
        return [Problem(number, "Ends on", message) for message in messages]
    return []


def _existing(conflict_id: int, data: RoundInput) -> int | None:
    """A row whose title and start date match a round of the conflict updates that round."""
    statement = sa.select(TrackOneRound.id).where(
        TrackOneRound.conflict_id == conflict_id,
        TrackOneRound.title == data.title,
        TrackOneRound.starts_on == data.starts_on,
    )
    return session().scalar(statement)


@service
def import_file(
    actor: Actor, content: bytes, *, conflict_id: int, dry_run: bool = False
) -> dict[str, Any]:
    """Import rounds into a conflict's calendar; a dry run only reports; all rows or none."""
    table = reading.read_table(content)
    conflict = authorise(actor, conflict_id)
    planned, problems = _check(table, conflict)
    targets = [_existing(conflict.id, data) for data in planned]
    report = {
        "rows": len(table.rows),
        "created": sum(1 for target in targets if target is None) if not problems else 0,
        "updated": sum(1 for target in targets if target is not None) if not problems else 0,
        "errors": [problem.as_dict() for problem in problems],
        "dry_run": dry_run,
    }
    if dry_run:
        return report
    if problems:
        raise ImportRefused(report)
    for data, target in zip(planned, targets, strict=True):
        try:
            if target is None:
                rounds.create(actor, conflict.id, data)
            else:
                rounds.update(actor, target, every_field(data, RoundChanges))
        except Invalid as error:
            raise ImportRefused(
                {**report, "errors": [{"row": None, "column": None, "message": error.message}]}
            ) from None
    details = {key: report[key] for key in ("rows", "created", "updated")}
    audit.record(actor, "round.import", "conflict", conflict.id, details)
    return report
