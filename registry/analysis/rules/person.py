"""Per-person rules: the subject is one matched person, by its opaque reference."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from registry.analysis import terms
from registry.analysis.context import Context
from registry.analysis.findings import Finding, person_finding
from registry.analysis.rules.base import rule


def busiest(windows: Iterable[tuple[int, terms.Window]]) -> tuple[int, ...]:
    """Return the largest set of ids whose windows all contain one day (the earliest such)."""
    events = []
    for iid, (start, end) in windows:
        events.append((start, 1, iid))
        events.append((end + 1, 0, iid))  # inclusive end: gone the next day
    running: set[int] = set()
    best: tuple[int, ...] = ()
    # At one day, departures (0) come before arrivals (1).
    for _, arriving, iid in sorted(events):
        if not arriving:
            running.discard(iid)
            continue
        running.add(iid)
        if len(running) > len(best):
            best = tuple(sorted(running))
    return best


@rule("participant_overload")
def participant_overload(ctx: Context) -> Iterator[Finding]:
    """A matched person among the people of enough simultaneously running live initiatives."""
    minimum = ctx.thresholds.overload_initiatives
    for key, ids in ctx.live_initiatives_of_person.items():
        if len(ids) < minimum:
            continue
        peak = busiest((iid, terms.window(ctx.initiatives[iid])) for iid in ids)
        if len(peak) < minimum:
            continue
        message = f"One person takes part in {len(peak)} live initiatives running at the same time."
        inputs = {"live_initiative_ids": list(ids), "simultaneous_initiative_ids": list(peak)}
        threshold = {"overload_initiatives": minimum}
        yield person_finding(
            "participant_overload", "medium", ctx.ref(key), message, inputs, threshold
        )
