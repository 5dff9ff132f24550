"""Candidate pairs of concurrent live initiatives, found without comparing every pair.

Every pair finding needs a shared matched person (shared_participants), a shared issue
and Track One body (competing_channel) or an issue overlap at or above the threshold
(duplicate_initiative, scope_overlap). So the candidates are the concurrent pairs
within buckets keyed by person, by (issue, body) and by issue. Issue buckets use the
prefix filter of set-similarity joins, per pair of set sizes (see `_buckets`): an
issue shared by many initiatives is bucketed only where it can lift a pair to the
threshold, so a popular issue does not make every pair of its initiatives a candidate.
Within a bucket a sweep by start date yields only concurrent pairs, so the work follows
the number of overlapping pairs in a bucket, not its square.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from fractions import Fraction
from itertools import chain
from typing import TYPE_CHECKING, Any

from registry.analysis import terms

if TYPE_CHECKING:
    from registry.analysis.context import Context

Pair = tuple[int, int]
# Window start, window end, initiative id, and in an issue bucket of two sizes whether
# the initiative is on the side of the larger size.
Member = tuple[int, int, int, bool]
Buckets = dict[Any, list[Member]]


def candidate_pairs(ctx: Context) -> set[Pair]:
    """Concurrent live pairs sharing a bucket; a superset of the pairs with a finding."""
    pairs: set[Pair] = set()
    by_channel, by_issue = _buckets(ctx)
    for members in chain(_people_buckets(ctx), by_channel.values()):
        if len(members) > 1:
            pairs.update(_sweep(members))
    for (_, small, large), members in by_issue.items():
        if len(members) > 1:
            pairs.update(_sweep_across(members) if small != large else _sweep(members))
    return pairs


def _people_buckets(ctx: Context) -> Iterator[list[Member]]:
    """For each matched person in two live initiatives or more, those, in order of start."""
    for ids in ctx.live_initiatives_of_person.values():
        if len(ids) > 1:
            yield sorted((*terms.window(ctx.initiatives[iid]), iid, False) for iid in ids)


def _buckets(ctx: Context) -> tuple[Buckets, Buckets]:
    """Bucket live initiatives, in order of start, by (issue, body) and by issue."""
    frequency = Counter(issue for i in ctx.live for issue in i.issue_ids)
    overlaps = required_overlaps(
        {len(i.issue_ids) for i in ctx.live}, ctx.thresholds.ratio("issue_overlap")
    )
    by_channel: Buckets = defaultdict(list)
    by_issue: Buckets = defaultdict(list)
    bodies = ctx.bodies_of
    for (start, end), iid, initiative in sorted((terms.window(i), i.id, i) for i in ctx.live):
        member = (start, end, iid, False)
        for body in bodies.get(iid, ()):
            for issue in initiative.issue_ids:
                by_channel[(issue, body)].append(member)
        rarest_first = sorted(initiative.issue_ids, key=lambda issue: (frequency[issue], issue))
        size = len(rarest_first)
        for other, needed in overlaps.get(size, {}).items():
            small, large = min(size, other), max(size, other)
            # Two sets sharing at least `needed` issues meet within the first
            # size - needed + 1 issues of each (in one global order, rarest first).
            for issue in rarest_first[: size - needed + 1]:
                by_issue[(issue, small, large)].append((start, end, iid, size == large))
    return by_channel, by_issue


def required_overlaps(sizes: Iterable[int], threshold: Fraction) -> dict[int, dict[int, int]]:
    """For issue-set sizes s and s', the shared issues a Jaccard of `threshold` needs.

    Sets of sizes s <= s' reach Jaccard t only if s >= t * s' (the size filter) and
    they share at least ceil(t * (s + s') / (1 + t)) issues; sizes failing the size
    filter are left out.
    """
    sizes = sorted(set(sizes))
    needed: dict[int, dict[int, int]] = defaultdict(dict)
    for size in sizes:
        for other in sizes:
            small, large = min(size, other), max(size, other)
            if small >= threshold * large:
                needed[size][other] = math.ceil(threshold * (small + large) / (1 + threshold))
    return needed


def _sweep(members: list[Member]) -> Iterator[Pair]:
    """Yield the pairs of intersecting windows among members sorted by start."""
    running: list[tuple[int, int]] = []  # heap of (end, id)
    for start, end, iid, _ in members:
        while running and running[0][0] < start:
            heapq.heappop(running)
        for _, other in running:
            yield (other, iid) if other < iid else (iid, other)
        heapq.heappush(running, (end, iid))


def _sweep_across(members: list[Member]) -> Iterator[Pair]:
    """Like `_sweep`, for pairs of one member of each side only."""
    running: tuple[list[tuple[int, int]], list[tuple[int, int]]] = ([], [])
    for start, end, iid, side in members:
        for heap in running:
            while heap and heap[0][0] < start:
                heapq.heappop(heap)
        for _, other in running[not side]:
            yield (other, iid) if other < iid else (iid, other)
        heapq.heappush(running[side], (end, iid))
