"""Pairs of live initiatives: their facets, which pair rules hold, the one pair finding.

Candidates come from `candidates.candidate_pairs`; each is judged here. For each
unordered pair of concurrent live initiatives at most one pair finding is made, the
first that holds in the order of PAIR_CODES.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

from registry.analysis import terms
from registry.analysis.candidates import Pair, candidate_pairs
from registry.analysis.snapshot import InitiativeFacts
from registry.analysis.thresholds import Thresholds

if TYPE_CHECKING:
    from registry.analysis.context import Context


class PairFacets(NamedTuple):
    """What the pair rules compare, as counts (scores are derived from them)."""

    a: int
    b: int
    shared_issue_ids: tuple[int, ...]
    issue_union: int
    shared_body_ids: tuple[int, ...]
    shared_people: int
    people_union: int
    regions_compatible: bool
    same_mode: bool
    agreed_link: bool

    @property
    def issue_overlap(self) -> float:
        """Jaccard index of the two issue sets."""
        return len(self.shared_issue_ids) / self.issue_union if self.issue_union else 0.0

    @property
    def participant_overlap(self) -> float:
        """Jaccard index of the two sets of matched people."""
        return self.shared_people / self.people_union if self.people_union else 0.0


class PairOutcome(NamedTuple):
    """The facets of a pair, which of the four rules hold, and the one finding's code."""

    facets: PairFacets
    holds: tuple[bool, bool, bool, bool]  # in the order of PAIR_CODES
    code: str | None
    severity: str | None

    @property
    def weight(self) -> float:
        """Share of the four facets that hold, in [0, 1]."""
        return sum(self.holds) / len(self.holds)


def facets_of(
    a: InitiativeFacts,
    b: InitiativeFacts,
    bodies: tuple[frozenset[int], frozenset[int]],
    people: tuple[frozenset[int], frozenset[int]],
    agreed: bool,
) -> PairFacets:
    """Compute the facets of two initiatives (given in id order)."""
    issues = a.issue_ids & b.issue_ids
    shared_bodies = bodies[0] & bodies[1]
    shared_people = len(people[0] & people[1])
    return PairFacets(
        a.id,
        b.id,
        tuple(sorted(issues)) if issues else (),
        len(a.issue_ids) + len(b.issue_ids) - len(issues),
        tuple(sorted(shared_bodies)) if shared_bodies else (),
        shared_people,
        len(people[0]) + len(people[1]) - shared_people,
        terms.regions_compatible(a.region_ids, b.region_ids),
        a.mode == b.mode,
        agreed,
    )


class Limits(NamedTuple):
    """The pair thresholds as exact (numerator, denominator) integer pairs."""

    issue: tuple[int, int]
    duplicate: tuple[int, int]
    medium: tuple[int, int]


@lru_cache(maxsize=16)
def limits(thresholds: Thresholds) -> Limits:
    """Convert the pair thresholds once per run."""
    exact = [
        thresholds.ratio(name)
        for name in ("issue_overlap", "duplicate_participant_overlap", "shared_participants_medium")
    ]
    issue, duplicate, medium = ((f.numerator, f.denominator) for f in exact)
    return Limits(issue, duplicate, medium)


def meets(shared: int, union: int, limit: tuple[int, int]) -> bool:
    """Whether shared / union reaches the limit exactly (a Jaccard of empty sets is 0)."""
    return shared * limit[1] >= limit[0] * union if union else limit[0] <= 0


def classify(facets: PairFacets, thresholds: Thresholds) -> PairOutcome:
    """Decide which pair rules hold and which one finding, if any, the pair gets."""
    return judge(facets, limits(thresholds))


def judge(facets: PairFacets, limit: Limits) -> PairOutcome:
    """Like `classify`, with the thresholds already converted.

    The first rule that holds in the order of PAIR_CODES makes the finding; an agreed
    coordination link makes its severity info. Written out rather than looped: every
    candidate pair of a run comes through here.
    """
    _, _, issues, issue_union, bodies, people, people_union, regions, same_mode, agreed = facets
    scope = regions and meets(len(issues), issue_union, limit.issue)
    holds = (
        bool(issues) and bool(bodies),
        scope and same_mode and meets(people, people_union, limit.duplicate),
        scope,
        people > 0,
    )
    if holds[0]:
        code, severity = "competing_channel", "high"
    elif holds[1]:
        code, severity = "duplicate_initiative", "high"
    elif scope:
        code, severity = "scope_overlap", "medium"
    elif people:
        code = "shared_participants"
        severity = "medium" if meets(people, people_union, limit.medium) else "low"
    else:
        return PairOutcome(facets, holds, None, None)
    return PairOutcome(facets, holds, code, "info" if agreed else severity)


def pair_outcomes(ctx: Context) -> dict[Pair, PairOutcome]:
    """Every pair of concurrent live initiatives that gets a pair finding, by pair."""
    initiatives, bodies_of, people_of = ctx.initiatives, ctx.bodies_of, ctx.people
    limit, links = limits(ctx.thresholds), ctx.agreed_pairs
    empty: frozenset[int] = frozenset()
    outcomes = {}
    candidates = sorted(candidate_pairs(ctx))
    ctx.deadline.check()
    for index, pair in enumerate(candidates):
        if not index & 0x3FF:  # a cheap test every 1,024 pairs: the clock is slower
            ctx.deadline.check()
        a, b = initiatives[pair[0]], initiatives[pair[1]]
        bodies = (bodies_of.get(a.id, empty), bodies_of.get(b.id, empty))
        people = (people_of.get(a.id, empty), people_of.get(b.id, empty))
        shared = len(a.issue_ids & b.issue_ids)
        # Most candidates share only an issue: reject those no rule can hold for before
        # building their facets (no person, no issue with a body, no scope overlap).
        if (
            people[0].isdisjoint(people[1])
            and (not shared or bodies[0].isdisjoint(bodies[1]))
            and not (
                meets(shared, len(a.issue_ids) + len(b.issue_ids) - shared, limit.issue)
                and terms.regions_compatible(a.region_ids, b.region_ids)
            )
        ):
            continue
        outcome = judge(facets_of(a, b, bodies, people, pair in links), limit)
        if outcome.code is not None:
            outcomes[pair] = outcome
    return outcomes
