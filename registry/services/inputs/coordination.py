"""Inputs of coordination requests between two initiatives."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class LinkProposal:
    """A proposal to coordinate two initiatives of one conflict (a new link is `proposed`)."""

    initiative_a_id: int
    initiative_b_id: int
    kind: str
    status: str = "proposed"
