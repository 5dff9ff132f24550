"""Candidate pairs: only concurrent pairs that could get a pair finding, never all pairs."""

from __future__ import annotations

from datetime import date

from registry.analysis.candidates import candidate_pairs
from registry.analysis.context import Context
from registry.analysis.thresholds import Thresholds
from tests.analysis.builders import AS_OF, Build


def candidates(build: Build) -> set[tuple[int, int]]:
    return candidate_pairs(Context(build.build(), AS_OF, Thresholds()))


def test_a_popular_issue_alone_makes_no_candidates() -> None:
    build = Build()
    for iid in range(1, 201):
        build.initiative(iid, start_date=None, issue_ids=(1, 1000 + iid))
    assert candidates(build) == set()


def test_initiatives_on_the_same_single_issue_are_candidates() -> None:
    build = Build().initiative(1, issue_ids=(1,)).initiative(2, issue_ids=(1,))
    assert candidates(build) == {(1, 2)}


def test_a_subset_reaching_the_threshold_is_a_candidate() -> None:
    build = Build().initiative(1, issue_ids=(1,)).initiative(2, issue_ids=(1, 2))
    assert candidates(build) == {(1, 2)}


def test_a_shared_person_makes_a_candidate() -> None:
    build = Build().initiative(1, issue_ids=(1,)).initiative(2, issue_ids=(2,))
    assert candidates(build.join(1, 10).join(2, 10)) == {(1, 2)}


def test_a_shared_issue_and_body_make_a_candidate() -> None:
    build = Build().initiative(1, issue_ids=(1, 2, 3)).initiative(2, issue_ids=(3, 4, 5))
    assert candidates(build.channel(1, 7).channel(2, 7)) == {(1, 2)}


def test_windows_that_do_not_meet_make_no_candidate() -> None:
    build = Build().initiative(1, end_date=date(2025, 12, 31))
    build.initiative(2, start_date=date(2026, 1, 1), end_date=date(2026, 6, 1))
    build.initiative(3, start_date=date(2026, 6, 1))
    assert candidates(build) == {(2, 3)}


def test_initiatives_that_are_not_live_make_no_candidate() -> None:
    build = Build().initiative(1).initiative(2, status="concluded")
    assert candidates(build.join(1, 10).join(2, 10)) == set()
