"""Pair rules (SPEC 4.1): at most one finding per concurrent live pair, the first that holds."""

from __future__ import annotations

from datetime import date
from typing import Any

from registry.analysis.codes import PAIR_CODES
from registry.analysis.thresholds import Thresholds
from tests.analysis.builders import Build, pair


def two(a: dict[str, Any] | None = None, b: dict[str, Any] | None = None) -> Build:
    """Two live initiatives (ids 1 and 2) on issues 1..5."""
    return Build().issue(1, 2, 3, 4, 5).initiative(1, **(a or {})).initiative(2, **(b or {}))


def share_people(build: Build, shared: int, only_a: int, only_b: int) -> Build:
    """Give initiatives 1 and 2 `shared` common people and some of their own."""
    for key in range(shared):
        build.join(1, 10 + key).join(2, 10 + key)
    for key in range(only_a):
        build.join(1, 100 + key)
    for key in range(only_b):
        build.join(2, 200 + key)
    return build


def pair_findings(build: Build, **kwargs: Any) -> list[tuple[str, str, dict[str, Any]]]:
    """(code, severity, subjects) of every pair finding."""
    result = build.analyse(**kwargs)
    return [
        (f.code, f.severity, {"initiative_ids": f.initiative_ids})
        for f in result.findings
        if f.code in PAIR_CODES
    ]


def test_competing_channel_fires_on_a_shared_issue_and_body() -> None:
    build = two({"issue_ids": (1,)}, {"issue_ids": (1, 2, 3)}).channel(1, 5).channel(2, 5)
    assert build.found("competing_channel") == [("high", pair(1, 2))]


def test_competing_channel_is_silent_without_a_shared_issue() -> None:
    build = two({"issue_ids": (1,)}, {"issue_ids": (2,)}).channel(1, 5).channel(2, 5)
    assert pair_findings(build) == []


def test_competing_channel_is_silent_when_the_bodies_differ() -> None:
    build = two({"issue_ids": (1,)}, {"issue_ids": (1, 2, 3)}).channel(1, 5).channel(2, 6)
    assert build.found("competing_channel") == []


def test_duplicate_initiative_fires_at_issue_overlap_half_and_participant_overlap_point_three() -> (
    None
):
    build = share_people(two({"issue_ids": (1, 2)}, {"issue_ids": (1,)}), 3, 3, 4)
    assert pair_findings(build) == [("duplicate_initiative", "high", pair(1, 2))]


def test_duplicate_initiative_needs_participant_overlap_of_point_three() -> None:
    build = share_people(two({"issue_ids": (1, 2)}, {"issue_ids": (1,)}), 2, 2, 3)  # 2/7
    assert pair_findings(build) == [("scope_overlap", "medium", pair(1, 2))]


def test_duplicate_initiative_needs_the_same_mode() -> None:
    build = share_people(two({"mode": "hard"}, {"mode": "soft"}), 3, 0, 0)
    assert pair_findings(build) == [("scope_overlap", "medium", pair(1, 2))]


def test_duplicate_initiative_needs_compatible_regions() -> None:
    build = share_people(two({"region_ids": (1,)}, {"region_ids": (2,)}), 3, 0, 0).region(1, 2)
    assert pair_findings(build) == [("shared_participants", "medium", pair(1, 2))]


def test_scope_overlap_fires_at_issue_overlap_exactly_half() -> None:
    build = two({"issue_ids": (1, 2)}, {"issue_ids": (1,)})
    assert pair_findings(build) == [("scope_overlap", "medium", pair(1, 2))]


def test_scope_overlap_is_silent_just_below_half() -> None:
    build = two({"issue_ids": (1, 2, 3)}, {"issue_ids": (1, 2, 4, 5)})  # 2/5
    assert pair_findings(build) == []


def test_scope_overlap_follows_a_configured_threshold() -> None:
    build = two({"issue_ids": (1, 2)}, {"issue_ids": (1,)})
    assert pair_findings(build, thresholds=Thresholds(issue_overlap=0.51)) == []


def test_scope_overlap_treats_no_regions_as_the_whole_conflict() -> None:
    build = two({"region_ids": (1,)}, {"region_ids": ()}).region(1)
    assert pair_findings(build) == [("scope_overlap", "medium", pair(1, 2))]


def test_scope_overlap_fires_on_a_shared_region() -> None:
    build = two({"region_ids": (1, 2)}, {"region_ids": (2, 3)}).region(1, 2, 3)
    assert pair_findings(build) == [("scope_overlap", "medium", pair(1, 2))]


def test_scope_overlap_is_silent_for_disjoint_regions() -> None:
    build = two({"region_ids": (1,)}, {"region_ids": (2,)}).region(1, 2)
    assert pair_findings(build) == []


def test_shared_participants_is_low_below_point_four() -> None:
    build = share_people(two({"issue_ids": (1,)}, {"issue_ids": (2,)}), 2, 2, 2)  # 2/6
    assert pair_findings(build) == [("shared_participants", "low", pair(1, 2))]


def test_shared_participants_is_medium_at_point_four() -> None:
    build = share_people(two({"issue_ids": (1,)}, {"issue_ids": (2,)}), 2, 2, 1)  # 2/5
    assert pair_findings(build) == [("shared_participants", "medium", pair(1, 2))]


def test_shared_participants_counts_people_of_any_role() -> None:
    build = two({"issue_ids": (1,)}, {"issue_ids": (2,)}).join(1, 10, role="observer")
    build.join(2, 10, role="rapporteur").join(1, 11).join(2, 12).join(2, 13)
    assert pair_findings(build) == [("shared_participants", "low", pair(1, 2))]


def test_shared_participants_is_silent_without_a_shared_person() -> None:
    build = share_people(two({"issue_ids": (1,)}, {"issue_ids": (2,)}), 0, 3, 3)
    assert pair_findings(build) == []


def test_the_first_rule_that_holds_wins_when_all_four_hold() -> None:
    build = share_people(two(), 3, 0, 0).channel(1, 5).channel(2, 5)
    result = build.analyse()
    findings = [f for f in result.findings if f.code in PAIR_CODES]
    assert [(f.code, f.severity) for f in findings] == [("competing_channel", "high")]
    assert findings[0].evidence["inputs"]["facets"] == dict.fromkeys(PAIR_CODES, True)


def test_duplicate_initiative_wins_over_scope_overlap_and_shared_participants() -> None:
    build = share_people(two(), 1, 0, 0)
    assert pair_findings(build) == [("duplicate_initiative", "high", pair(1, 2))]


def test_scope_overlap_wins_over_shared_participants() -> None:
    build = share_people(two({"mode": "hard"}), 1, 0, 0)
    assert pair_findings(build) == [("scope_overlap", "medium", pair(1, 2))]


def test_an_agreed_link_makes_a_pair_finding_info() -> None:
    build = two().channel(1, 5).channel(2, 5).link(2, 1)
    assert pair_findings(build) == [("competing_channel", "info", pair(1, 2))]


def test_an_agreed_link_makes_shared_participants_info() -> None:
    build = share_people(two({"issue_ids": (1,)}, {"issue_ids": (2,)}), 1, 0, 0).link(1, 2)
    assert pair_findings(build) == [("shared_participants", "info", pair(1, 2))]


def test_pairs_whose_windows_do_not_intersect_get_no_finding() -> None:
    build = two({"end_date": date(2025, 12, 31)}, {"start_date": date(2026, 1, 1)})
    assert pair_findings(build) == []


def test_windows_touching_on_one_day_are_concurrent() -> None:
    build = two({"end_date": date(2025, 12, 31)}, {"start_date": date(2025, 12, 31)})
    assert pair_findings(build) == [("scope_overlap", "medium", pair(1, 2))]


def test_an_open_start_reaches_back_indefinitely() -> None:
    build = two({"start_date": None}, {"start_date": date(2020, 1, 1), "end_date": None})
    assert pair_findings(build) == [("scope_overlap", "medium", pair(1, 2))]


def test_a_planned_initiative_in_the_future_is_live() -> None:
    future = {"status": "planned", "start_date": date(2026, 3, 1)}
    assert pair_findings(two(future, future)) == [("scope_overlap", "medium", pair(1, 2))]


def test_a_paused_initiative_gets_no_pair_finding() -> None:
    assert pair_findings(two({}, {"status": "paused"})) == []


def test_an_initiative_ended_before_as_of_gets_no_pair_finding() -> None:
    assert pair_findings(two({}, {"end_date": date(2025, 5, 31)})) == []


def test_an_initiative_ending_on_as_of_is_live() -> None:
    build = two({}, {"end_date": date(2025, 6, 1)})
    assert pair_findings(build) == [("scope_overlap", "medium", pair(1, 2))]


def test_a_pair_finding_carries_every_facet_in_its_evidence() -> None:
    build = share_people(two({"issue_ids": (1, 2)}, {"issue_ids": (1,), "mode": "hard"}), 1, 1, 0)
    (finding,) = [f for f in build.analyse().findings if f.code in PAIR_CODES]
    inputs = finding.evidence["inputs"]
    assert inputs["facets"] == {
        "competing_channel": False,
        "duplicate_initiative": False,
        "scope_overlap": True,
        "shared_participants": True,
    }
    assert (inputs["issue_overlap"], inputs["participant_overlap"]) == (0.5, 0.5)
    assert (inputs["shared_issue_ids"], inputs["same_mode"]) == ([1], False)
    assert finding.evidence["threshold"]["issue_overlap"] == 0.5


def test_three_overlapping_initiatives_give_one_finding_per_pair() -> None:
    build = two().initiative(3)
    assert [s for _, _, s in pair_findings(build)] == [pair(1, 2), pair(1, 3), pair(2, 3)]
