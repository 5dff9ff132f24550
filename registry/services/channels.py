"""Add and remove an initiative's channels to Track One."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa

from ..errors import Invalid, StateConflict
from ..models import Participation, TrackOneBody, TransferChannel, TransferEvent
from ..policy import Actor
from . import audit
from .initiatives import editable
from .inputs.engagement import ChannelInput
from .unit import get_or_404, service, session, touch_conflicts


@service
def create(actor: Actor, initiative_id: int, data: ChannelInput) -> TransferChannel:
    """Add a channel to a Track One body of the conflict, optionally carried by a participant."""
    initiative = editable(actor, initiative_id)
    body = session().get(TrackOneBody, data.track_one_body_id)
    if body is None or body.conflict_id != initiative.conflict_id:
        raise Invalid.field(
            "track_one_body_id", "The body must belong to the initiative's conflict."
        )
    via = data.via_person_id
    if via is not None:
        takes_part = session().scalar(
            sa.select(Participation.id).filter_by(initiative_id=initiative.id, person_id=via)
        )
        if takes_part is None:
            raise Invalid.field(
                "via_person_id", "The person carrying it must take part in the initiative."
            )
    channel = TransferChannel(
        initiative_id=initiative.id,
        track_one_body_id=body.id,
        mechanism=data.mechanism,
        via_person_id=via,
        established_on=data.established_on or datetime.now(UTC).date(),
    )
    session().add(channel)
    session().flush()
    touch_conflicts([initiative.conflict_id])
    audit.record(actor, "channel.create", "channel", channel.id, {"initiative_id": initiative.id})
    return channel


@service
def delete(actor: Actor, channel_id: int) -> None:
    """Remove a channel; refused (409) while transfer events record deliveries through it."""
    channel = get_or_404(TransferChannel, channel_id)
    initiative = editable(actor, channel.initiative_id)
    used = session().scalar(sa.select(TransferEvent.id).filter_by(channel_id=channel.id).limit(1))
    if used is not None:
        raise StateConflict(
            "Transfer events were delivered through this channel; it stays on record."
        )
    session().delete(channel)
    session().flush()
    touch_conflicts([initiative.conflict_id])
    audit.record(actor, "channel.delete", "channel", channel_id, {"initiative_id": initiative.id})
