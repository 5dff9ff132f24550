"""An initiative's participations, channels and transfers, read only by those who see it whole.

Each record comes out as a frozen value with the fields the API dumps; a participation
leaves out the person's name, which `services.identities.read_full_names` gives (and audits).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TypeVar

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from ..errors import NotFound
from ..extensions import db
from ..models import Participation, TransferChannel, TransferEvent
from ..policy import Access, Actor
from .initiatives import check_visible
from .paging import Listing, each


@dataclass(frozen=True, slots=True)
class ParticipationRecord:
    """A person's part in an initiative; null dates mean the initiative's."""

    id: int
    created_at: datetime
    updated_at: datetime
    initiative_id: int
    person_id: int
    role: str
    party_id: int | None
    start_date: date | None
    end_date: date | None


@dataclass(frozen=True, slots=True)
class ChannelRecord:
    """How an initiative's output reaches a Track One body."""

    id: int
    created_at: datetime
    updated_at: datetime
    initiative_id: int
    track_one_body_id: int
    mechanism: str
    via_person_id: int | None
    established_on: date


@dataclass(frozen=True, slots=True)
class TransferRecord:
    """One delivery of the initiative's output through one of its channels."""

    id: int
    created_at: datetime
    updated_at: datetime
    version: int
    initiative_id: int
    channel_id: int
    title: str
    kind: str
    issue_ids: tuple[int, ...]
    delivered_on: date
    evidence: str
    round_id: int | None
    confirmed_on: date | None
    confirmed_as: str | None
    confirmed_body_id: int | None


def _participation(r: Participation) -> ParticipationRecord:
    return ParticipationRecord(
        r.id,
        r.created_at,
        r.updated_at,
        r.initiative_id,
        r.person_id,
        r.role,
        r.party_id,
        r.start_date,
        r.end_date,
    )


def _channel(r: TransferChannel) -> ChannelRecord:
    return ChannelRecord(
        r.id,
        r.created_at,
        r.updated_at,
        r.initiative_id,
        r.track_one_body_id,
        r.mechanism,
        r.via_person_id,
        r.established_on,
    )


def _transfer(r: TransferEvent) -> TransferRecord:
    return TransferRecord(
        id=r.id,
        created_at=r.created_at,
        updated_at=r.updated_at,
        version=r.version,
        initiative_id=r.initiative_id,
        channel_id=r.channel_id,
        title=r.title,
        kind=r.kind,
        issue_ids=tuple(r.issue_ids),
        delivered_on=r.delivered_on,
        evidence=r.evidence,
        round_id=r.round_id,
        confirmed_on=r.confirmed_on,
        confirmed_as=r.confirmed_as,
        confirmed_body_id=r.confirmed_body_id,
    )


Record = TypeVar("Record", Participation, TransferChannel, TransferEvent)


def _of(actor: Actor, model: type[Record], initiative_id: int) -> sa.Select[Record]:
    """The SELECT of an initiative's records, after checking the actor sees it whole (404)."""
    check_visible(actor, initiative_id, Access.EVERYTHING)
    return sa.select(model).where(model.initiative_id == initiative_id).order_by(model.id)


def _one(actor: Actor, model: type[Record], record_id: int) -> Record:
    """Return one record of an initiative the actor sees whole, or 404 exactly as if missing."""
    record = db.session.get(model, record_id)
    if record is None:
        raise NotFound()
    check_visible(actor, record.initiative_id, Access.EVERYTHING)
    return record


def participations_listing(
    actor: Actor, initiative_id: int
) -> Listing[Participation, ParticipationRecord]:
    """Return the initiative's participations, to page (without names)."""
    return Listing(_of(actor, Participation, initiative_id), each(_participation))


def participation(actor: Actor, participation_id: int) -> ParticipationRecord:
    """Return one participation (without the name)."""
    return _participation(_one(actor, Participation, participation_id))


def channels_listing(actor: Actor, initiative_id: int) -> Listing[TransferChannel, ChannelRecord]:
    """Return the initiative's channels, to page."""
    return Listing(_of(actor, TransferChannel, initiative_id), each(_channel))


def channel(actor: Actor, channel_id: int) -> ChannelRecord:
    """Return one channel."""
    return _channel(_one(actor, TransferChannel, channel_id))


def transfers_listing(actor: Actor, initiative_id: int) -> Listing[TransferEvent, TransferRecord]:
    """Return the initiative's transfer events, to page, with their issues."""
    statement = _of(actor, TransferEvent, initiative_id).options(selectinload(TransferEvent.issues))
    return Listing(statement, each(_transfer))


def transfer(actor: Actor, transfer_id: int) -> TransferRecord:
    """Return one transfer event."""
    return _transfer(_one(actor, TransferEvent, transfer_id))


def transfer_as_written(transfer_id: int) -> TransferRecord:
    """Return a transfer a service just let the actor write, without a second check.

    A focal point may raise the evidence of a transfer of an initiative it does not see
    whole; the service decided that, and the answer is the record it wrote.
    """
    record = db.session.get(TransferEvent, transfer_id)
    if record is None:
        raise NotFound()
    return _transfer(record)
