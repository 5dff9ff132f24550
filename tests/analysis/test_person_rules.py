"""participant_overload (SPEC 4.1): a matched person in too many simultaneous live initiatives."""

from __future__ import annotations

from datetime import date

from registry.analysis.rules.person import busiest
from registry.analysis.thresholds import Thresholds
from tests.analysis.builders import Build, ref_of

OVERLOADED = [("medium", {"person_refs": (ref_of(10),)})]


def busy(*windows: tuple[date | None, date | None], role: str = "participant") -> Build:
    """Person 10 among the people of one initiative per window."""
    build = Build().issue(1)
    for iid, (start, end) in enumerate(windows, start=1):
        build.initiative(iid, start_date=start, end_date=end).join(iid, 10, role=role)
    return build


def test_participant_overload_fires_on_three_simultaneous_initiatives() -> None:
    build = busy((date(2025, 1, 1), None), (date(2025, 3, 1), None), (None, date(2025, 9, 1)))
    assert build.found("participant_overload") == OVERLOADED


def test_participant_overload_is_silent_with_two_initiatives() -> None:
    assert busy((None, None), (None, None)).found("participant_overload") == []


def test_participant_overload_counts_people_of_any_role() -> None:
    build = busy((None, None), (None, None), (None, None), role="observer")
    assert build.found("participant_overload") == OVERLOADED


def test_participant_overload_needs_the_windows_to_meet_at_one_date() -> None:
    july, august = date(2025, 7, 31), date(2025, 8, 1)
    build = busy((None, july), (date(2025, 6, 1), date(2025, 9, 30)), (august, None))
    assert build.found("participant_overload") == []


def test_participant_overload_counts_windows_meeting_on_their_last_day() -> None:
    day = date(2025, 7, 31)
    build = busy((None, day), (day, day), (day, None))
    assert build.found("participant_overload") == OVERLOADED


def test_participant_overload_ignores_initiatives_that_are_not_live() -> None:
    build = busy((None, None), (None, None), (None, None))
    build.initiative(3, status="cancelled")
    assert build.found("participant_overload") == []


def test_participant_overload_follows_a_configured_count() -> None:
    build = busy((None, None), (None, None), (None, None))
    assert build.found("participant_overload", thresholds=Thresholds(overload_initiatives=4)) == []


def test_participant_overload_keys_the_finding_by_the_person_ref() -> None:
    (finding,) = (
        busy((None, None), (None, None), (None, None))
        .analyse(codes=("participant_overload",))
        .findings
    )
    assert finding.key == "participant_overload:person:ref0010"
    assert finding.evidence["inputs"]["simultaneous_initiative_ids"] == [1, 2, 3]


def test_busiest_returns_the_largest_set_meeting_on_one_day() -> None:
    windows = [(1, (1, 10)), (2, (5, 5)), (3, (6, 20)), (4, (11, 30)), (5, (7, 8))]
    assert busiest(windows) == (1, 3, 5)


def test_busiest_treats_ends_as_inclusive() -> None:
    assert busiest([(1, (1, 5)), (2, (5, 9))]) == (1, 2)
    assert busiest([(1, (1, 4)), (2, (5, 9))]) == (1,)
