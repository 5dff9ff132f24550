"""Rules of timing and transfer (SPEC 8): rounds' agendas, droughts, unconfirmed and rival output.

Dates compare as dates: "in the N days up to as_of" is as_of - N <= d <= as_of, "more
than N days before as_of" is d < as_of - N, "within N days of each other" is
|d1 - d2| <= N. At another as_of a transfer exists only once delivered.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

from registry.analysis.context import Context
from registry.analysis.findings import Finding, finding
from registry.analysis.rules.base import rule
from registry.analysis.snapshot import RoundFacts, TransferFacts

CALENDAR_CODES = (
    "agenda_uncovered",
    "agenda_undelivered",
    "transfer_drought",
    "unacknowledged_transfer",
    "competing_proposals",
)


def _days(n: int) -> timedelta:
    return timedelta(days=n)


def delivered(ctx: Context) -> list[TransferFacts]:
    """The transfers that exist at as_of (delivered on or before it)."""
    return [t for t in ctx.snapshot.transfers if t.delivered_on <= ctx.as_of]


def upcoming(ctx: Context) -> list[RoundFacts]:
    """Planned rounds starting between as_of and as_of + round_horizon_days, by start then id."""
    horizon = ctx.as_of + _days(ctx.thresholds.round_horizon_days)
    found = [
        r
        for r in ctx.snapshot.rounds
        if r.status == "planned" and ctx.as_of <= r.starts_on <= horizon
    ]
    return sorted(found, key=lambda r: (r.starts_on, r.id))


def _round_inputs(ctx: Context, item: RoundFacts, issue_ids: set[int]) -> dict[str, Any]:
    return {
        "issue_ids": sorted(issue_ids),
        "agenda_issue_ids": sorted(item.agenda_issue_ids),
        "track_one_body_ids": sorted(item.body_ids),
        "starts_on": item.starts_on.isoformat(),
        "days_until": (item.starts_on - ctx.as_of).days,
    }


def _covered(ctx: Context) -> frozenset[int]:
    return frozenset().union(*(i.issue_ids for i in ctx.live))


@rule("agenda_uncovered")
def agenda_uncovered(ctx: Context) -> Iterator[Finding]:
    """An upcoming round with an agenda issue no live initiative covers."""
    covered = _covered(ctx)
    threshold = {"round_horizon_days": ctx.thresholds.round_horizon_days}
    for item in upcoming(ctx):
        missing = set(item.agenda_issue_ids - covered)
        if not missing:
            continue
        message = (
            f"A round starting on {item.starts_on.isoformat()} has {len(missing)} agenda "
            "issue(s) that no live initiative covers."
        )
        inputs = _round_inputs(ctx, item, missing)
        yield finding("agenda_uncovered", "high", "round", [item.id], message, inputs, threshold)


@rule("agenda_undelivered")
def agenda_undelivered(ctx: Context) -> Iterator[Finding]:
    """An upcoming round with a covered agenda issue on which nothing recent reached it."""
    covered = _covered(ctx)
    window = ctx.thresholds.delivery_window_days
    since = ctx.as_of - _days(window)
    recent = [t for t in delivered(ctx) if t.delivered_on >= since]
    threshold = {
        "round_horizon_days": ctx.thresholds.round_horizon_days,
        "delivery_window_days": window,
    }
    for item in upcoming(ctx):
        reached = frozenset().union(*(t.issue_ids for t in recent if t.body_id in item.body_ids))
        missing = set((item.agenda_issue_ids & covered) - reached)
        if not missing:
            continue
        message = (
            f"A round starting on {item.starts_on.isoformat()} has {len(missing)} covered "
            f"agenda issue(s) on which no transfer reached its bodies in the last {window} days."
        )
        inputs = _round_inputs(ctx, item, missing)
        yield finding(
            "agenda_undelivered", "medium", "round", [item.id], message, inputs, threshold
        )


@rule("transfer_drought")
def transfer_drought(ctx: Context) -> Iterator[Finding]:
    """A live hard initiative with a channel, started long ago, that delivered nothing lately."""
    limits = ctx.thresholds
    started_before = ctx.as_of - _days(limits.drought_min_age_days)
    since = ctx.as_of - _days(limits.delivery_window_days)
    dates: dict[int, list[date]] = defaultdict(list)
    for t in delivered(ctx):
        dates[t.initiative_id].append(t.delivered_on)
    threshold = {
        "drought_min_age_days": limits.drought_min_age_days,
        "delivery_window_days": limits.delivery_window_days,
    }
    for initiative in ctx.live:
        if initiative.mode != "hard" or not ctx.channels(initiative.id):
            continue
        if initiative.start_date is None or not initiative.start_date < started_before:
            continue
        own = dates.get(initiative.id, [])
        if any(d >= since for d in own):
            continue
        last = max(own) if own else None
        inputs = {
            "last_delivered_on": last.isoformat() if last else None,
            "track_one_body_ids": sorted(ctx.bodies_of.get(initiative.id, ())),
            "start_date": initiative.start_date.isoformat(),
        }
        message = (
            "An initiative producing proposals delivered nothing to Track One in the last "
            f"{limits.delivery_window_days} days."
        )
        yield finding(
            "transfer_drought", "medium", "initiative", [initiative.id], message, inputs, threshold
        )


@rule("unacknowledged_transfer")
def unacknowledged_transfer(ctx: Context) -> Iterator[Finding]:
    """An initiative with a claimed transfer delivered more than acknowledge_days ago."""
    days = ctx.thresholds.acknowledge_days
    before = ctx.as_of - _days(days)
    waiting: dict[int, list[TransferFacts]] = defaultdict(list)
    for t in delivered(ctx):
        if t.evidence == "claimed" and t.delivered_on < before:
            waiting[t.initiative_id].append(t)
    for initiative_id in sorted(waiting):
        items = sorted(waiting[initiative_id], key=lambda t: (t.delivered_on, t.id))
        inputs = {
            "transfer_ids": [t.id for t in items],
            "transfers": [{"id": t.id, "delivered_on": t.delivered_on.isoformat()} for t in items],
        }
        message = (
            f"An initiative has {len(items)} transfer(s) that nobody on Track One confirmed "
            f"more than {days} days after delivery."
        )
        threshold = {"acknowledge_days": days}
        yield finding(
            "unacknowledged_transfer", "low", "initiative", [initiative_id], message, inputs,
            threshold,
        )  # fmt: skip


def _rival_pairs(ctx: Context) -> dict[tuple[int, int], list[dict[str, Any]]]:
    """Qualifying pairs of proposals, by the pair of initiatives that delivered them."""
    limits = ctx.thresholds
    since = ctx.as_of - _days(limits.rival_window_days)
    by_body: dict[int, list[TransferFacts]] = defaultdict(list)
    for t in delivered(ctx):
        if t.kind == "proposal" and t.delivered_on >= since and t.initiative_id in ctx.initiatives:
            by_body[t.body_id].append(t)
    pairs: dict[tuple[int, int], list[dict[str, Any]]] = defaultdict(list)
    for body_id in sorted(by_body):
        items = sorted(by_body[body_id], key=lambda t: (t.delivered_on, t.id))
        for index, a in enumerate(items):
            for b in items[index + 1 :]:
                if (b.delivered_on - a.delivered_on).days > limits.rival_gap_days:
                    break  # sorted by date: every later one is further away
                _pair_up(ctx, body_id, a, b, pairs)
    return pairs


def _pair_up(
    ctx: Context,
    body_id: int,
    a: TransferFacts,
    b: TransferFacts,
    pairs: dict[tuple[int, int], list[dict[str, Any]]],
) -> None:
    """Record two proposals as rivals when their sponsors differ and they share an issue."""
    first, second = ctx.initiatives[a.initiative_id], ctx.initiatives[b.initiative_id]
    shared = a.issue_ids & b.issue_ids
    if first.sponsor_id == second.sponsor_id or not shared:
        return
    low, high = sorted((first.id, second.id))
    ordered = (a, b) if a.initiative_id == low else (b, a)
    pairs[(low, high)].append(
        {
            "transfer_ids": [ordered[0].id, ordered[1].id],
            "track_one_body_id": body_id,
            "issue_ids": sorted(shared),
            "delivered_on": [t.delivered_on.isoformat() for t in ordered],
        }
    )


@rule("competing_proposals")
def competing_proposals(ctx: Context) -> Iterator[Finding]:
    """Two sponsors' proposals to one body on a shared issue, close in time, uncoordinated."""
    limits = ctx.thresholds
    threshold = {
        "rival_gap_days": limits.rival_gap_days,
        "rival_window_days": limits.rival_window_days,
    }
    for pair, found in sorted(_rival_pairs(ctx).items()):
        if pair in ctx.agreed_pairs:
            continue
        message = (
            "Two initiatives of different sponsors delivered rival proposals to the same "
            "Track One body without an agreed coordination link."
        )
        inputs = {"pairs": found}
        yield finding("competing_proposals", "high", "initiative", pair, message, inputs, threshold)


def listed(code: str, evidence: dict[str, Any]) -> frozenset[str]:
    """The issues and transfers a finding of these codes lists, to tell when a run adds one."""
    inputs = evidence.get("inputs", {}) if isinstance(evidence, dict) else {}
    found = {f"issue:{i}" for i in inputs.get("issue_ids", ())}
    found |= {f"transfer:{i}" for i in inputs.get("transfer_ids", ())}
    for pair in inputs.get("pairs", ()):
        found |= {f"transfer:{i}" for i in pair.get("transfer_ids", ())}
        found |= {f"issue:{i}" for i in pair.get("issue_ids", ())}
    return frozenset(found)
