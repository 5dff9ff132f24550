"""Inputs of initiatives."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from . import UNSET, Unset


@dataclass(frozen=True)
class InitiativeInput:
    """A new initiative; the sponsor is the actor's organisation unless the system names one."""

    conflict_id: int
    title: str
    track: str
    mode: str
    method: str
    status: str
    issue_ids: tuple[int, ...]
    sponsor_id: int | None = None
    summary: str | None = None
    funder_ids: tuple[int, ...] = ()
    start_date: date | None = None
    end_date: date | None = None
    region_ids: tuple[int, ...] = ()
    intra_party: bool = False
    confidentiality: str = "registry"
    external_id: str | None = None


@dataclass(frozen=True)
class InitiativeChanges:
    """A partial update of an initiative: fields left `UNSET` keep their value.

    `conflict_id` and `sponsor_id` may be sent only with the values they already have.
    """

    conflict_id: int | Unset = UNSET
    sponsor_id: int | Unset = UNSET
    title: str | Unset = UNSET
    track: str | Unset = UNSET
    mode: str | Unset = UNSET
    method: str | Unset = UNSET
    status: str | Unset = UNSET
    issue_ids: tuple[int, ...] | Unset = UNSET
    summary: str | Unset | None = UNSET
    funder_ids: tuple[int, ...] | Unset = UNSET
    start_date: date | Unset | None = UNSET
    end_date: date | Unset | None = UNSET
    region_ids: tuple[int, ...] | Unset = UNSET
    intra_party: bool | Unset = UNSET
    confidentiality: str | Unset = UNSET
    external_id: str | Unset | None = UNSET
