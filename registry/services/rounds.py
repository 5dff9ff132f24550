"""Create, edit and delete rounds of the Track One talks (managed like reference data)."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from ..errors import Invalid, PermissionDenied, StateConflict
from ..models import Conflict, Issue, TrackOneBody, TrackOneRound, TransferChannel, TransferEvent
from ..policy import Actor, can_manage_reference_data
from . import audit
from .initiatives import conflict_members
from .unit import (
    assign,
    check_version,
    get_or_404,
    refuse_unknown,
    require,
    service,
    session,
    touch_conflicts,
)

SCALARS = ("title", "starts_on", "ends_on", "status", "notes")
FIELDS = (*SCALARS, "track_one_body_ids", "agenda_issue_ids")
REQUIRED = ("title", "track_one_body_ids", "starts_on", "ends_on", "status")


def _check_dates(record: TrackOneRound, data: dict[str, Any]) -> None:
    starts_on = data.get("starts_on", record.starts_on)
    ends_on = data.get("ends_on", record.ends_on)
    if starts_on is not None and ends_on is not None and ends_on < starts_on:
        raise Invalid.field("ends_on", "A round cannot end before it starts.")


def _bodies(ids: list[int], conflict_id: int) -> list[TrackOneBody]:
    if not ids:
        raise Invalid.field("track_one_body_ids", "Name at least one Track One body that meets.")
    return conflict_members(TrackOneBody, ids, conflict_id, "track_one_body_ids")


def _delivered_bodies(round_id: int) -> set[int]:
    """Return the bodies through which transfers referring to the round were delivered."""
    statement = (
        sa.select(TransferChannel.track_one_body_id)
        .join(TransferEvent, TransferEvent.channel_id == TransferChannel.id)
        .where(TransferEvent.round_id == round_id)
    )
    return set(session().scalars(statement))


def _apply(record: TrackOneRound, data: dict[str, Any]) -> list[str]:
    """Copy fields and lists onto the round; return the names that changed."""
    _check_dates(record, data)
    changed = assign(record, data, SCALARS)
    if "track_one_body_ids" in data:
        bodies = _bodies(data["track_one_body_ids"] or [], record.conflict_id)
        if [b.id for b in bodies] != record.track_one_body_ids:
            if record.id is not None:
                dropped = _delivered_bodies(record.id) - {b.id for b in bodies}
                if dropped:
                    raise StateConflict(
                        "Transfers for this round were delivered to a body you are removing; "
                        "move those transfers to another round first."
                    )
            record.bodies = bodies
            changed.append("track_one_body_ids")
    if "agenda_issue_ids" in data:
        issues = conflict_members(
            Issue, data["agenda_issue_ids"] or [], record.conflict_id, "agenda_issue_ids"
        )
        if [i.id for i in issues] != record.agenda_issue_ids:
            record.agenda_issues = issues
            changed.append("agenda_issue_ids")
    return changed


@service
def create(actor: Actor, conflict_id: int, data: dict[str, Any]) -> TrackOneRound:
    """Add a round to a conflict's calendar (platform admins and its coordinators)."""
    conflict = get_or_404(Conflict, conflict_id)
    if not can_manage_reference_data(actor, conflict.id):
        raise PermissionDenied()
    refuse_unknown(data, FIELDS)
    require(data, REQUIRED)
    record = TrackOneRound(conflict_id=conflict.id)
    _apply(record, {"agenda_issue_ids": [], **data})
    session().add(record)
    session().flush()
    touch_conflicts([conflict.id])
    audit.record(actor, "round.create", "round", record.id, {"conflict_id": conflict.id})
    return record


@service
def update(
    actor: Actor, round_id: int, data: dict[str, Any], expected_version: int | None = None
) -> TrackOneRound:
    """Edit a round; dropping a body a referring transfer was delivered through is a 409."""
    record = get_or_404(TrackOneRound, round_id)
    if not can_manage_reference_data(actor, record.conflict_id):
        raise PermissionDenied()
    check_version(record, expected_version)
    refuse_unknown(data, FIELDS)
    for name in REQUIRED:
        if name in data and data[name] in (None, ""):
            raise Invalid.field(name, "This field cannot be emptied.")
    changed = _apply(record, data)
    if changed:
        session().flush()
        touch_conflicts([record.conflict_id])
        audit.record(actor, "round.update", "round", record.id, {"fields": changed})
    return record


@service
def delete(actor: Actor, round_id: int) -> None:
    """Delete a round; refused with 409 while a transfer refers to it."""
    record = get_or_404(TrackOneRound, round_id)
    if not can_manage_reference_data(actor, record.conflict_id):
        raise PermissionDenied()
    referring = session().scalar(
        sa.select(sa.func.count())
        .select_from(TransferEvent)
        .where(TransferEvent.round_id == round_id)
    )
    if referring:
        raise StateConflict("Transfers refer to this round; move them to another round first.")
    conflict_id = record.conflict_id
    session().delete(record)
    session().flush()
    touch_conflicts([conflict_id])
    audit.record(actor, "round.delete", "round", round_id, {"conflict_id": conflict_id})
