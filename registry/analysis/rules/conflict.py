"""Per-conflict rules: gaps in coverage, the ripe moment, funders and gender balance."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from itertools import combinations

from registry.analysis import terms
from registry.analysis.context import Context
from registry.analysis.findings import Finding, conflict_finding, finding
from registry.analysis.rules.base import rule

STALLED = frozenset({"stalled", "broken_down"})
ESCALATED = frozenset({"segregation", "destruction"})
RECORDED_GENDERS = frozenset({"female", "male", "other"})


@rule("issue_gap")
def issue_gap(ctx: Context) -> Iterator[Finding]:
    """An issue no live initiative covers; high when on the Track One agenda."""
    covered = frozenset().union(*(i.issue_ids for i in ctx.live))
    for issue in sorted(ctx.snapshot.issues, key=lambda i: i.id):
        if issue.id in covered:
            continue
        agenda = issue.on_track_one_agenda
        message = "No live initiative covers an issue" + (
            ", although it is on the Track One agenda." if agenda else "."
        )
        inputs = {"on_track_one_agenda": agenda, "live_initiatives": len(ctx.live)}
        severity = "high" if agenda else "medium"
        yield finding("issue_gap", severity, "issue", [issue.id], message, inputs)


@rule("party_gap")
def party_gap(ctx: Context) -> Iterator[Finding]:
    """A party with no participant in any live initiative; high for a potential spoiler."""
    covered = frozenset().union(*(ctx.parties_among(i.id) for i in ctx.live))
    for party in sorted(ctx.snapshot.parties, key=lambda p: p.id):
        if party.id in covered:
            continue
        spoiler = party.potential_spoiler
        message = "No live initiative has participants from a party" + (
            ", a potential spoiler." if spoiler else "."
        )
        inputs = {"potential_spoiler": spoiler, "live_initiatives": len(ctx.live)}
        severity = "high" if spoiler else "medium"
        yield finding("party_gap", severity, "party", [party.id], message, inputs)


@rule("party_pair_gap")
def party_pair_gap(ctx: Context) -> Iterator[Finding]:
    """Two parties that no live initiative brings together."""
    together: set[tuple[int, int]] = set()
    for initiative in ctx.live:
        together.update(combinations(sorted(ctx.parties_among(initiative.id)), 2))
    for pair in combinations(sorted(ctx.party_ids), 2):
        if pair in together:
            continue
        message = "No live initiative brings together participants of two parties."
        inputs = {"party_ids": list(pair), "live_initiatives": len(ctx.live)}
        yield finding("party_pair_gap", "medium", "party", pair, message, inputs)


@rule("region_gap")
def region_gap(ctx: Context) -> Iterator[Finding]:
    """A region no live initiative covers; one without regions covers them all."""
    if any(not i.region_ids for i in ctx.live):
        return
    covered = frozenset().union(*(i.region_ids for i in ctx.live))
    for region in sorted(ctx.snapshot.regions, key=lambda r: r.id):
        if region.id not in covered:
            message = "No live initiative covers a region."
            inputs = {"live_initiatives": len(ctx.live)}
            yield finding("region_gap", "low", "region", [region.id], message, inputs)


@rule("channel_gap")
def channel_gap(ctx: Context) -> Iterator[Finding]:
    """A Track One body no live initiative has a channel to."""
    reached = frozenset().union(*(ctx.bodies_of.get(i.id, frozenset()) for i in ctx.live))
    for body in sorted(ctx.snapshot.bodies, key=lambda b: b.id):
        if body.id not in reached:
            message = "No live initiative has a channel to a Track One body."
            inputs = {"live_initiatives": len(ctx.live)}
            yield finding("channel_gap", "low", "track_one_body", [body.id], message, inputs)


@rule("ripe_moment_gap")
def ripe_moment_gap(ctx: Context) -> Iterator[Finding]:
    """Talks stalled or the conflict escalating, and no live Track 2 or 1.5 work in hard mode."""
    conflict = ctx.snapshot.conflict
    stalled = conflict.track_one_status in STALLED
    escalated = conflict.escalation_stage in ESCALATED
    if not (stalled or escalated):
        return
    if any(i.track in ("2", "1.5") and i.mode == "hard" for i in ctx.live):
        return
    why = "official talks are stalled or broken down" if stalled else "the conflict is escalating"
    message = (
        f"Although {why}, no live Track 2 or Track 1.5 initiative is producing proposals "
        "for Track One."
    )
    inputs = {
        "track_one_status": conflict.track_one_status,
        "escalation_stage": conflict.escalation_stage,
        "live_hard_track_two_initiatives": 0,
    }
    threshold = {"track_one_status": sorted(STALLED), "escalation_stage": sorted(ESCALATED)}
    yield conflict_finding("ripe_moment_gap", "high", conflict.id, message, inputs, threshold)


@rule("funder_concentration")
def funder_concentration(ctx: Context) -> Iterator[Finding]:
    """Enough live funded initiatives, and one funder funds at least the share of them."""
    funded = [i for i in ctx.live if i.funder_ids]
    minimum, share = ctx.thresholds.funder_min_initiatives, ctx.thresholds.ratio("funder_share")
    if len(funded) < minimum:
        return
    counts = Counter(funder for i in funded for funder in i.funder_ids)
    for funder in sorted(counts):
        if not terms.at_least(counts[funder], len(funded), share):
            continue
        message = (
            f"One funder funds {counts[funder]} of the {len(funded)} live funded "
            "initiatives on this conflict."
        )
        inputs = {"funded_initiatives": counts[funder], "live_funded_initiatives": len(funded)}
        threshold = {"min_initiatives": minimum, "share": ctx.thresholds.funder_share}
        yield finding(
            "funder_concentration", "low", "organisation", [funder], message, inputs, threshold
        )


@rule("gender_gap")
def gender_gap(ctx: Context) -> Iterator[Finding]:
    """Enough people with a recorded gender in live initiatives, and too few women."""
    keys = frozenset().union(*(ctx.people_of(i.id) for i in ctx.live))
    genders = Counter(ctx.people_by_key[key].gender for key in keys)
    counted = sum(genders[gender] for gender in RECORDED_GENDERS)
    women = genders["female"]
    minimum = ctx.thresholds.gender_min_people
    share = ctx.thresholds.ratio("gender_min_women_share")
    if counted < minimum or terms.at_least(women, counted, share):
        return
    message = (
        f"Only {women} of the {counted} people with a recorded gender in live initiatives "
        "are women."
    )
    inputs = {"people": counted, "women": women}
    threshold = {"min_people": minimum, "min_women_share": ctx.thresholds.gender_min_women_share}
    conflict_id = ctx.snapshot.conflict.id
    yield conflict_finding("gender_gap", "low", conflict_id, message, inputs, threshold)
