"""Inputs of organisations and of the designated-entities list."""

from __future__ import annotations

from dataclasses import dataclass

from . import UNSET, Unset


@dataclass(frozen=True)
class OrganisationInput:
    """A new organisation."""

    name: str
    kind: str
    country: str | None = None
    jurisdictions: tuple[str, ...] = ()


@dataclass(frozen=True)
class OrganisationChanges:
    """A partial update of an organisation: fields left `UNSET` keep their value."""

    name: str | Unset = UNSET
    kind: str | Unset = UNSET
    country: str | Unset | None = UNSET
    jurisdictions: tuple[str, ...] | Unset = UNSET


@dataclass(frozen=True)
class DesignatedEntityInput:
    """An entity on a designated-entities list, identified by its list name and name."""

    name: str
    list_name: str
    aliases: tuple[str, ...] = ()
    jurisdictions: tuple[str, ...] = ()
