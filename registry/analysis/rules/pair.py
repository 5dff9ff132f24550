"""Pair rules: at most one finding per pair of concurrent live initiatives, the first that holds."""

from __future__ import annotations

from typing import Any

from registry.analysis.codes import PAIR_CODES
from registry.analysis.context import Context
from registry.analysis.findings import Finding, evidence
from registry.analysis.pairs import PairOutcome
from registry.analysis.rules.base import rule
from registry.analysis.thresholds import Thresholds

_MESSAGES = {
    "competing_channel": (
        "Two initiatives run at the same time on a shared issue and both brief "
        "the same Track One body, so they may feed it competing proposals"
    ),
    "duplicate_initiative": (
        "Two initiatives run at the same time in the same mode on largely the same "
        "issues and regions with many of the same people, so one may duplicate the other"
    ),
    "scope_overlap": (
        "Two initiatives run at the same time on largely the same issues in overlapping regions"
    ),
    "shared_participants": ("Two initiatives run at the same time with {n} of the same people"),
}


def pair_finding(outcome: PairOutcome, threshold: dict[str, Any]) -> Finding:
    """Build the pair finding of an outcome, with every facet in its evidence.

    `threshold` is `pair_threshold(thresholds)`, built once for all of a run's pairs.
    """
    facets, code = outcome.facets, outcome.code
    assert code is not None and outcome.severity is not None
    message = _MESSAGES[code].format(n=facets.shared_people)
    if facets.agreed_link:
        message += ", though their sponsors have agreed to coordinate"
    return Finding(
        code=code,
        severity=outcome.severity,
        key=f"{code}:initiative:{facets.a},{facets.b}",  # a < b: the ids sorted
        initiative_ids=(facets.a, facets.b),
        message=message + ".",
        evidence=evidence(code, _inputs(outcome), threshold),
    )


def pair_threshold(thresholds: Thresholds) -> dict[str, Any]:
    """The thresholds the pair rules compare against, as evidence shows them."""
    return {
        "shared_issues": 1,
        "shared_track_one_bodies": 1,
        "issue_overlap": thresholds.issue_overlap,
        "duplicate_participant_overlap": thresholds.duplicate_participant_overlap,
        "shared_participants_medium": thresholds.shared_participants_medium,
    }


def _inputs(outcome: PairOutcome) -> dict[str, Any]:
    """The facets of a pair as JSON-ready evidence inputs."""
    facets = outcome.facets
    return {
        "initiative_ids": [facets.a, facets.b],
        "shared_issue_ids": list(facets.shared_issue_ids),
        "shared_track_one_body_ids": list(facets.shared_body_ids),
        "issue_overlap": round(facets.issue_overlap, 4),
        "shared_people": facets.shared_people,
        "matched_people": facets.people_union,  # in either: "shares 3 of 5 matched people"
        "participant_overlap": round(facets.participant_overlap, 4),
        "regions_compatible": facets.regions_compatible,
        "same_mode": facets.same_mode,
        "agreed_link": facets.agreed_link,
        "facets": dict(zip(PAIR_CODES, outcome.holds)),  # noqa: B905 (both have four)
    }


def _pair_rule(ctx: Context, code: str) -> list[Finding]:
    """Findings of one pair code."""
    threshold = pair_threshold(ctx.thresholds)
    return [
        pair_finding(outcome, threshold)
        for outcome in ctx.pair_outcomes.values()
        if outcome.code == code
    ]


@rule("competing_channel")
def competing_channel(ctx: Context) -> list[Finding]:
    """Concurrent initiatives sharing an issue and a Track One body they brief."""
    return _pair_rule(ctx, "competing_channel")


@rule("duplicate_initiative")
def duplicate_initiative(ctx: Context) -> list[Finding]:
    """Concurrent initiatives alike in scope, people and mode."""
    return _pair_rule(ctx, "duplicate_initiative")


@rule("scope_overlap")
def scope_overlap(ctx: Context) -> list[Finding]:
    """Concurrent initiatives alike in issues, in compatible regions."""
    return _pair_rule(ctx, "scope_overlap")


@rule("shared_participants")
def shared_participants(ctx: Context) -> list[Finding]:
    """Concurrent initiatives sharing matched people."""
    return _pair_rule(ctx, "shared_participants")
