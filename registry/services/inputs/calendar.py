"""Inputs of the Track One calendar: rounds."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from . import UNSET, Unset


@dataclass(frozen=True)
class RoundInput:
    """A new round of a conflict's calendar."""

    title: str
    track_one_body_ids: tuple[int, ...]
    starts_on: date
    ends_on: date
    status: str
    agenda_issue_ids: tuple[int, ...] = ()
    notes: str | None = None


@dataclass(frozen=True)
class RoundChanges:
    """A partial update of a round: fields left `UNSET` keep their value."""

    title: str | Unset = UNSET
    track_one_body_ids: tuple[int, ...] | Unset = UNSET
    starts_on: date | Unset = UNSET
    ends_on: date | Unset = UNSET
    status: str | Unset = UNSET
    agenda_issue_ids: tuple[int, ...] | Unset = UNSET
    notes: str | Unset | None = UNSET
