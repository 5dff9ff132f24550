"""Demo rounds of the Track One talks (SPEC 8); dates are offsets from the demo's anchor.

The upcoming round's agenda holds an issue no live initiative covers (agenda_uncovered)
and a covered one on which nothing reached its body (agenda_undelivered).
"""

from __future__ import annotations

from typing import NamedTuple


class Round(NamedTuple):
    """A round: conflict slug, title, body keys, start and end offsets, agenda keys, status."""

    conflict: str
    title: str
    bodies: tuple[str, ...]
    starts: int
    ends: int
    agenda: tuple[str, ...]
    status: str
    notes: str | None = None


ROUNDS: tuple[Round, ...] = (
    Round("baringo-turkana", "Kapedo round of the inter-county peace talks",
          ("peace_committee",), -15, -14, ("water", "raids"), "held",
          "Held in Kapedo; water points and restitution were discussed."),
    Round("baringo-turkana", "Marigat round of the inter-county peace talks",
          ("peace_committee", "steering"), 30, 32, ("raids", "livelihoods", "land"), "planned",
          "The county boundary is on the agenda for the first time."),
    Round("northbank-border", "Fifth round of the border talks", ("envoy",), 60, 64,
          ("demarcation", "crossings"), "planned"),
)  # fmt: skip
