"""Per-initiative rules: one finding per initiative and code, the initiative its subject."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from registry.analysis import terms
from registry.analysis.context import Context
from registry.analysis.findings import Finding, finding
from registry.analysis.rules.base import rule
from registry.analysis.terms import LIVE_STATUSES


def _about(
    initiative_id: int,
    code: str,
    severity: str,
    message: str,
    inputs: dict[str, Any],
    threshold: dict[str, Any],
) -> Finding:
    """Build a finding whose one subject is the initiative."""
    return finding(code, severity, "initiative", [initiative_id], message, inputs, threshold)


@rule("one_sided")
def one_sided(ctx: Context) -> Iterator[Finding]:
    """Not intra-party, yet every participant-role participation is of one party."""
    minimum = ctx.thresholds.one_sided_min_participants
    for initiative in ctx.live:
        if initiative.intra_party:
            continue
        rows = [p for p in ctx.participations(initiative.id) if p.role == "participant"]
        parties = {p.party_id for p in rows}
        if len(rows) < minimum or len(parties) != 1 or None in parties:
            continue
        (party,) = parties
        message = (
            f"An initiative not meant to be intra-party has all {len(rows)} of its "
            "participants from one party."
        )
        inputs = {"participants": len(rows), "party_id": party, "intra_party": False}
        yield _about(
            initiative.id, "one_sided", "high", message, inputs, {"min_participants": minimum}
        )


@rule("representation_asymmetry")
def representation_asymmetry(ctx: Context) -> Iterator[Finding]:
    """The best represented party has more than `factor` times the least's participations."""
    factor = ctx.thresholds.ratio("asymmetry_factor")
    for initiative in ctx.live:
        if len(ctx.parties_among(initiative.id)) < 2:
            continue
        counts: dict[int, int] = {}
        for row in ctx.participations(initiative.id):
            if row.party_id is not None:
                counts[row.party_id] = counts.get(row.party_id, 0) + 1
        largest, smallest = max(counts.values()), min(counts.values())
        if largest * factor.denominator <= factor.numerator * smallest:
            continue
        message = (
            f"In an initiative the best represented party has {largest} "
            f"participations and the least represented only {smallest}."
        )
        inputs = {"participations_by_party": {str(k): counts[k] for k in sorted(counts)}}
        yield _about(
            initiative.id,
            "representation_asymmetry",
            "low",
            message,
            inputs,
            {"factor": ctx.thresholds.asymmetry_factor, "min_parties": 2},
        )


@rule("no_transfer_channel")
def no_transfer_channel(ctx: Context) -> Iterator[Finding]:
    """No channel to Track One and no carrier; high for hard mode, medium for soft."""
    for initiative in ctx.live:
        if ctx.channels(initiative.id) or ctx.carriers(initiative.id):
            continue
        severity = "high" if initiative.mode == "hard" else "medium"
        message = (
            "An initiative has no channel to Track One and no one with direct "
            "access to decision makers, so its results may never reach the official track."
        )
        inputs = {"channels": 0, "carriers": 0, "mode": initiative.mode}
        yield _about(
            initiative.id,
            "no_transfer_channel",
            severity,
            message,
            inputs,
            {"carrier_max_proximity": ctx.thresholds.carrier_max_proximity},
        )


@rule("one_sided_transfer")
def one_sided_transfer(ctx: Context) -> Iterator[Finding]:
    """Reaches at least one but not all of the parties among its participants."""
    for initiative in ctx.live:
        parties = ctx.parties_among(initiative.id)
        if len(parties) < 2:  # one party is reached entirely or not at all
            continue
        reached = ctx.reaches(initiative.id) & parties
        if not reached or reached == parties:
            continue
        message = (
            f"An initiative reaches the official track of {len(reached)} of the "
            f"{len(parties)} parties among its participants, but not the others."
        )
        inputs = {
            "party_ids": sorted(parties),
            "reached_party_ids": sorted(reached),
            "unreached_party_ids": sorted(parties - reached),
        }
        yield _about(
            initiative.id,
            "one_sided_transfer",
            "medium",
            message,
            inputs,
            {"carrier_max_proximity": ctx.thresholds.carrier_max_proximity},
        )


@rule("single_point_transfer")
def single_point_transfer(ctx: Context) -> Iterator[Finding]:
    """No institutional channel and exactly one carrying person."""
    for initiative in ctx.live:
        channels = ctx.channels(initiative.id)
        if terms.has_institutional_channel(channels) or len(ctx.carriers(initiative.id)) != 1:
            continue
        message = (
            "An initiative depends on a single person to carry its results "
            "to Track One and has no institutional channel."
        )
        inputs = {"channels": len(channels), "institutional_channels": 0, "carriers": 1}
        yield _about(
            initiative.id,
            "single_point_transfer",
            "medium",
            message,
            inputs,
            {"carriers": 1, "carrier_max_proximity": ctx.thresholds.carrier_max_proximity},
        )


@rule("legal_risk")
def legal_risk(ctx: Context) -> Iterator[Finding]:
    """A person has a designated match binding the sponsor or a funder; lists every match."""
    bound = ctx.snapshot.organisation_jurisdictions
    flagged = frozenset(key for key, person in ctx.people_by_key.items() if person.designated)
    for initiative in ctx.live:
        if flagged.isdisjoint(ctx.people_of(initiative.id)):
            continue
        organisations = sorted({initiative.sponsor_id, *initiative.funder_ids})
        codes = frozenset().union(*(bound.get(org, frozenset()) for org in organisations))
        matches = []
        for key in sorted(ctx.people_of(initiative.id) & flagged):
            for match in ctx.people_by_key[key].designated:
                shared = match.jurisdictions & codes
                if shared:
                    matches.append(
                        {
                            "person_ref": ctx.ref(key),
                            "entity_id": match.entity_id,
                            "list_name": match.list_name,
                            "jurisdictions": sorted(shared),
                        }
                    )
        if not matches:
            continue
        message = (
            f"An initiative has {len(matches)} participant affiliation(s) matching "
            "a designated list that binds its sponsor or a funder; refer it for legal review."
        )
        inputs = {"organisation_ids": organisations, "matches": matches}
        yield _about(initiative.id, "legal_risk", "high", message, inputs, {})


@rule("stale_record")
def stale_record(ctx: Context) -> Iterator[Finding]:
    """Planned or active, yet past its end date or not updated for too long (live or not)."""
    limit = ctx.thresholds.stale_days
    for initiative in sorted(ctx.snapshot.initiatives, key=lambda i: i.id):
        if initiative.status not in LIVE_STATUSES:
            continue
        ended = initiative.end_date is not None and initiative.end_date < ctx.as_of
        idle = (ctx.as_of - initiative.last_updated.date()).days
        if not ended and idle <= limit:
            continue
        reason = "its end date has passed" if ended else f"it has not been updated for {idle} days"
        message = f"An initiative is still marked {initiative.status} but {reason}."
        inputs = {
            "status": initiative.status,
            "end_date": initiative.end_date.isoformat() if initiative.end_date else None,
            "end_date_passed": ended,
            "days_since_update": idle,
        }
        yield _about(initiative.id, "stale_record", "low", message, inputs, {"stale_days": limit})
