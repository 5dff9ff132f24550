"""Record transfer events (the ledger of output delivered to Track One) and raise their evidence."""

from __future__ import annotations

from datetime import date
from typing import Any

from ..errors import Invalid, NotFound, PermissionDenied, StateConflict
from ..models import Issue, TrackOneRound, TransferChannel, TransferEvent
from ..models.enums import EVIDENCE_LEVELS
from ..policy import (
    Access,
    Actor,
    can_confirm_transfer,
    can_edit_for,
    in_inbox,
    initiative_access,
    is_coordinator,
)
from . import audit
from .initiatives import conflict_members, editable
from .inputs import UNSET, or_current, sent
from .inputs.engagement import TransferChanges, TransferInput
from .saving import assign
from .unit import check_version, get_or_404, service, session, touch_conflicts

SPONSOR_FIELDS = ("channel_id", "title", "kind", "delivered_on", "issue_ids", "round_id")
SCALARS = ("channel_id", "title", "kind", "delivered_on", "evidence", "round_id")


def _check_channel(channel_id: int, initiative_id: int) -> TransferChannel:
    channel = session().get(TransferChannel, channel_id)
    if channel is None or channel.initiative_id != initiative_id:
        raise Invalid.field("channel_id", "Choose one of this initiative's channels.")
    return channel


def _check_round(round_id: int | None, conflict_id: int, channel: TransferChannel) -> None:
    """A transfer's round is one of its conflict whose bodies include the channel's body."""
    if round_id is None:
        return
    record = session().get(TrackOneRound, round_id)
    if record is None or record.conflict_id != conflict_id:
        raise Invalid.field("round_id", "Choose a round of this conflict's calendar.")
    if channel.track_one_body_id not in record.track_one_body_ids:
        raise Invalid.field(
            "round_id", "This round's bodies do not include the body the channel reaches."
        )


def _check_delivered(delivered: date | None) -> None:
    """Refuse a delivery date after today (UTC): a transfer is recorded once it happened."""
    from .analysis import today

    if delivered is not None and delivered > today():
        raise Invalid.field(
            "delivered_on", f"A transfer is recorded once delivered: give a date up to {today()}."
        )


@service
def create(actor: Actor, initiative_id: int, data: TransferInput) -> TransferEvent:
    """Record a delivery; the sponsor claims it, only a coordinator raises the evidence."""
    initiative = editable(actor, initiative_id)
    _check_delivered(data.delivered_on)
    if data.evidence != "claimed" and not is_coordinator(actor, initiative.conflict_id):
        raise Invalid.field(
            "evidence", "A new transfer is claimed; the conflict's coordinators raise it."
        )
    channel = _check_channel(data.channel_id, initiative.id)
    _check_round(data.round_id, initiative.conflict_id, channel)
    event = TransferEvent(initiative_id=initiative.id, evidence="claimed")
    assign(event, data, SCALARS)
    event.issues = conflict_members(Issue, data.issue_ids, initiative.conflict_id, "issue_ids")
    session().add(event)
    session().flush()
    touch_conflicts([initiative.conflict_id])
    audit.record(actor, "transfer.create", "transfer", event.id, {"initiative_id": initiative.id})
    return event


def _readable(actor: Actor, event: TransferEvent, channel: TransferChannel) -> bool:
    """Whether the actor reads this transfer: its initiative's lists, or as a focal point."""
    if initiative_access(actor, event.initiative) >= Access.EVERYTHING:
        return True
    institutional = channel.via_person_id is None
    return in_inbox(actor, event.initiative, channel.track_one_body_id, institutional)


def _raise_evidence(
    actor: Actor, event: TransferEvent, channel: TransferChannel, level: str
) -> str:
    """Check who raises the evidence and that it only rises; return in what capacity."""
    initiative = event.initiative
    institutional = channel.via_person_id is None
    if not can_confirm_transfer(actor, initiative, channel.track_one_body_id, institutional):
        raise PermissionDenied(
            "Only the conflict's coordinators and the body's focal points change the evidence."
        )
    if EVIDENCE_LEVELS.index(level) < EVIDENCE_LEVELS.index(event.evidence):
        raise Invalid.field("evidence", "Evidence only rises; it cannot go back down.")
    return "coordinator" if is_coordinator(actor, initiative.conflict_id) else "focal_point"


@service
def update(
    actor: Actor, transfer_id: int, data: TransferChanges, expected_version: int | None = None
) -> TransferEvent:
    """Edit a transfer (its sponsor) or raise its evidence (coordinators, focal points)."""
    event = get_or_404(TransferEvent, transfer_id)
    initiative = event.initiative
    channel = get_or_404(TransferChannel, event.channel_id)
    if not _readable(actor, event, channel):
        raise NotFound()
    check_version(event, expected_version)
    sponsor_changes = set(sent(data)) & set(SPONSOR_FIELDS)
    if sponsor_changes and not can_edit_for(actor, initiative.sponsor_id):
        raise PermissionDenied()
    _refuse_confirmed_changes(event, data)
    _check_delivered(or_current(data.delivered_on, None))
    confirmer = None
    if data.evidence is not UNSET and data.evidence != event.evidence:
        confirmer = _raise_evidence(actor, event, channel, data.evidence)
    if data.channel_id is not UNSET:
        channel = _check_channel(data.channel_id, initiative.id)
    if data.channel_id is not UNSET or data.round_id is not UNSET:
        _check_round(or_current(data.round_id, event.round_id), initiative.conflict_id, channel)
    changed = assign(event, data, SCALARS)
    if data.issue_ids is not UNSET:
        issues = conflict_members(Issue, data.issue_ids, initiative.conflict_id, "issue_ids")
        if [i.id for i in issues] != event.issue_ids:
            event.issues = issues
            changed.append("issue_ids")
    if confirmer is not None:
        _confirm(actor, event, channel, confirmer)
    if changed:
        session().flush()
        touch_conflicts([initiative.conflict_id])
        details: dict[str, Any] = {"fields": changed}
        if confirmer is not None:
            details.update(evidence=event.evidence, confirmed_as=confirmer)
        audit.record(actor, "transfer.update", "transfer", event.id, details)
    return event


LOCKED_FIELDS = ("channel_id", "kind", "delivered_on")


def _refuse_confirmed_changes(event: TransferEvent, data: TransferChanges) -> None:
    """Once confirmed above `claimed`, what was delivered, how and when is fixed (409)."""
    if event.evidence == "claimed":
        return
    values = sent(data)
    moved = [
        name for name in LOCKED_FIELDS if name in values and values[name] != getattr(event, name)
    ]
    issue_ids = data.issue_ids
    if issue_ids is not UNSET and list(dict.fromkeys(issue_ids)) != event.issue_ids:
        moved.append("issue_ids")
    if moved:
        raise StateConflict(
            "This transfer was confirmed; its channel, kind, issues and date can no longer change."
        )


def _confirm(actor: Actor, event: TransferEvent, channel: TransferChannel, confirmer: str) -> None:
    """Note when and in what capacity the evidence was raised (the user is kept, never shown)."""
    from .analysis import today

    event.confirmed_on = today()
    event.confirmed_as = confirmer
    event.confirmed_body_id = channel.track_one_body_id if confirmer == "focal_point" else None
    event.confirmed_by_id = actor.id
