"""Coverage of a conflict (SPEC 5): counts with their contributing initiatives."""

from __future__ import annotations

from typing import Any

from tests.analysis.builders import Build


def covered() -> Build:
    build = Build().party(1, 2).issue(1, 2).region(1, 2).body(5).body(6)
    build.initiative(1, issue_ids=(1, 2), region_ids=(1,), funder_ids=(7,))
    build.initiative(2, issue_ids=(1,), funder_ids=(7, 8)).initiative(3, issue_ids=(2,))
    build.initiative(4, issue_ids=(1,), status="cancelled").join(4, 13, party=2)
    build.join(1, 10, party=1).join(1, 11, party=2, role="observer").join(2, 12, party=1)
    return build.channel(1, 5).channel(2, 5).channel(4, 6)


def coverage() -> Any:
    return covered().analyse().metrics["coverage"]


def test_issues_by_parties_counts_live_initiatives_with_participants_of_the_party() -> None:
    table = coverage()["issues_by_parties"]
    assert table["cells"]["1"]["1"] == {"count": 2, "initiative_ids": [1, 2]}
    assert table["cells"]["1"]["2"] == {"count": 1, "initiative_ids": [1]}
    assert table["cells"]["2"]["2"] == {"count": 1, "initiative_ids": [1]}


def test_matrix_totals_count_distinct_initiatives() -> None:
    table = coverage()["issues_by_parties"]
    assert table["row_totals"]["1"] == {"count": 2, "initiative_ids": [1, 2]}
    assert table["column_totals"]["2"] == {"count": 1, "initiative_ids": [1]}
    assert table["total"]["count"] == 2


def test_matrices_leave_out_empty_cells_but_list_every_row_and_column() -> None:
    table = covered().issue(3).analyse().metrics["coverage"]["issues_by_parties"]
    assert table["rows"] == [1, 2, 3] and table["columns"] == [1, 2]
    assert "3" not in table["cells"]
    assert table["row_totals"]["3"] == {"count": 0, "initiative_ids": []}


def test_issues_by_track_one_bodies_counts_live_channels() -> None:
    table = coverage()["issues_by_track_one_bodies"]
    assert table["cells"]["1"]["5"] == {"count": 2, "initiative_ids": [1, 2]}
    assert "6" not in table["cells"]["1"]


def test_an_initiative_without_regions_covers_every_region() -> None:
    regions = coverage()["regions"]["cells"]
    assert regions["1"] == {"count": 3, "initiative_ids": [1, 2, 3]}
    assert regions["2"] == {"count": 2, "initiative_ids": [2, 3]}


def test_funders_shares_are_of_live_funded_initiatives() -> None:
    funders = coverage()["funders"]
    assert funders["funded"] == {"count": 2, "initiative_ids": [1, 2]}
    assert funders["shares"]["7"] == {"count": 2, "initiative_ids": [1, 2], "share": 1.0}
    assert funders["shares"]["8"]["share"] == 0.5


def test_gap_findings_are_ranked_by_severity() -> None:
    build = covered().issue(3, agenda=True).party(3, spoiler=True)
    gaps = build.analyse().metrics["coverage"]["gaps"]
    severities = [gap["severity"] for gap in gaps]
    assert gaps[0]["key"] in {"issue_gap:issue:3", "party_gap:party:3"}
    assert severities == sorted(severities, key=["high", "medium", "low", "info"].index)
    assert all(gap["code"].endswith("_gap") for gap in gaps)
