"""The five codes of timing and transfer (SPEC 8): where each fires, where it stays silent,
and at its thresholds."""

from __future__ import annotations

from datetime import date, timedelta

from registry.analysis.rules.calendar import listed
from tests.analysis.builders import AS_OF, Build, one, pair

DAY = timedelta(days=1)


def rounds_world() -> Build:
    """Issue 1 covered by a live initiative, issue 2 by nobody; body 1 meets in 30 days."""
    return (
        Build().issue(1, 2).initiative(10, issue_ids=(1,)).round(7, AS_OF + 30 * DAY, agenda=(1, 2))
    )


def test_agenda_uncovered_fires_for_an_upcoming_round_with_an_uncovered_issue() -> None:
    found = rounds_world().analyse().findings
    uncovered = [f for f in found if f.code == "agenda_uncovered"]

    assert [(f.key, f.severity, f.round_ids) for f in uncovered] == [
        ("agenda_uncovered:round:7", "high", (7,))
    ]
    assert uncovered[0].evidence["inputs"]["issue_ids"] == [2]


def test_agenda_uncovered_is_silent_when_every_agenda_issue_is_covered() -> None:
    world = rounds_world().initiative(11, issue_ids=(2,))

    assert world.found("agenda_uncovered") == []


def test_agenda_uncovered_counts_an_initiative_live_at_as_of_whose_window_misses_the_round() -> (
    None
):
    world = rounds_world().initiative(11, issue_ids=(2,), end_date=AS_OF + DAY)

    assert world.found("agenda_uncovered") == []


def test_round_starting_on_the_90th_day_is_upcoming_and_on_the_91st_is_not() -> None:
    at_edge = Build().issue(1).round(7, AS_OF + 90 * DAY)
    beyond = Build().issue(1).round(7, AS_OF + 91 * DAY)

    assert len(at_edge.found("agenda_uncovered")) == 1
    assert beyond.found("agenda_uncovered") == []


def test_round_starting_on_as_of_is_upcoming_and_one_under_way_is_not() -> None:
    today = Build().issue(1).round(7, AS_OF)
    under_way = Build().issue(1).round(7, AS_OF - DAY)

    assert len(today.found("agenda_uncovered")) == 1
    assert under_way.found("agenda_uncovered") == []


def test_held_postponed_or_cancelled_rounds_get_no_finding() -> None:
    for status in ("held", "postponed", "cancelled"):
        world = Build().issue(1).round(7, AS_OF + 10 * DAY, status=status)
        assert world.found("agenda_uncovered") == [], status
        assert world.found("agenda_undelivered") == [], status


def test_round_without_agenda_gets_neither_agenda_code() -> None:
    world = Build().issue(1).initiative(10).round(7, AS_OF + 10 * DAY, agenda=())

    assert world.found("agenda_uncovered") == []
    assert world.found("agenda_undelivered") == []


def test_agenda_undelivered_fires_on_a_covered_issue_nothing_reached() -> None:
    found = [f for f in rounds_world().analyse().findings if f.code == "agenda_undelivered"]

    assert [(f.key, f.severity) for f in found] == [("agenda_undelivered:round:7", "medium")]
    assert found[0].evidence["inputs"]["issue_ids"] == [1]


def test_a_transfer_delivered_on_the_180th_day_before_as_of_still_delivers() -> None:
    edge = rounds_world().transfer(1, 10, AS_OF - 180 * DAY)
    too_old = rounds_world().transfer(1, 10, AS_OF - 181 * DAY)

    assert edge.found("agenda_undelivered") == []
    assert len(too_old.found("agenda_undelivered")) == 1


def test_any_initiatives_transfer_to_any_of_the_rounds_bodies_delivers() -> None:
    world = rounds_world().initiative(12, status="concluded", issue_ids=(1,))
    world.transfer(1, 12, AS_OF - 10 * DAY, kind="report", evidence="claimed")

    assert world.found("agenda_undelivered") == []


def test_a_transfer_to_another_body_or_on_no_issue_does_not_deliver() -> None:
    other_body = rounds_world().body(2).transfer(1, 10, AS_OF - DAY, body=2)
    no_issue = rounds_world().transfer(1, 10, AS_OF - DAY, issues=())

    assert len(other_body.found("agenda_undelivered")) == 1
    assert len(no_issue.found("agenda_undelivered")) == 1


def test_a_transfer_delivered_after_as_of_does_not_exist_yet() -> None:
    world = rounds_world().transfer(1, 10, AS_OF + DAY)

    assert len(world.found("agenda_undelivered")) == 1
    assert world.found("agenda_undelivered", as_of=AS_OF + DAY) == []


def drought_world(**initiative: object) -> Build:
    values = {"mode": "hard", "start_date": AS_OF - 200 * DAY, **initiative}
    return Build().issue(1).initiative(10, **values).channel(10, 1)


def test_transfer_drought_fires_for_an_old_hard_initiative_with_a_channel_and_no_delivery() -> None:
    found = [f for f in drought_world().analyse().findings if f.code == "transfer_drought"]

    assert [(f.key, f.severity) for f in found] == [("transfer_drought:initiative:10", "medium")]
    assert found[0].evidence["inputs"]["last_delivered_on"] is None
    assert found[0].evidence["inputs"]["track_one_body_ids"] == [1]


def test_transfer_drought_names_the_last_delivery_when_it_is_too_old() -> None:
    world = drought_world().transfer(1, 10, AS_OF - 181 * DAY)
    found = [f for f in world.analyse().findings if f.code == "transfer_drought"]

    assert found[0].evidence["inputs"]["last_delivered_on"] == (AS_OF - 181 * DAY).isoformat()


def test_transfer_drought_is_silent_with_a_delivery_on_the_180th_day() -> None:
    assert drought_world().transfer(1, 10, AS_OF - 180 * DAY).found("transfer_drought") == []


def test_transfer_drought_needs_a_start_more_than_180_days_before_as_of() -> None:
    assert drought_world(start_date=AS_OF - 180 * DAY).found("transfer_drought") == []
    assert drought_world(start_date=None).found("transfer_drought") == []
    assert len(drought_world(start_date=AS_OF - 181 * DAY).found("transfer_drought")) == 1


def test_transfer_drought_is_silent_for_soft_channel_less_or_dead_initiatives() -> None:
    assert drought_world(mode="soft").found("transfer_drought") == []
    assert drought_world(status="concluded").found("transfer_drought") == []
    no_channel = Build().issue(1).initiative(10, mode="hard", start_date=AS_OF - 300 * DAY)
    assert no_channel.found("transfer_drought") == []


def test_unacknowledged_transfer_fires_past_60_days_for_any_initiative() -> None:
    world = Build().issue(1).initiative(10, status="concluded")
    world.transfer(1, 10, AS_OF - 61 * DAY).transfer(2, 10, AS_OF - 90 * DAY)
    found = [f for f in world.analyse().findings if f.code == "unacknowledged_transfer"]

    assert [(f.key, f.severity) for f in found] == [
        ("unacknowledged_transfer:initiative:10", "low")
    ]
    assert found[0].evidence["inputs"]["transfer_ids"] == [2, 1]


def test_unacknowledged_transfer_is_silent_at_60_days_or_once_acknowledged() -> None:
    at_edge = Build().issue(1).initiative(10).transfer(1, 10, AS_OF - 60 * DAY)
    confirmed = Build().issue(1).initiative(10)
    confirmed.transfer(1, 10, AS_OF - 100 * DAY, evidence="acknowledged")

    assert at_edge.found("unacknowledged_transfer") == []
    assert confirmed.found("unacknowledged_transfer") == []


def rivals(gap: int = 30, **second: object) -> Build:
    world = Build().issue(1, 2).initiative(10, sponsor_id=100)
    world.initiative(11, sponsor_id=second.pop("sponsor_id", 200), status="concluded")
    world.transfer(1, 10, AS_OF - 10 * DAY, issues=(1, 2))
    values = {"issues": (1,), **second}
    world.transfer(2, 11, AS_OF - (10 + gap) * DAY, **values)  # type: ignore[arg-type]
    return world


def test_competing_proposals_fires_for_two_sponsors_rival_proposals_to_one_body() -> None:
    found = [f for f in rivals().analyse().findings if f.code == "competing_proposals"]

    assert [(f.key, f.severity, f.initiative_ids) for f in found] == [
        ("competing_proposals:initiative:10,11", "high", (10, 11))
    ]
    assert found[0].evidence["inputs"]["pairs"] == [
        {
            "transfer_ids": [1, 2],
            "track_one_body_id": 1,
            "issue_ids": [1],
            "delivered_on": [(AS_OF - 10 * DAY).isoformat(), (AS_OF - 40 * DAY).isoformat()],
        }
    ]


def test_competing_proposals_at_90_days_apart_fire_and_at_91_do_not() -> None:
    assert len(rivals(gap=90).found("competing_proposals")) == 1
    assert rivals(gap=91).found("competing_proposals") == []


def test_competing_proposals_needs_both_within_365_days_of_as_of() -> None:
    world = Build().issue(1).initiative(10, sponsor_id=100).initiative(11, sponsor_id=200)
    world.transfer(1, 10, AS_OF - 365 * DAY).transfer(2, 11, AS_OF - 366 * DAY)

    assert world.found("competing_proposals") == []
    assert len(world.found("competing_proposals", as_of=AS_OF - DAY)) == 1


def test_competing_proposals_is_silent_for_one_sponsor_other_kinds_bodies_or_issues() -> None:
    assert rivals(sponsor_id=100).found("competing_proposals") == []
    assert rivals(kind="report").found("competing_proposals") == []
    assert rivals(body=2).found("competing_proposals") == []
    assert rivals(issues=(3,)).found("competing_proposals") == []


def test_an_agreed_link_silences_competing_proposals() -> None:
    assert rivals().link(10, 11).found("competing_proposals") == []


def test_competing_proposals_takes_no_part_in_the_overlap_graph() -> None:
    result = rivals().analyse()

    assert "competing_proposals" in {f.code for f in result.findings}
    assert result.metrics["overlap_graph"]["edges"] == []


def test_an_evaluation_before_the_delivery_sees_no_transfer() -> None:
    world = drought_world().transfer(1, 10, AS_OF - 5 * DAY)
    earlier = AS_OF - 6 * DAY

    assert world.found("transfer_drought") == []
    assert len(world.found("transfer_drought", as_of=earlier)) == 1


def test_a_competing_proposals_key_is_one_per_pair_whatever_the_number_of_rivals() -> None:
    world = rivals().transfer(3, 11, AS_OF - 20 * DAY, issues=(2,))
    found = [f for f in world.analyse().findings if f.code == "competing_proposals"]

    assert len(found) == 1
    assert found[0].initiative_ids == one(10)["initiative_ids"] + (11,)
    assert len(found[0].evidence["inputs"]["pairs"]) == 2
    assert pair(10, 11) == {"initiative_ids": found[0].initiative_ids}


def test_listed_names_the_issues_and_transfers_a_finding_lists() -> None:
    evidence = {"inputs": {"issue_ids": [3], "pairs": [{"transfer_ids": [1, 2], "issue_ids": [4]}]}}

    assert listed("competing_proposals", evidence) == {
        "issue:3",
        "issue:4",
        "transfer:1",
        "transfer:2",
    }


def test_thresholds_are_configurable() -> None:
    from registry.analysis.thresholds import Thresholds

    world = Build().issue(1).round(7, AS_OF + 120 * DAY)

    assert world.found("agenda_uncovered") == []
    assert len(world.found("agenda_uncovered", thresholds=Thresholds(round_horizon_days=120))) == 1


def test_nothing_fires_on_a_date_without_rounds_or_transfers() -> None:
    result = Build().issue(1).initiative(10).analyse(as_of=date(2025, 6, 1))

    calendar = {"agenda_uncovered", "agenda_undelivered", "unacknowledged_transfer"}
    assert calendar & {f.code for f in result.findings} == set()
