"""The coverage page's agenda section: for the next round, who covers each agenda issue and
what reached the round's bodies on it lately (SPEC 8), within the policy."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import sqlalchemy as sa

from ..models import Initiative, TransferChannel, TransferEvent
from ..policy import Actor
from .calendar import (
    AgendaItem,
    Delivered,
    RoundRow,
    agenda,
    delivered,
    next_round,
    row,
    transfer_rows,
)


@dataclass(frozen=True)
class AgendaLine:
    """An agenda issue, the initiatives the reader may see on it, and what was delivered."""

    item: AgendaItem
    delivered: tuple[Delivered, ...]


@dataclass(frozen=True)
class NextAgenda:
    """The next planned round and its agenda, as the reader may see it."""

    round: RoundRow
    lines: tuple[AgendaLine, ...]
    window_days: int


def next_agenda(actor: Actor, conflict_id: int, as_of: date, window_days: int) -> NextAgenda | None:
    """Return the agenda section for the next planned round, or None when none is planned."""
    record = next_round(conflict_id, as_of)
    if record is None:
        return None
    since = as_of - timedelta(days=window_days)
    reaching = sa.and_(
        Initiative.conflict_id == conflict_id,
        TransferChannel.track_one_body_id.in_(record.track_one_body_ids),
        TransferEvent.delivered_on.between(since, as_of),
    )
    rows = transfer_rows(actor, reaching)
    issues_of = {event.id: set(event.issue_ids) for event, _, _ in rows}
    described = delivered(actor, rows)
    lines = tuple(
        AgendaLine(item, tuple(d for d in described if item.issue_id in issues_of[d.id]))
        for item in agenda(actor, record, as_of)
    )
    return NextAgenda(row(record), lines, window_days)
