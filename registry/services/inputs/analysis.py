"""Inputs of a coordinator's triage of a finding."""

from __future__ import annotations

from dataclasses import dataclass

from . import UNSET, Unset


@dataclass(frozen=True)
class TriageChanges:
    """A finding's new status and reason; fields left `UNSET` keep their value."""

    status: str | Unset = UNSET
    status_reason: str | Unset | None = UNSET
