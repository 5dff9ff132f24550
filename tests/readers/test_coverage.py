"""Coverage as readers see it: typed cells, small-cell suppression and the totals it withholds."""

from __future__ import annotations

from typing import Any

from registry.analysis.thresholds import Thresholds
from registry.readers.coverage import Cell, read, seen_by


def raw_cell(*ids: int, **extra: Any) -> dict[str, Any]:
    """A stored cell, with whatever extra keys a later version might add."""
    return {"count": len(ids), "initiative_ids": list(ids), **extra}


def raw_matrix(**extra: Any) -> dict[str, Any]:
    """Issue 1 by parties 7 and 8: cell (1, 7) holds initiatives 1 and 2, (1, 8) only 1."""
    return {
        "rows": [1],
        "columns": [7, 8],
        "cells": {"1": {"7": raw_cell(1, 2, **extra), "8": raw_cell(1, **extra)}},
        "row_totals": {"1": raw_cell(1, 2, **extra)},
        "column_totals": {"7": raw_cell(1, 2, **extra), "8": raw_cell(1, **extra)},
        "total": raw_cell(1, 2, **extra),
    }


def raw_coverage(**extra: Any) -> dict[str, Any]:
    """A conflict's stored coverage, each cell fed with `extra` keys."""
    gap = {"code": "region_gap", "severity": "low", "key": "region_gap:region:3"}
    return {
        "issues_by_parties": raw_matrix(**extra),
        "issues_by_track_one_bodies": raw_matrix(**extra),
        "regions": {"cells": {"3": raw_cell(2, **extra)}, "total": raw_cell(2, **extra)},
        "funders": {
            "funded": raw_cell(1, 2, **extra),
            "shares": {"9": {**raw_cell(2, **extra), "share": 0.5}},
        },
        "gaps": [
            {**gap, "region_ids": [3], "message": "No live initiative covers region 3."},
            {
                "code": "issue_gap",
                "severity": "high",
                "key": "issue_gap:issue:4",
                "issue_ids": [4],
                "message": "No live initiative covers issue 4.",
            },
        ],
    }


def test_the_threshold_is_five_by_default() -> None:
    assert Thresholds().suppress_below == 5


def test_a_cell_fed_with_an_extra_key_still_suppresses() -> None:
    cell = Cell.read(raw_cell(1, 2, share=0.5, colour="red", kind="cell"))
    seen = cell.seen_by(frozenset({1}), 5)
    assert seen.suppressed and seen.shown(5) == "< 5"
    assert seen.initiative_ids == {1}


def test_a_cell_keeps_its_count_when_seen_whole_or_large_enough() -> None:
    assert Cell.read(raw_cell(1, 2)).seen_by(frozenset({1, 2}), 5).shown(5) == 2
    assert Cell.read(raw_cell(*range(1, 6))).seen_by(frozenset({1}), 5).shown(5) == 5
    assert Cell.read(raw_cell(1, 2)).seen_by(None, 5).shown(5) == 2


def test_every_total_is_withheld_when_a_cell_it_sums_is_suppressed() -> None:
    data = seen_by(read(raw_coverage(extra="key"), 5), frozenset({1})).json()
    matrix = data["issues_by_parties"]
    assert matrix["cells"] == {"1": {"7": "< 5", "8": 1}}
    assert not {"row_totals", "column_totals", "total"} & set(matrix)
    assert data["regions"] == {"cells": {"3": "< 5"}}
    assert data["funders"] == {"shares": {"9": "< 5"}}


def test_the_funded_total_and_shares_are_withheld_together() -> None:
    raw = raw_coverage()
    raw["funders"]["shares"]["8"] = {**raw_cell(1), "share": 0.5}
    funders = seen_by(read(raw, 5), frozenset({1})).json()["funders"]
    # Initiative 1's funder keeps its count, but not its share: count / share = funded.
    assert funders == {"shares": {"8": {"count": 1}, "9": "< 5"}}


def test_nothing_is_withheld_from_a_reader_who_sees_every_initiative() -> None:
    data = seen_by(read(raw_coverage(extra="key"), 5), frozenset({1, 2})).json()
    assert data["issues_by_parties"]["total"] == 2
    assert data["issues_by_parties"]["row_totals"] == {"1": 2}
    assert data["regions"]["total"] == 1
    assert data["funders"] == {"funded": 2, "shares": {"9": {"count": 1, "share": 0.5}}}


def test_the_threshold_comes_from_the_thresholds() -> None:
    data = seen_by(read(raw_coverage(), 2), frozenset({1})).json()
    assert data["issues_by_parties"]["cells"]["1"]["7"] == 2
    assert data["regions"]["cells"]["3"] == "< 2"


def test_gaps_come_most_severe_first() -> None:
    gaps = read(raw_coverage(), 5).gaps
    assert [gap.code for gap in gaps] == ["issue_gap", "region_gap"]
