"""Inputs of people (participants) and of their participation in initiatives."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from . import UNSET, Unset


@dataclass(frozen=True)
class PersonInput:
    """A new person; the organisation is the actor's unless the system names one."""

    full_name: str
    gender: str
    sector: str
    proximity: int
    organisation_id: int | None = None
    alias: str | None = None
    birth_year: int | None = None
    designated_affiliation: str | None = None
    identity_visibility: str = "pseudonymous"


@dataclass(frozen=True)
class PersonChanges:
    """A partial update of a person: fields left `UNSET` keep their value."""

    full_name: str | Unset = UNSET
    gender: str | Unset = UNSET
    sector: str | Unset = UNSET
    proximity: int | Unset = UNSET
    organisation_id: int | Unset = UNSET
    alias: str | Unset | None = UNSET
    birth_year: int | Unset | None = UNSET
    designated_affiliation: str | Unset | None = UNSET
    identity_visibility: str | Unset = UNSET


@dataclass(frozen=True)
class RoleInput:
    """The part a person (named apart) plays in an initiative."""

    role: str
    party_id: int | None = None
    start_date: date | None = None
    end_date: date | None = None


@dataclass(frozen=True)
class ParticipationInput:
    """A person of the sponsor taking part in an initiative (dates left out: the initiative's)."""

    person_id: int
    role: str
    party_id: int | None = None
    start_date: date | None = None
    end_date: date | None = None
