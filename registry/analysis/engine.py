"""Run the rules over a snapshot at a date: findings and metrics, deterministically."""

from __future__ import annotations

import gc
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import Any

from registry.analysis.bounds import NO_CAPS, NO_DEADLINE, Caps, Deadline, cap_overlaps
from registry.analysis.codes import FINDING_CODES
from registry.analysis.context import Context
from registry.analysis.findings import Finding, sort_key
from registry.analysis.metrics import Structure, compute_metrics, structure
from registry.analysis.rules import RULES
from registry.analysis.snapshot import Snapshot
from registry.analysis.thresholds import DEFAULT_THRESHOLDS, Thresholds


@dataclass(frozen=True, slots=True)
class Result:
    """Findings sorted by (severity rank, code, key), JSON-ready metrics, keys left out by caps."""

    findings: tuple[Finding, ...]
    metrics: dict[str, Any]
    left_out: frozenset[str] = frozenset()


def select_codes(codes: Collection[str] | None) -> tuple[str, ...]:
    """Return the codes to run in SPEC order; None means all; unknown codes are an error."""
    if codes is None:
        return FINDING_CODES
    unknown = set(codes) - set(FINDING_CODES)
    if unknown:
        raise ValueError(f"unknown finding codes: {sorted(unknown)}")
    return tuple(code for code in FINDING_CODES if code in codes)


def analyse(
    snapshot: Snapshot,
    as_of: date,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
    codes: Collection[str] | None = None,
    *,
    caps: Caps = NO_CAPS,
    deadline: Deadline = NO_DEADLINE,
) -> Result:
    """Evaluate the selected rules at `as_of` and compute the run's metrics.

    Skipping a code only drops its findings: a pair still gets at most one pair
    finding, the first that holds among all four pair rules. Past `deadline` the run
    raises RunAbandoned; past `caps.overlap_findings` it keeps the strongest overlaps.
    """
    with collector_paused():
        return run(Context(snapshot, as_of, thresholds, deadline=deadline), codes, caps=caps)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for the duration of a run.

    A run allocates many small acyclic objects (freed by reference counting); each
    collection they trigger walks the whole snapshot, which made large runs
    superlinear. The collector is restored as it was, even on error.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def run(
    ctx: Context,
    codes: Collection[str] | None = None,
    structure_of: Structure = structure,
    caps: Caps = NO_CAPS,
) -> Result:
    """Evaluate the selected rules on a prepared context, checking its deadline between rules."""
    selected = select_codes(codes)
    found: list[Finding] = []
    for code in selected:
        found.extend(RULES[code](ctx))
        ctx.deadline.check()
    findings, left_out = cap_overlaps(sorted(found, key=sort_key), caps.overlap_findings)
    metrics = compute_metrics(ctx, findings, selected, structure_of, left_out)
    ctx.deadline.check()
    return Result(findings, metrics, left_out)
