"""Inputs of conflicts and their reference data (parties, issues, regions, Track One bodies)."""

from __future__ import annotations

from dataclasses import dataclass

from . import UNSET, Unset


@dataclass(frozen=True)
class ConflictInput:
    """A new conflict."""

    slug: str
    name: str
    track_one_status: str
    escalation_stage: str
    summary: str | None = None
    countries: tuple[str, ...] = ()


@dataclass(frozen=True)
class ConflictChanges:
    """A partial update of a conflict: fields left `UNSET` keep their value."""

    slug: str | Unset = UNSET
    name: str | Unset = UNSET
    track_one_status: str | Unset = UNSET
    escalation_stage: str | Unset = UNSET
    summary: str | Unset | None = UNSET
    countries: tuple[str, ...] | Unset = UNSET


@dataclass(frozen=True)
class PartyInput:
    """A new party to a conflict."""

    name: str
    kind: str
    potential_spoiler: bool = False


@dataclass(frozen=True)
class PartyChanges:
    """A partial update of a party."""

    name: str | Unset = UNSET
    kind: str | Unset = UNSET
    potential_spoiler: bool | Unset = UNSET


@dataclass(frozen=True)
class IssueInput:
    """A new issue in dispute."""

    name: str
    description: str | None = None
    on_track_one_agenda: bool = False


@dataclass(frozen=True)
class IssueChanges:
    """A partial update of an issue."""

    name: str | Unset = UNSET
    description: str | Unset | None = UNSET
    on_track_one_agenda: bool | Unset = UNSET


@dataclass(frozen=True)
class RegionInput:
    """A new region."""

    name: str


@dataclass(frozen=True)
class RegionChanges:
    """A partial update of a region."""

    name: str | Unset = UNSET


@dataclass(frozen=True)
class TrackOneBodyInput:
    """A new official recipient of Track Two output."""

    name: str
    kind: str
    party_id: int | None = None


@dataclass(frozen=True)
class TrackOneBodyChanges:
    """A partial update of a Track One body."""

    name: str | Unset = UNSET
    kind: str | Unset = UNSET
    party_id: int | Unset | None = UNSET


ReferenceInput = PartyInput | IssueInput | RegionInput | TrackOneBodyInput
ReferenceChanges = PartyChanges | IssueChanges | RegionChanges | TrackOneBodyChanges
# Each kind of reference data: its create input and its partial update.
REFERENCE_INPUTS: dict[str, tuple[type[ReferenceInput], type[ReferenceChanges]]] = {
    "party": (PartyInput, PartyChanges),
    "issue": (IssueInput, IssueChanges),
    "region": (RegionInput, RegionChanges),
    "track_one_body": (TrackOneBodyInput, TrackOneBodyChanges),
}
