"""Load the rounds and transfers of a conflict's snapshot (SPEC 8), in four queries."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import sqlalchemy as sa

from ..analysis.snapshot import RoundFacts, TransferFacts
from ..extensions import db
from ..models import TrackOneRound, TransferChannel, TransferEvent
from ..models.calendar import track_one_round_body, track_one_round_issue
from ..models.engagement import transfer_event_issue


def rounds_of(conflict_id: int) -> list[RoundFacts]:
    """Return every round of the conflict: rounds are read by every signed-in user."""
    of_conflict = sa.select(TrackOneRound.id).where(TrackOneRound.conflict_id == conflict_id)
    bodies = _grouped(track_one_round_body, "track_one_body_id", of_conflict)
    agenda = _grouped(track_one_round_issue, "issue_id", of_conflict)
    statement = (
        sa.select(
            TrackOneRound.id,
            sa.type_coerce(TrackOneRound.status, sa.String),
            TrackOneRound.starts_on,
            TrackOneRound.ends_on,
        )
        .where(TrackOneRound.conflict_id == conflict_id)
        .order_by(TrackOneRound.id)
    )
    return [
        RoundFacts(
            round_id,
            status,
            starts_on,
            ends_on,
            frozenset(bodies[round_id]),
            frozenset(agenda[round_id]),
        )
        for round_id, status, starts_on, ends_on in db.session.execute(statement)
    ]


def transfers_of(chosen: sa.Select[Any]) -> list[TransferFacts]:
    """Return the transfers of the chosen initiatives, with their channel's body."""
    events = sa.select(TransferEvent.id).where(TransferEvent.initiative_id.in_(chosen))
    issues: dict[int, list[int]] = defaultdict(list)
    statement = sa.select(
        transfer_event_issue.c.transfer_event_id, transfer_event_issue.c.issue_id
    ).where(transfer_event_issue.c.transfer_event_id.in_(events))
    for event_id, issue_id in db.session.execute(statement):
        issues[event_id].append(issue_id)
    rows = (
        sa.select(
            TransferEvent.id,
            TransferEvent.initiative_id,
            TransferChannel.track_one_body_id,
            sa.type_coerce(TransferEvent.kind, sa.String),
            TransferEvent.delivered_on,
            sa.type_coerce(TransferEvent.evidence, sa.String),
        )
        .join(TransferChannel, TransferChannel.id == TransferEvent.channel_id)
        .where(TransferEvent.initiative_id.in_(chosen))
        .order_by(TransferEvent.id)
    )
    return [
        TransferFacts(
            event_id,
            initiative_id,
            body_id,
            kind,
            frozenset(issues[event_id]),
            delivered,
            evidence,
        )
        for event_id, initiative_id, body_id, kind, delivered, evidence in db.session.execute(rows)
    ]


def _grouped(table: sa.Table, column: str, rounds: sa.Select[Any]) -> dict[int, list[int]]:
    grouped: dict[int, list[int]] = defaultdict(list)
    statement = sa.select(table.c.track_one_round_id, table.c[column]).where(
        table.c.track_one_round_id.in_(rounds)
    )
    for round_id, value in db.session.execute(statement):
        grouped[round_id].append(value)
    return grouped
