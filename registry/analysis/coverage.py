"""Coverage of a conflict (SPEC 5): counts of live initiatives, each with its contributors.

Every cell is ``{"count": n, "initiative_ids": [...]}`` so that the service layer can
suppress cells to which an initiative hidden from the reader contributes; totals count
distinct initiatives. A matrix lists all its rows and columns, with a total for each,
but only its non-empty cells: a cell that is absent counts 0 (issues x bodies would
otherwise grow with the square of the conflict's size).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from registry.analysis.context import Context
from registry.analysis.findings import Finding

Cell = dict[str, Any]


def cell(initiative_ids: Iterable[int]) -> Cell:
    """A count with the distinct initiatives that make it up."""
    if not initiative_ids:
        return {"count": 0, "initiative_ids": []}
    ids = sorted(set(initiative_ids))
    return {"count": len(ids), "initiative_ids": ids}


def matrix(
    rows: Sequence[int],
    columns: Sequence[int],
    covering: Iterable[tuple[int, Iterable[int], Iterable[int]]],
) -> dict[str, Any]:
    """Cross-tabulate initiatives, given with their rows and columns, with totals."""
    known_rows, known_columns = set(rows), set(columns)
    found: dict[tuple[int, int], set[int]] = defaultdict(set)
    for initiative_id, its_rows, its_columns in covering:
        kept = [column for column in its_columns if column in known_columns]
        for row in its_rows:
            if row in known_rows:
                for column in kept:
                    found[(row, column)].add(initiative_id)
    by_row: dict[int, set[int]] = defaultdict(set)
    by_column: dict[int, set[int]] = defaultdict(set)
    for (row, column), ids in found.items():
        by_row[row] |= ids
        by_column[column] |= ids
    cells: dict[str, dict[str, Cell]] = defaultdict(dict)
    for (row, column), ids in sorted(found.items()):
        cells[str(row)][str(column)] = cell(ids)
    empty: set[int] = set()
    return {
        "rows": list(rows),
        "columns": list(columns),
        "cells": dict(cells),
        "row_totals": {str(r): cell(by_row.get(r, empty)) for r in rows},
        "column_totals": {str(c): cell(by_column.get(c, empty)) for c in columns},
        "total": cell(i for ids in by_row.values() for i in ids),
    }


def issues_by_parties(ctx: Context) -> dict[str, Any]:
    """Live initiatives covering each issue with participants of each party."""
    covering = ((i.id, i.issue_ids, ctx.parties_among(i.id)) for i in ctx.live)
    return matrix(_ids(ctx.snapshot.issues), _ids(ctx.snapshot.parties), covering)


def issues_by_bodies(ctx: Context) -> dict[str, Any]:
    """Live initiatives covering each issue with a channel to each Track One body."""
    covering = ((i.id, i.issue_ids, ctx.bodies_of.get(i.id, ())) for i in ctx.live)
    return matrix(_ids(ctx.snapshot.issues), _ids(ctx.snapshot.bodies), covering)


def regions(ctx: Context) -> dict[str, Any]:
    """Live initiatives covering each region; one without regions covers every region."""
    all_regions = _ids(ctx.snapshot.regions)
    covering: dict[int, list[int]] = {region: [] for region in all_regions}
    for initiative in ctx.live:
        for region in initiative.region_ids or all_regions:
            covering.setdefault(region, []).append(initiative.id)
    return {
        "cells": {str(region): cell(covering[region]) for region in all_regions},
        "total": cell(i for region in all_regions for i in covering[region]),
    }


def funders(ctx: Context) -> dict[str, Any]:
    """Each funder's live initiatives and share of all live initiatives with a funder."""
    funded = [i for i in ctx.live if i.funder_ids]
    by_funder: dict[int, list[int]] = defaultdict(list)
    for initiative in funded:
        for funder in initiative.funder_ids:
            by_funder[funder].append(initiative.id)
    shares = {
        str(funder): {**cell(ids), "share": len(ids) / len(funded)}
        for funder, ids in sorted(by_funder.items())
    }
    return {"funded": cell(i.id for i in funded), "shares": shares}


def gaps(findings: Iterable[Finding]) -> list[dict[str, Any]]:
    """The gap findings, most severe first (the findings arrive sorted)."""
    return [
        {k: v for k, v in f.to_dict().items() if k != "evidence"}
        for f in findings
        if f.code.endswith("_gap")
    ]


def compute_coverage(ctx: Context, findings: Sequence[Finding]) -> dict[str, Any]:
    """All coverage tables of the conflict at the context's date."""
    return {
        "issues_by_parties": issues_by_parties(ctx),
        "issues_by_track_one_bodies": issues_by_bodies(ctx),
        "regions": regions(ctx),
        "funders": funders(ctx),
        "gaps": gaps(findings),
    }


def _ids(items: Iterable[Any]) -> list[int]:
    """Sorted ids of reference data."""
    return sorted(item.id for item in items)
