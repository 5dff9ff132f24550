"""Per-conflict rules (SPEC 4.1): gaps, the ripe moment, funders and gender balance."""

from __future__ import annotations

from registry.analysis.thresholds import Thresholds
from tests.analysis.builders import Build

CONFLICT_KEY = "ripe_moment_gap:conflict:1"


# issue_gap


def test_issue_gap_is_high_for_an_uncovered_issue_on_the_agenda() -> None:
    build = Build().issue(1).issue(2, agenda=True).initiative(1, issue_ids=(1,))
    assert build.found("issue_gap") == [("high", {"issue_ids": (2,)})]


def test_issue_gap_is_medium_for_an_uncovered_issue_off_the_agenda() -> None:
    build = Build().issue(1, 2).initiative(1, issue_ids=(1,))
    assert build.found("issue_gap") == [("medium", {"issue_ids": (2,)})]


def test_issue_gap_ignores_initiatives_that_are_not_live() -> None:
    build = Build().issue(1).initiative(1, issue_ids=(1,), status="paused")
    assert build.found("issue_gap") == [("medium", {"issue_ids": (1,)})]


def test_issue_gap_is_silent_when_every_issue_is_covered() -> None:
    assert Build().issue(1, 2).initiative(1, issue_ids=(1, 2)).found("issue_gap") == []


# party_gap


def test_party_gap_is_high_for_a_potential_spoiler() -> None:
    build = Build().issue(1).party(1).party(2, spoiler=True).initiative(1).join(1, 10, party=1)
    assert build.found("party_gap") == [("high", {"party_ids": (2,)})]


def test_party_gap_is_medium_for_another_party() -> None:
    build = Build().issue(1).party(1, 2).initiative(1).join(1, 10, party=1)
    assert build.found("party_gap") == [("medium", {"party_ids": (2,)})]


def test_party_gap_counts_people_of_any_role() -> None:
    build = Build().issue(1).party(1).initiative(1).join(1, 10, party=1, role="observer")
    assert build.found("party_gap") == []


def test_party_gap_ignores_initiatives_that_are_not_live() -> None:
    build = Build().issue(1).party(1).initiative(1, status="cancelled").join(1, 10, party=1)
    assert build.found("party_gap") == [("medium", {"party_ids": (1,)})]


# party_pair_gap


def test_party_pair_gap_lists_every_pair_never_brought_together() -> None:
    build = Build().issue(1).party(1, 2, 3).initiative(1).join(1, 10, party=1).join(1, 11, party=2)
    assert build.found("party_pair_gap") == [
        ("medium", {"party_ids": (1, 3)}),
        ("medium", {"party_ids": (2, 3)}),
    ]


def test_party_pair_gap_needs_both_parties_in_one_initiative() -> None:
    build = Build().issue(1).party(1, 2).initiative(1).initiative(2)
    build.join(1, 10, party=1).join(2, 11, party=2)
    assert build.found("party_pair_gap") == [("medium", {"party_ids": (1, 2)})]


def test_party_pair_gap_is_silent_when_the_parties_meet() -> None:
    build = Build().issue(1).party(1, 2).initiative(1)
    build.join(1, 10, party=1, role="mediator").join(1, 11, party=2)
    assert build.found("party_pair_gap") == []


# region_gap


def test_region_gap_lists_each_uncovered_region() -> None:
    build = Build().issue(1).region(1, 2, 3).initiative(1, region_ids=(1,))
    assert build.found("region_gap") == [
        ("low", {"region_ids": (2,)}),
        ("low", {"region_ids": (3,)}),
    ]


def test_region_gap_is_silent_when_an_initiative_covers_the_whole_conflict() -> None:
    build = Build().issue(1).region(1, 2).initiative(1, region_ids=(1,)).initiative(2)
    assert build.found("region_gap") == []


def test_region_gap_ignores_initiatives_that_are_not_live() -> None:
    build = Build().issue(1).region(1).initiative(1, status="concluded")
    assert build.found("region_gap") == [("low", {"region_ids": (1,)})]


# channel_gap


def test_channel_gap_lists_each_body_without_a_channel() -> None:
    build = Build().issue(1).body(5).body(6).initiative(1).channel(1, 5)
    assert build.found("channel_gap") == [("low", {"track_one_body_ids": (6,)})]


def test_channel_gap_ignores_channels_of_initiatives_that_are_not_live() -> None:
    build = Build().issue(1).body(5).initiative(1, status="paused").channel(1, 5)
    assert build.found("channel_gap") == [("low", {"track_one_body_ids": (5,)})]


# ripe_moment_gap


def ripe(track_one: str = "stalled", stage: str = "discussion", **initiative: object) -> Build:
    """A conflict in the given state with one initiative."""
    build = Build(track_one_status=track_one, escalation_stage=stage)
    return build.issue(1).initiative(1, **initiative)


def test_ripe_moment_gap_fires_when_talks_are_stalled_and_nothing_is_hard() -> None:
    assert ripe("stalled").found("ripe_moment_gap") == [("high", {})]


def test_ripe_moment_gap_fires_when_talks_broke_down() -> None:
    assert ripe("broken_down").found("ripe_moment_gap") == [("high", {})]


def test_ripe_moment_gap_fires_at_segregation() -> None:
    assert ripe("formal_talks", "segregation").found("ripe_moment_gap") == [("high", {})]


def test_ripe_moment_gap_fires_at_destruction() -> None:
    assert ripe("none", "destruction").found("ripe_moment_gap") == [("high", {})]


def test_ripe_moment_gap_is_silent_in_calm_conditions() -> None:
    assert ripe("formal_talks", "polarisation").found("ripe_moment_gap") == []


def test_ripe_moment_gap_is_silent_with_a_live_hard_track_one_and_a_half_initiative() -> None:
    assert ripe(track="1.5", mode="hard").found("ripe_moment_gap") == []


def test_ripe_moment_gap_ignores_hard_track_three_initiatives() -> None:
    assert ripe(track="3", mode="hard").found("ripe_moment_gap") == [("high", {})]


def test_ripe_moment_gap_ignores_hard_initiatives_that_are_not_live() -> None:
    assert ripe(mode="hard", status="paused").found("ripe_moment_gap") == [("high", {})]


def test_ripe_moment_gap_is_keyed_by_the_conflict() -> None:
    (finding,) = ripe().analyse(codes=("ripe_moment_gap",)).findings
    assert finding.key == CONFLICT_KEY


# funder_concentration


def funded(*funders: tuple[int, ...], unfunded: int = 0) -> Build:
    """One live initiative per funder tuple, plus unfunded ones."""
    build = Build().issue(1)
    for iid, ids in enumerate(funders, start=1):
        build.initiative(iid, funder_ids=ids)
    for iid in range(len(funders) + 1, len(funders) + 1 + unfunded):
        build.initiative(iid)
    return build


def test_funder_concentration_fires_at_exactly_sixty_percent() -> None:
    build = funded((7,), (7,), (7,), (8,), (9,))
    assert build.found("funder_concentration") == [("low", {"organisation_ids": (7,)})]


def test_funder_concentration_is_silent_just_below_sixty_percent() -> None:
    build = funded((7,), (7,), (7,), (7,), (8,), (9,), (10,))  # 4 of 7
    assert build.found("funder_concentration") == []


def test_funder_concentration_needs_three_funded_initiatives() -> None:
    assert funded((7,), (7,), unfunded=5).found("funder_concentration") == []


def test_funder_concentration_counts_only_funded_initiatives() -> None:
    build = funded((7,), (7,), (8,), unfunded=10)
    assert build.found("funder_concentration") == [("low", {"organisation_ids": (7,)})]


def test_funder_concentration_gives_one_finding_per_dominant_funder() -> None:
    build = funded((7, 8), (7, 8), (7,), (8,))
    assert build.found("funder_concentration") == [
        ("low", {"organisation_ids": (7,)}),
        ("low", {"organisation_ids": (8,)}),
    ]


def test_funder_concentration_ignores_initiatives_that_are_not_live() -> None:
    build = funded((7,), (7,), (8,), (9,))
    build.initiative(3, funder_ids=(7,), status="concluded")
    assert build.found("funder_concentration") == [("low", {"organisation_ids": (7,)})]


# gender_gap


def people(women: int, men: int, others: int = 0, undisclosed: int = 0) -> Build:
    """One live initiative with people of the given genders."""
    build = Build().issue(1).initiative(1)
    genders = ["female"] * women + ["male"] * men + ["other"] * others
    for key, gender in enumerate(genders + ["undisclosed"] * undisclosed, start=1):
        build.person(key, gender=gender).join(1, key)
    return build


def test_gender_gap_fires_when_women_are_under_thirty_percent() -> None:
    assert people(2, 8).found("gender_gap") == [("low", {})]


def test_gender_gap_is_silent_at_thirty_percent() -> None:
    assert people(3, 7).found("gender_gap") == []


def test_gender_gap_needs_ten_people_with_a_recorded_gender() -> None:
    assert people(0, 9, undisclosed=20).found("gender_gap") == []


def test_gender_gap_counts_other_but_not_undisclosed() -> None:
    assert people(2, 7, others=1, undisclosed=5).found("gender_gap") == [("low", {})]


def test_gender_gap_counts_a_matched_person_once() -> None:
    build = people(3, 7).initiative(2)
    for key in range(4, 11):
        build.join(2, key)
    assert build.found("gender_gap") == []


def test_gender_gap_ignores_people_of_initiatives_that_are_not_live() -> None:
    build = people(3, 7).initiative(2, status="concluded")
    for key in range(20, 25):
        build.person(key, gender="male").join(2, key)
    assert build.found("gender_gap") == []


def test_gender_gap_follows_configured_thresholds() -> None:
    thresholds = Thresholds(gender_min_people=5, gender_min_women_share=0.5)
    assert people(2, 3).found("gender_gap", thresholds=thresholds) == [("low", {})]
