"""The terms of SPEC section 4."""

from __future__ import annotations

from datetime import UTC, date, datetime
from fractions import Fraction

from registry.analysis import terms
from registry.analysis.snapshot import ChannelFacts, InitiativeFacts, ParticipationFacts

AS_OF = date(2025, 6, 1)


def initiative(
    status: str = "active", start: date | None = None, end: date | None = None
) -> InitiativeFacts:
    return InitiativeFacts(
        1, 1, frozenset(), "2", "soft", status, start, end, False, frozenset({1}), frozenset(),
        datetime(2025, 1, 1, tzinfo=UTC),
    )  # fmt: skip


def row(person: int, party: int | None = None, proximity: int = 3) -> ParticipationFacts:
    return ParticipationFacts(1, person, person, "participant", party, proximity)


def test_is_live_for_planned_and_active_only() -> None:
    assert [terms.is_live(initiative(s), AS_OF) for s in ("planned", "active", "paused")] == [
        True,
        True,
        False,
    ]


def test_is_live_when_the_window_contains_as_of() -> None:
    assert terms.is_live(initiative(end=AS_OF), AS_OF)


def test_is_live_when_the_window_lies_after_as_of() -> None:
    assert terms.is_live(initiative(start=date(2026, 1, 1), end=date(2026, 2, 1)), AS_OF)


def test_is_not_live_when_the_window_lies_before_as_of() -> None:
    assert not terms.is_live(initiative(end=date(2025, 5, 31)), AS_OF)


def test_concurrent_windows_are_inclusive() -> None:
    a = initiative(end=date(2025, 7, 1))
    assert terms.concurrent(a, initiative(start=date(2025, 7, 1)))
    assert not terms.concurrent(a, initiative(start=date(2025, 7, 2)))


def test_open_windows_reach_to_infinity() -> None:
    assert terms.concurrent(initiative(end=date(1990, 1, 1)), initiative())


def test_regions_compatible() -> None:
    f = frozenset
    assert terms.regions_compatible(f(), f({1}))
    assert terms.regions_compatible(f({1, 2}), f({2}))
    assert not terms.regions_compatible(f({1}), f({2}))


def test_jaccard_of_two_empty_sets_is_zero() -> None:
    assert terms.jaccard(frozenset(), frozenset()) == 0.0
    assert terms.jaccard(frozenset({1, 2}), frozenset({2, 3})) == 1 / 3


def test_at_least_compares_exactly() -> None:
    assert terms.at_least(3, 10, Fraction("0.3"))
    assert not terms.at_least(299, 1000, Fraction("0.3"))
    assert not terms.at_least(0, 0, Fraction("0.3"))


def test_reaches_through_close_participants_and_party_bodies() -> None:
    rows = [row(1, party=1, proximity=1), row(2, party=2, proximity=2)]
    channels = [ChannelFacts(1, 5)]
    assert terms.reaches(rows, channels, {5: 3}, frozenset({1, 2, 3}), 1) == {1, 3}


def test_a_channel_to_a_joint_body_reaches_every_party() -> None:
    channels = [ChannelFacts(1, 5)]
    assert terms.reaches([], channels, {5: None}, frozenset({1, 2, 3}), 1) == {1, 2, 3}


def test_carriers_are_via_people_and_close_people_of_any_party() -> None:
    rows = [row(1, proximity=0), row(2, party=1, proximity=1), row(3, proximity=2)]
    channels = [ChannelFacts(1, 5, via_person_key=3), ChannelFacts(1, 6)]
    assert terms.carriers(rows, channels, 1) == {1, 2, 3}
