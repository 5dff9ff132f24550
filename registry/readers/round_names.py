"""Names of rounds (title and dates) and titles of transfers, for findings in words."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from .. import policy
from ..extensions import db
from ..models import Initiative, TrackOneRound, TransferEvent
from ..policy import Access, Actor
from .conflicts import ConflictFields


def dates_in_words(starts_on: date, ends_on: date) -> str:
    """Say a round's dates: "3 March 2026", "3–5 March 2026" or "30 March – 2 April 2026"."""
    end = f"{ends_on.day} {ends_on:%B %Y}"
    if starts_on == ends_on:
        return end
    if (starts_on.year, starts_on.month) == (ends_on.year, ends_on.month):
        return f"{starts_on.day}–{end}"
    if starts_on.year == ends_on.year:
        return f"{starts_on.day} {starts_on:%B} – {end}"
    return f"{starts_on.day} {starts_on:%B %Y} – {end}"


def round_name(title: str, starts_on: date, ends_on: date) -> str:
    """Name a round by its title and dates."""
    return f"{title} ({dates_in_words(starts_on, ends_on)})"


def round_names(conflict_id: int) -> dict[int, str]:
    """Every round of the conflict by title and dates (rounds are read by signed-in users)."""
    statement = sa.select(
        TrackOneRound.id, TrackOneRound.title, TrackOneRound.starts_on, TrackOneRound.ends_on
    ).where(TrackOneRound.conflict_id == conflict_id)
    return {
        row.id: round_name(row.title, row.starts_on, row.ends_on)
        for row in db.session.execute(statement)
    }


def transfer_titles(actor: Actor, conflict: ConflictFields, ids: set[int]) -> dict[int, str]:
    """Titles of the transfers whose initiative's transfer list the reader may read."""
    if not ids:
        return {}
    statement = (
        sa.select(TransferEvent.id, TransferEvent.title)
        .join(Initiative, Initiative.id == TransferEvent.initiative_id)
        .where(
            TransferEvent.id.in_(sorted(ids)),
            Initiative.conflict_id == conflict.id,
            policy.visible_initiatives(actor, Access.EVERYTHING),
        )
    )
    return {row.id: row.title for row in db.session.execute(statement)}
