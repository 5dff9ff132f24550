"""The terms of SPEC section 4 as small pure functions."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from fractions import Fraction

from registry.analysis.snapshot import ChannelFacts, InitiativeFacts, ParticipationFacts

LIVE_STATUSES = frozenset({"planned", "active"})
OPEN_START = 0  # before date.min (ordinal 1): an open start reaches to minus infinity
OPEN_END = date.max.toordinal() + 1  # after date.max: an open end reaches to infinity

Window = tuple[int, int]


def window(initiative: InitiativeFacts) -> Window:
    """Return the inclusive window as day ordinals, open ends as sentinels."""
    start, end = initiative.start_date, initiative.end_date
    return (
        OPEN_START if start is None else start.toordinal(),
        OPEN_END if end is None else end.toordinal(),
    )


def is_live(initiative: InitiativeFacts, as_of: date) -> bool:
    """Planned or active, with a window that contains `as_of` or lies after it."""
    if initiative.status not in LIVE_STATUSES:
        return False
    return initiative.end_date is None or initiative.end_date >= as_of


def overlaps(a: Window, b: Window) -> bool:
    """Whether two inclusive windows intersect."""
    return a[0] <= b[1] and b[0] <= a[1]


def concurrent(a: InitiativeFacts, b: InitiativeFacts) -> bool:
    """Whether the windows of two initiatives intersect (both assumed live)."""
    return overlaps(window(a), window(b))


def regions_compatible(a: frozenset[int], b: frozenset[int]) -> bool:
    """They share a region, or either has none (the whole conflict)."""
    return not a or not b or not a.isdisjoint(b)


def jaccard(a: frozenset[int], b: frozenset[int]) -> float:
    """Jaccard index; that of two empty sets is 0."""
    union = len(a | b)
    return len(a & b) / union if union else 0.0


def at_least(numerator: int, denominator: int, threshold: Fraction) -> bool:
    """Whether numerator / denominator >= threshold, exactly (0 / 0 counts as 0)."""
    if denominator == 0:
        return threshold <= 0
    return numerator * threshold.denominator >= threshold.numerator * denominator


def parties_among(participations: Iterable[ParticipationFacts]) -> frozenset[int]:
    """The non-null parties of an initiative's participations, whatever their role."""
    return frozenset(p.party_id for p in participations if p.party_id is not None)


def reaches(
    participations: Iterable[ParticipationFacts],
    channels: Iterable[ChannelFacts],
    body_party: Mapping[int, int | None],
    all_parties: frozenset[int],
    max_proximity: int,
) -> frozenset[int]:
    """The parties an initiative reaches: bodies of its channels, close participants."""
    reached: set[int] = set()
    for channel in channels:
        if channel.body_id not in body_party:
            continue
        party = body_party[channel.body_id]
        if party is None:
            # A joint or third-party body carries to every side.
            return all_parties
        reached.add(party)
    for participation in participations:
        if participation.party_id is not None and participation.proximity <= max_proximity:
            reached.add(participation.party_id)
    return frozenset(reached)


def carriers(
    participations: Iterable[ParticipationFacts],
    channels: Iterable[ChannelFacts],
    max_proximity: int,
) -> frozenset[int]:
    """The matched people who carry results: via people of channels, close people."""
    keys = {c.via_person_key for c in channels if c.via_person_key is not None}
    keys.update(p.person_key for p in participations if p.proximity <= max_proximity)
    return frozenset(keys)


def has_institutional_channel(channels: Iterable[ChannelFacts]) -> bool:
    """Whether any channel runs without a carrying person."""
    return any(channel.via_person_key is None for channel in channels)
