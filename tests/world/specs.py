"""Descriptions of what a world holds: conflicts, organisations, users, initiatives, people."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

NO_FIELDS: Mapping[str, Any] = MappingProxyType({})


REFERENCE_KINDS = ("issue", "region", "party", "track_one_body")
SCOPE_PARTS = ("conflict", "issue", "region", "party", "body")


@dataclass(frozen=True)
class Place:
    """A conflict to create, with its fields and the reference data to add (kind -> fields)."""

    conflict: Mapping[str, Any] = field(default_factory=dict)
    references: Mapping[str, Mapping[str, Any]] = field(
        default_factory=lambda: {kind: {} for kind in REFERENCE_KINDS}
    )


@dataclass(frozen=True)
class Org:
    """An organisation to create: its kind and, optionally, its name."""

    kind: str = "ngo"
    fields: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Member:
    """A user to create in an organisation (by key), coordinating the conflicts of some scopes."""

    organisation: str
    role: str = "editor"
    coordinates: tuple[str, ...] = ()
    fields: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Work:
    """An initiative to create: its sponsor and funders (keys), its scope and its fields."""

    sponsor: str
    on: str = "where"
    funders: tuple[str, ...] = ()
    fields: Mapping[str, Any] = field(default_factory=dict)
    in_region: bool = False  # cover the scope's region too


@dataclass(frozen=True)
class Someone:
    """A person of an organisation (key), taking part in initiatives (keys)."""

    organisation: str
    takes_part_in: tuple[str, ...] = ()
    party: bool = False  # take part for the scope's party
    fields: Mapping[str, Any] = field(default_factory=dict)


def place(
    only: tuple[str, ...] = REFERENCE_KINDS, names: Mapping[str, str] = NO_FIELDS, **conflict: Any
) -> Place:
    """Describe a conflict with some kinds of reference data, some of them named."""
    references = {kind: {"name": names[kind]} if kind in names else {} for kind in only}
    return Place(MappingProxyType(conflict), MappingProxyType(references))


@dataclass(frozen=True)
class Route:
    """A channel of an initiative (key) to its scope's Track One body, maybe via a person (key)."""

    initiative: str
    via: str | None = None


def org(kind: str = "ngo", **fields: Any) -> Org:
    """Describe an organisation of a kind, with fields such as its name."""
    return Org(kind, MappingProxyType(fields))


def member(
    organisation: str, role: str = "editor", coordinates: tuple[str, ...] = (), **fields: Any
) -> Member:
    """Describe a user of an organisation; without a password unless given (no Argon2: fast)."""
    return Member(organisation, role, coordinates, MappingProxyType({"password": None, **fields}))


def initiative(
    sponsor: str,
    on: str = "where",
    funders: tuple[str, ...] = (),
    in_region: bool = False,
    **fields: Any,
) -> Work:
    """Describe an initiative of a sponsor on a scope's conflict, covering its issue."""
    return Work(sponsor, on, funders, MappingProxyType(fields), in_region)


def person(
    organisation: str, takes_part_in: tuple[str, ...] = (), party: bool = False, **fields: Any
) -> Someone:
    """Describe a person of an organisation and the initiatives the person takes part in."""
    return Someone(organisation, takes_part_in, party, MappingProxyType(fields))
