"""Create, edit and delete rounds of the Track One talks (managed like reference data)."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from ..errors import Invalid, PermissionDenied, StateConflict
from ..models import Conflict, Issue, TrackOneBody, TrackOneRound, TransferChannel, TransferEvent
from ..policy import Actor, can_manage_reference_data
from . import audit
from .initiatives import conflict_members
from .inputs import UNSET, or_current
from .inputs.calendar import RoundChanges, RoundInput
from .saving import assign, save_changes
from .unit import check_version, get_or_404, service, session, touch_conflicts

SCALARS = ("title", "starts_on", "ends_on", "status", "notes")


def check_dates(starts_on: date | None, ends_on: date | None) -> None:
    """Refuse a round that ends before it starts (imports check each row with it too)."""
    if starts_on is not None and ends_on is not None and ends_on < starts_on:
        raise Invalid.field("ends_on", "A round cannot end before it starts.")


def _check_dates(record: TrackOneRound, data: RoundInput | RoundChanges) -> None:
    check_dates(
        or_current(data.starts_on, record.starts_on), or_current(data.ends_on, record.ends_on)
    )


def _bodies(ids: tuple[int, ...], conflict_id: int) -> list[TrackOneBody]:
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


def _apply(record: TrackOneRound, data: RoundInput | RoundChanges) -> list[str]:
    """Copy fields and lists onto the round; return the names that changed."""
    _check_dates(record, data)
    changed = assign(record, data, SCALARS)
    if data.track_one_body_ids is not UNSET:
        bodies = _bodies(data.track_one_body_ids, record.conflict_id)
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
    if data.agenda_issue_ids is not UNSET:
        issues = conflict_members(
            Issue, data.agenda_issue_ids, record.conflict_id, "agenda_issue_ids"
        )
        if [i.id for i in issues] != record.agenda_issue_ids:
            record.agenda_issues = issues
            changed.append("agenda_issue_ids")
    return changed


@service
def create(actor: Actor, conflict_id: int, data: RoundInput) -> TrackOneRound:
    """Add a round to a conflict's calendar (platform admins and its coordinators)."""
    conflict = get_or_404(Conflict, conflict_id)
    if not can_manage_reference_data(actor, conflict.id):
        raise PermissionDenied()
    record = TrackOneRound(conflict_id=conflict.id)
    _apply(record, data)
    session().add(record)
    session().flush()
    touch_conflicts([conflict.id])
    audit.record(actor, "round.create", "round", record.id, {"conflict_id": conflict.id})
    return record


@service
def update(
    actor: Actor, round_id: int, data: RoundChanges, expected_version: int | None = None
) -> TrackOneRound:
    """Edit a round; dropping a body a referring transfer was delivered through is a 409."""
    record = get_or_404(TrackOneRound, round_id)
    if not can_manage_reference_data(actor, record.conflict_id):
        raise PermissionDenied()
    check_version(record, expected_version)
    save_changes(actor, "round", record, _apply(record, data), [record.conflict_id])
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
