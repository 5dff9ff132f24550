"""Record transfer events (the ledger of output delivered to Track One) and raise their evidence."""

from __future__ import annotations

from typing import Any

from ..errors import Invalid, NotFound, PermissionDenied
from ..models import Issue, TransferChannel, TransferEvent
from ..policy import Access, Actor, can_edit_for, initiative_access, is_coordinator
from . import audit
from .initiatives import conflict_members, editable
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

SPONSOR_FIELDS = ("channel_id", "title", "kind", "delivered_on", "issue_ids")
FIELDS = (*SPONSOR_FIELDS, "evidence")


def _check_channel(channel_id: int, initiative_id: int) -> None:
    channel = session().get(TransferChannel, channel_id)
    if channel is None or channel.initiative_id != initiative_id:
        raise Invalid.field("channel_id", "Choose one of this initiative's channels.")


@service
def create(actor: Actor, initiative_id: int, data: dict[str, Any]) -> TransferEvent:
    """Record a delivery; the sponsor claims it, only a coordinator raises the evidence."""
    initiative = editable(actor, initiative_id)
    refuse_unknown(data, FIELDS)
    require(data, ("channel_id", "title", "kind", "delivered_on"))
    if data.get("evidence", "claimed") != "claimed" and not is_coordinator(
        actor, initiative.conflict_id
    ):
        raise Invalid.field(
            "evidence", "A new transfer is claimed; the conflict's coordinators raise it."
        )
    _check_channel(data["channel_id"], initiative.id)
    event = TransferEvent(initiative_id=initiative.id, evidence="claimed")
    assign(event, data, ("channel_id", "title", "kind", "delivered_on", "evidence"))
    event.issues = conflict_members(
        Issue, data.get("issue_ids") or [], initiative.conflict_id, "issue_ids"
    )
    session().add(event)
    session().flush()
    touch_conflicts([initiative.conflict_id])
    audit.record(actor, "transfer.create", "transfer", event.id, {"initiative_id": initiative.id})
    return event


@service
def update(
    actor: Actor, transfer_id: int, data: dict[str, Any], expected_version: int | None = None
) -> TransferEvent:
    """Edit a transfer (its sponsor) or change its evidence level (the conflict's coordinators)."""
    event = get_or_404(TransferEvent, transfer_id)
    initiative = event.initiative
    if initiative_access(actor, initiative) < Access.EVERYTHING:
        raise NotFound()
    check_version(event, expected_version)
    refuse_unknown(data, FIELDS)
    sponsor_changes = set(data) & set(SPONSOR_FIELDS)
    if sponsor_changes and not can_edit_for(actor, initiative.sponsor_id):
        raise PermissionDenied()
    if (
        "evidence" in data
        and data["evidence"] != event.evidence
        and not is_coordinator(actor, initiative.conflict_id)
    ):
        raise PermissionDenied(
            "Only the conflict's coordinators change the evidence of a transfer."
        )
    if "channel_id" in data:
        _check_channel(data["channel_id"], initiative.id)
    changed = assign(event, data, ("channel_id", "title", "kind", "delivered_on", "evidence"))
    if "issue_ids" in data:
        issues = conflict_members(
            Issue, data["issue_ids"] or [], initiative.conflict_id, "issue_ids"
        )
        if [i.id for i in issues] != event.issue_ids:
            event.issues = issues
            changed.append("issue_ids")
    if changed:
        session().flush()
        touch_conflicts([initiative.conflict_id])
        audit.record(actor, "transfer.update", "transfer", event.id, {"fields": changed})
    return event
