"""Bounds of a run: a deadline checked at safe points, and caps on what a run keeps.

Past a cap a run keeps the strongest findings (by severity, then by the number of
facets that hold, then by key) and reports the keys it left out, so the service can
leave their triage alone and the pages can say how many were left out, by code.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from typing import Any

from registry.analysis.codes import PAIR_CODES
from registry.analysis.findings import SEVERITY_RANK, Finding


class RunAbandoned(Exception):
    """The run went past its deadline and was abandoned; nothing of it may be stored."""


class Deadline:
    """A point in time (monotonic clock) after which a run gives up."""

    def __init__(self, seconds: float | None = None) -> None:
        self.at = None if seconds is None else time.monotonic() + seconds

    def check(self) -> None:
        """Raise RunAbandoned once the deadline has passed."""
        if self.at is not None and time.monotonic() > self.at:
            raise RunAbandoned()

    def remaining(self) -> float | None:
        """Seconds left, or None when there is no deadline."""
        return None if self.at is None else max(self.at - time.monotonic(), 0.0)


NO_DEADLINE = Deadline()


@dataclass(frozen=True, slots=True)
class Caps:
    """Counts past which a run or an answer keeps only the strongest items (None: no cap)."""

    overlap_findings: int | None = None
    map_nodes: int | None = None
    map_edges: int | None = None
    export_rows: int | None = None

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any]) -> Caps:
        """Build caps from a mapping of names to counts; an unknown name is an error."""
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(values) - known)
        if unknown:
            raise ValueError(f"unknown caps: {unknown}; known: {sorted(known)}")
        for name, value in values.items():
            if value is not None and (not isinstance(value, int) or value < 0):
                raise ValueError(f"cap {name} must be a count (a whole number >= 0)")
        return cls(**values)


NO_CAPS = Caps()


def facets_held(item: Finding) -> int:
    """The number of pair facets that hold for a pair finding (0 for any other)."""
    facets = item.evidence.get("inputs", {}).get("facets", {})
    return sum(bool(value) for value in facets.values())


def strength(item: Finding) -> tuple[int, int, str]:
    """Order findings strongest first: severity, then facets that hold, then key."""
    return (SEVERITY_RANK[item.severity], -facets_held(item), item.key)


def cap_overlaps(
    findings: Sequence[Finding], cap: int | None
) -> tuple[tuple[Finding, ...], frozenset[str]]:
    """Keep at most `cap` overlap (pair) findings, the strongest; return the kept and left-out keys.

    Other findings are all kept, in their order.
    """
    pairs = [item for item in findings if item.code in PAIR_CODES]
    if cap is None or len(pairs) <= cap:
        return tuple(findings), frozenset()
    left_out = frozenset(item.key for item in sorted(pairs, key=strength)[cap:])
    return tuple(item for item in findings if item.key not in left_out), left_out


def count_by_code(keys: Iterable[str]) -> dict[str, int]:
    """Count finding keys by their code (a key starts with its code)."""
    return dict(sorted(Counter(key.split(":", 1)[0] for key in keys).items()))
