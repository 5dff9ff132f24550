"""The rows that hang from an initiative: participations, channels to Track One, transfers.

These read one initiative's rows whatever the reader; the readers that call them
(`initiative_page`, `registration`) decide first whether the reader sees the rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..models import Initiative, Participation, TransferChannel, TransferEvent
from .choices import Choice
from .people import present_participations


@dataclass(frozen=True)
class ParticipantLine:
    """A person taking part, by pseudonym; `full_name` only where the reader may read it."""

    id: int
    person_id: int
    alias: str
    sector: str
    proximity: int
    role: str
    party_id: int | None
    start_date: date | None
    end_date: date | None
    full_name: str | None = None


@dataclass(frozen=True)
class ChannelLine:
    """A channel to a Track One body, and who carries it (None: the organisation)."""

    id: int
    track_one_body_id: int
    mechanism: str
    via_person_id: int | None
    established_on: date


@dataclass(frozen=True)
class TransferLine:
    """A delivery of output to Track One through a channel, with the issues it addresses."""

    id: int
    version: int
    channel_id: int
    title: str
    kind: str
    delivered_on: date
    evidence: str
    issues: tuple[Choice, ...]


def participations_of(initiative: Initiative) -> tuple[ParticipantLine, ...]:
    """Return the initiative's participations, oldest first, without names (dates left out
    read as the initiative's)."""
    rows = db.session.scalars(
        sa.select(Participation)
        .where(Participation.initiative_id == initiative.id)
        .order_by(Participation.id)
    ).all()
    return tuple(
        ParticipantLine(
            id=row.id,
            person_id=row.person_id,
            alias=row.alias,
            sector=row.sector,
            proximity=row.proximity,
            role=row.role,
            party_id=row.party_id,
            start_date=row.start_date,
            end_date=row.end_date,
        )
        for row in present_participations(initiative.id, rows, {})
    )


def channels_of(initiative_id: int) -> tuple[ChannelLine, ...]:
    """Return an initiative's channels to Track One, oldest first."""
    statement = sa.select(TransferChannel).filter_by(initiative_id=initiative_id)
    return tuple(
        ChannelLine(
            id=channel.id,
            track_one_body_id=channel.track_one_body_id,
            mechanism=channel.mechanism,
            via_person_id=channel.via_person_id,
            established_on=channel.established_on,
        )
        for channel in db.session.scalars(statement.order_by(TransferChannel.id))
    )


def transfers_of(initiative_id: int) -> tuple[TransferLine, ...]:
    """Return an initiative's transfer events with their issues, newest first."""
    events = db.session.scalars(
        sa.select(TransferEvent)
        .filter_by(initiative_id=initiative_id)
        .options(selectinload(TransferEvent.issues))
        .order_by(TransferEvent.delivered_on.desc(), TransferEvent.id.desc())
    )
    return tuple(
        TransferLine(
            id=event.id,
            version=event.version,
            channel_id=event.channel_id,
            title=event.title,
            kind=event.kind,
            delivered_on=event.delivered_on,
            evidence=event.evidence,
            issues=tuple(Choice(issue.id, issue.name) for issue in event.issues),
        )
        for event in events
    )
