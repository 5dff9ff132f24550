"""Inputs of user accounts."""

from __future__ import annotations

from dataclasses import dataclass

from . import UNSET, Unset


@dataclass(frozen=True)
class UserInput:
    """A new user; the organisation is the actor's unless named, the password may come later."""

    email: str
    display_name: str
    role: str
    organisation_id: int | None = None
    password: str | None = None
    is_active: bool = True


@dataclass(frozen=True)
class UserChanges:
    """A partial update of a user: fields left `UNSET` keep their value."""

    email: str | Unset = UNSET
    display_name: str | Unset = UNSET
    role: str | Unset = UNSET
    organisation_id: int | Unset = UNSET
    password: str | Unset | None = UNSET
    is_active: bool | Unset = UNSET
