"""Inputs of an initiative's channels to Track One and its transfer events."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from . import UNSET, Unset


@dataclass(frozen=True)
class ChannelInput:
    """A channel to a Track One body (established today when no date is given)."""

    track_one_body_id: int
    mechanism: str
    via_person_id: int | None = None
    established_on: date | None = None


@dataclass(frozen=True)
class TransferInput:
    """A delivery through one of the initiative's channels."""

    channel_id: int
    title: str
    kind: str
    delivered_on: date
    issue_ids: tuple[int, ...] = ()
    evidence: str = "claimed"
    round_id: int | None = None


@dataclass(frozen=True)
class TransferChanges:
    """A partial update of a transfer: fields left `UNSET` keep their value."""

    channel_id: int | Unset = UNSET
    title: str | Unset = UNSET
    kind: str | Unset = UNSET
    delivered_on: date | Unset = UNSET
    issue_ids: tuple[int, ...] | Unset = UNSET
    evidence: str | Unset = UNSET
    round_id: int | Unset | None = UNSET
