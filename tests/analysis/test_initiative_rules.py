"""Per-initiative rules (SPEC 4.1): one finding per initiative and code."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from registry.analysis.snapshot import DesignatedMatch
from registry.analysis.thresholds import Thresholds
from tests.analysis.builders import AS_OF, Build, one


def base(**fields: object) -> Build:
    """One live initiative (id 1) in a conflict of parties 1, 2 and 3."""
    return Build().party(1, 2, 3).issue(1).initiative(1, **fields)


# one_sided


def test_one_sided_fires_when_every_participant_is_of_one_party() -> None:
    build = base().join(1, 10, party=1).join(1, 11, party=1)
    assert build.found("one_sided") == [("high", one(1))]


def test_one_sided_is_silent_for_an_intra_party_initiative() -> None:
    build = base(intra_party=True).join(1, 10, party=1).join(1, 11, party=1)
    assert build.found("one_sided") == []


def test_one_sided_needs_two_participants() -> None:
    assert base().join(1, 10, party=1).found("one_sided") == []


def test_one_sided_is_silent_when_a_participant_has_another_party() -> None:
    build = base().join(1, 10, party=1).join(1, 11, party=1).join(1, 12, party=2)
    assert build.found("one_sided") == []


def test_one_sided_is_silent_when_a_participant_has_no_party() -> None:
    build = base().join(1, 10, party=1).join(1, 11, party=1).join(1, 12, party=None)
    assert build.found("one_sided") == []


def test_one_sided_is_silent_when_no_participant_has_a_party() -> None:
    assert base().join(1, 10).join(1, 11).found("one_sided") == []


def test_one_sided_counts_only_the_participant_role() -> None:
    build = base().join(1, 10, party=1).join(1, 11, party=1)
    build.join(1, 12, party=2, role="mediator").join(1, 13, party=None, role="facilitator")
    assert build.found("one_sided") == [("high", one(1))]


def test_one_sided_does_not_count_other_roles_towards_two() -> None:
    build = base().join(1, 10, party=1).join(1, 11, party=1, role="observer")
    assert build.found("one_sided") == []


def test_one_sided_skips_initiatives_that_are_not_live() -> None:
    build = base(status="concluded").join(1, 10, party=1).join(1, 11, party=1)
    assert build.found("one_sided") == []


# representation_asymmetry


def add(build: Build, party: int, count: int, role: str = "participant") -> Build:
    """Add `count` new people of `party` to initiative 1."""
    start = 1000 * party + len(build.participations)
    for key in range(start, start + count):
        build.join(1, key, party=party, role=role)
    return build


def test_representation_asymmetry_fires_above_twice_the_smallest() -> None:
    build = add(add(base(), 1, 5), 2, 2)
    assert build.found("representation_asymmetry") == [("low", one(1))]


def test_representation_asymmetry_is_silent_at_exactly_twice() -> None:
    assert add(add(base(), 1, 4), 2, 2).found("representation_asymmetry") == []


def test_representation_asymmetry_counts_participations_of_any_role() -> None:
    build = add(add(add(base(), 1, 3), 1, 2, role="observer"), 2, 2)
    assert build.found("representation_asymmetry") == [("low", one(1))]


def test_representation_asymmetry_needs_two_parties() -> None:
    assert add(add(base(), 1, 5), 2, 0).found("representation_asymmetry") == []


def test_representation_asymmetry_ignores_people_without_a_party() -> None:
    build = add(add(base(), 1, 2), 2, 2).join(1, 99).join(1, 98).join(1, 97)
    assert build.found("representation_asymmetry") == []


def test_representation_asymmetry_compares_largest_and_smallest_of_three_parties() -> None:
    build = add(add(add(base(), 1, 3), 2, 2), 3, 1)
    assert build.found("representation_asymmetry") == [("low", one(1))]


# no_transfer_channel


def test_no_transfer_channel_is_high_for_a_hard_initiative() -> None:
    build = base(mode="hard").join(1, 10, party=1, proximity=2)
    assert build.found("no_transfer_channel") == [("high", one(1))]


def test_no_transfer_channel_is_medium_for_a_soft_initiative() -> None:
    assert base(mode="soft").found("no_transfer_channel") == [("medium", one(1))]


def test_no_transfer_channel_is_silent_with_a_person_of_proximity_one() -> None:
    build = base().join(1, 10, role="observer", proximity=1)
    assert build.found("no_transfer_channel") == []


def test_no_transfer_channel_is_silent_with_any_channel() -> None:
    assert base().channel(1, 5).found("no_transfer_channel") == []


# one_sided_transfer


def two_sided(**fields: object) -> Build:
    """Initiative 1 with participants of parties 1 and 2, far from decision makers."""
    return base(**fields).join(1, 10, party=1).join(1, 11, party=2)


def test_one_sided_transfer_fires_on_a_channel_to_one_sides_body() -> None:
    build = two_sided().body(5, party=1).channel(1, 5)
    assert build.found("one_sided_transfer") == [("medium", one(1))]


def test_one_sided_transfer_fires_on_a_close_participant_of_one_side() -> None:
    build = base().join(1, 10, party=1, proximity=1).join(1, 11, party=2, proximity=2)
    assert build.found("one_sided_transfer") == [("medium", one(1))]


def test_one_sided_transfer_is_silent_with_a_joint_body() -> None:
    build = two_sided().body(5, party=None).channel(1, 5)
    assert build.found("one_sided_transfer") == []


def test_one_sided_transfer_is_silent_when_every_side_is_reached() -> None:
    build = two_sided().body(5, party=1).body(6, party=2).channel(1, 5).channel(1, 6)
    assert build.found("one_sided_transfer") == []


def test_one_sided_transfer_is_silent_when_no_side_is_reached() -> None:
    build = two_sided().body(5, party=3).channel(1, 5)
    assert build.found("one_sided_transfer") == []


def test_one_sided_transfer_counts_parties_of_any_role() -> None:
    build = base().join(1, 10, party=1).join(1, 11, party=2, role="observer")
    build.body(5, party=1).channel(1, 5)
    assert build.found("one_sided_transfer") == [("medium", one(1))]


# single_point_transfer


def test_single_point_transfer_fires_on_one_carrying_person() -> None:
    build = base().join(1, 10, proximity=3).join(1, 11).channel(1, 5, via=10)
    assert build.found("single_point_transfer") == [("medium", one(1))]


def test_single_point_transfer_fires_on_one_close_person_without_channels() -> None:
    build = base().join(1, 10, proximity=0).join(1, 11, proximity=2)
    assert build.found("single_point_transfer") == [("medium", one(1))]


def test_single_point_transfer_counts_the_via_person_and_close_person_once() -> None:
    build = base().join(1, 10, proximity=1).channel(1, 5, via=10).channel(1, 6, via=10)
    assert build.found("single_point_transfer") == [("medium", one(1))]


def test_single_point_transfer_is_silent_with_an_institutional_channel() -> None:
    build = base().join(1, 10, proximity=1).channel(1, 5, via=10).channel(1, 6)
    assert build.found("single_point_transfer") == []


def test_single_point_transfer_is_silent_with_two_carriers() -> None:
    build = base().join(1, 10).join(1, 11, proximity=1).channel(1, 5, via=10)
    assert build.found("single_point_transfer") == []


def test_single_point_transfer_is_silent_without_carriers() -> None:
    assert base().join(1, 10, proximity=2).found("single_point_transfer") == []


# legal_risk


def designated(entity: int, *codes: str) -> tuple[DesignatedMatch, ...]:
    return (DesignatedMatch(entity, f"List {entity}", frozenset(codes)),)


def test_legal_risk_fires_when_the_sponsors_jurisdiction_is_listed() -> None:
    build = base(sponsor_id=100).org(100, "US").person(10, designated=designated(7, "US", "GB"))
    build.join(1, 10)
    assert build.found("legal_risk") == [("high", one(1))]


def test_legal_risk_fires_through_a_funders_jurisdiction() -> None:
    build = base(sponsor_id=100, funder_ids=(200,)).org(100, "KE").org(200, "GB")
    build.person(10, designated=designated(7, "GB")).join(1, 10)
    assert build.found("legal_risk") == [("high", one(1))]


def test_legal_risk_compares_codes_as_they_are() -> None:
    build = base(sponsor_id=100).org(100, "FR").person(10, designated=designated(7, "EU"))
    assert build.join(1, 10).found("legal_risk") == []


def test_legal_risk_lists_every_match_in_one_finding() -> None:
    build = base(sponsor_id=100).org(100, "US", "GB")
    build.person(10, designated=designated(7, "US") + designated(8, "GB")).join(1, 10)
    build.person(11, designated=designated(9, "US")).join(1, 11).join(1, 12)
    (finding,) = [f for f in build.analyse().findings if f.code == "legal_risk"]
    matches = finding.evidence["inputs"]["matches"]
    assert [(m["person_ref"], m["entity_id"]) for m in matches] == [
        ("ref0010", 7),
        ("ref0010", 8),
        ("ref0011", 9),
    ]
    assert finding.person_refs == () and finding.initiative_ids == (1,)


# stale_record


def test_stale_record_fires_on_an_active_initiative_past_its_end() -> None:
    build = base(end_date=date(2025, 5, 31))
    assert build.found("stale_record") == [("low", one(1))]


def test_stale_record_fires_after_366_days_without_update() -> None:
    updated = datetime.combine(AS_OF - timedelta(days=366), datetime.min.time(), UTC)
    assert base(status="planned", last_updated=updated).found("stale_record") == [("low", one(1))]


def test_stale_record_is_silent_after_365_days_without_update() -> None:
    updated = datetime.combine(AS_OF - timedelta(days=365), datetime.max.time(), UTC)
    assert base(last_updated=updated).found("stale_record") == []


def test_stale_record_is_silent_for_a_concluded_initiative() -> None:
    build = base(status="concluded", end_date=date(2024, 1, 1))
    assert build.found("stale_record") == []


def test_stale_record_is_silent_for_a_paused_initiative_not_updated_for_years() -> None:
    old = datetime(2020, 1, 1, tzinfo=UTC)
    assert base(status="paused", last_updated=old).found("stale_record") == []


def test_stale_record_follows_a_configured_number_of_days() -> None:
    updated = datetime.combine(AS_OF - timedelta(days=31), datetime.min.time(), UTC)
    found = base(last_updated=updated).found("stale_record", thresholds=Thresholds(stale_days=30))
    assert found == [("low", one(1))]
