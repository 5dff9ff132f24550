"""Coverage values (SPEC 3 and 5): typed cells, tables and gaps, and their suppression.

The rules are documented in `readers/coverage.py` and docs/analysis.md; this module
holds the values and the pure functions on them, with no database access.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from ..analysis.codes import FINDING_CODES
from ..analysis.findings import SEVERITY_RANK

Visible = frozenset[int] | None
SUBJECT_LISTS = (
    "initiative_ids",
    "party_ids",
    "issue_ids",
    "region_ids",
    "track_one_body_ids",
    "organisation_ids",
)
# Where a gap's message holds ids: "issue 4", "parties 2 and 5", "Track One body 3".
_SUBJECT_IDS = re.compile(r"\b(issue|party|parties|region|Track One body) (\d+)(?: and (\d+))?")
_NAME_TABLES = {"issue": "issue", "party": "party", "parties": "party", "region": "region"}


@dataclass(frozen=True, slots=True)
class Cell:
    """A count of distinct live initiatives, with those of them the reader may know of."""

    count: int
    initiative_ids: frozenset[int] = frozenset()
    suppressed: bool = False

    @classmethod
    def read(cls, raw: Mapping[str, Any]) -> Cell:
        """Read a stored cell by its two named fields; any other key is ignored."""
        return cls(int(raw["count"]), frozenset(int(i) for i in raw["initiative_ids"]))

    def seen_by(self, visible: Visible, below: int) -> Cell:
        """Return the cell as the reader sees it: suppressed when small and fed by an unseen one."""
        if visible is None:
            return self
        seen = self.initiative_ids & visible
        if seen != self.initiative_ids and self.count < below:
            return Cell(0, seen, suppressed=True)
        return Cell(self.count, seen)

    def shown(self, below: int) -> int | str:
        """Return the count, or "< 5" when suppressed."""
        return f"< {below}" if self.suppressed else self.count


EMPTY = Cell(0)


def _any_suppressed(cells: Iterable[Cell]) -> bool:
    return any(cell.suppressed for cell in cells)


@dataclass(frozen=True, slots=True)
class Matrix:
    """Issues by parties or by Track One bodies; only non-empty cells are held."""

    rows: tuple[int, ...]
    columns: tuple[int, ...]
    cells: Mapping[tuple[int, int], Cell]
    row_totals: Mapping[int, Cell]
    column_totals: Mapping[int, Cell]
    total: Cell | None  # None when withheld, with the row and column totals

    @classmethod
    def read(cls, raw: Mapping[str, Any]) -> Matrix:
        """Read a stored matrix (cells keyed by row, then column, as strings)."""
        cells = {
            (int(row), int(column)): Cell.read(value)
            for row, by_column in raw["cells"].items()
            for column, value in by_column.items()
        }
        return cls(
            rows=tuple(raw["rows"]),
            columns=tuple(raw["columns"]),
            cells=cells,
            row_totals={int(k): Cell.read(v) for k, v in raw["row_totals"].items()},
            column_totals={int(k): Cell.read(v) for k, v in raw["column_totals"].items()},
            total=Cell.read(raw["total"]),
        )

    def cell(self, row: int, column: int) -> Cell:
        """Return one cell (an absent one counts 0)."""
        return self.cells.get((row, column), EMPTY)

    @property
    def withheld(self) -> bool:
        """Whether a cell is suppressed, and so the totals withheld."""
        return _any_suppressed(self.cells.values())

    @property
    def peak(self) -> int:
        """Return the largest count shown."""
        return max((c.count for c in self.cells.values() if not c.suppressed), default=0)

    def seen_by(self, visible: Visible, below: int) -> Matrix:
        """Suppress the cells, and withhold every total when any cell is suppressed."""
        cells = {key: cell.seen_by(visible, below) for key, cell in self.cells.items()}
        if _any_suppressed(cells.values()) or self.total is None:
            return replace(self, cells=cells, row_totals={}, column_totals={}, total=None)
        return replace(
            self,
            cells=cells,
            row_totals={k: c.seen_by(visible, below) for k, c in self.row_totals.items()},
            column_totals={k: c.seen_by(visible, below) for k, c in self.column_totals.items()},
            total=self.total.seen_by(visible, below),
        )

    def json(self, below: int) -> dict[str, Any]:
        """Return the API's shape: counts or "< 5", totals only when none is withheld."""
        cells: dict[str, dict[str, int | str]] = {}
        for (row, column), cell in sorted(self.cells.items()):
            cells.setdefault(str(row), {})[str(column)] = cell.shown(below)
        data: dict[str, Any] = {"rows": list(self.rows), "columns": list(self.columns)}
        data["cells"] = cells
        if self.total is not None:
            data["row_totals"] = {str(k): c.shown(below) for k, c in self.row_totals.items()}
            data["column_totals"] = {str(k): c.shown(below) for k, c in self.column_totals.items()}
            data["total"] = self.total.shown(below)
        return data


@dataclass(frozen=True, slots=True)
class Tally:
    """Live initiatives by region, with their distinct total."""

    cells: Mapping[int, Cell]
    total: Cell | None

    @classmethod
    def read(cls, raw: Mapping[str, Any]) -> Tally:
        """Read the stored regions table."""
        cells = {int(k): Cell.read(v) for k, v in raw["cells"].items()}
        return cls(cells, Cell.read(raw["total"]))

    def seen_by(self, visible: Visible, below: int) -> Tally:
        """Suppress the cells; withhold the total when any is suppressed."""
        cells = {key: cell.seen_by(visible, below) for key, cell in self.cells.items()}
        if _any_suppressed(cells.values()) or self.total is None:
            return Tally(cells, None)
        return Tally(cells, self.total.seen_by(visible, below))

    def json(self, below: int) -> dict[str, Any]:
        """Return the API's shape."""
        data: dict[str, Any] = {"cells": {str(k): c.shown(below) for k, c in self.cells.items()}}
        if self.total is not None:
            data["total"] = self.total.shown(below)
        return data


@dataclass(frozen=True, slots=True)
class Funders:
    """Live initiatives with a funder, and each funder's among them."""

    funded: Cell | None  # None when withheld
    shares: Mapping[int, Cell]

    @classmethod
    def read(cls, raw: Mapping[str, Any]) -> Funders:
        """Read the stored funders table (a share's own `share` is recomputed)."""
        shares = {int(k): Cell.read(v) for k, v in raw["shares"].items()}
        return cls(Cell.read(raw["funded"]), shares)

    def share(self, funder_id: int) -> float | None:
        """Return a funder's share of the funded initiatives, None when withheld."""
        cell = self.shares[funder_id]
        if self.funded is None or cell.suppressed or not self.funded.count:
            return None
        return cell.count / self.funded.count

    def seen_by(self, visible: Visible, below: int) -> Funders:
        """Suppress the shares; withhold `funded` (and so every share) when any is suppressed."""
        shares = {key: cell.seen_by(visible, below) for key, cell in self.shares.items()}
        if _any_suppressed(shares.values()) or self.funded is None:
            return Funders(None, shares)
        return Funders(self.funded.seen_by(visible, below), shares)

    def json(self, below: int) -> dict[str, Any]:
        """Return the API's shape: `funded` and each share's `share` only when not withheld."""
        shares: dict[str, Any] = {}
        for funder, cell in sorted(self.shares.items()):
            share = self.share(funder)
            shown: Any = cell.shown(below)
            if not cell.suppressed:
                shown = {"count": cell.count} | ({} if share is None else {"share": share})
            shares[str(funder)] = shown
        data: dict[str, Any] = {} if self.funded is None else {"funded": self.funded.count}
        return data | {"shares": shares}


@dataclass(frozen=True, slots=True)
class Gap:
    """A gap finding, as the reader gets it (subjects by kind, message with ids)."""

    code: str
    severity: str
    key: str
    message: str
    subjects: Mapping[str, tuple[int, ...]]
    person_refs: tuple[str, ...] = ()

    @classmethod
    def read(cls, raw: Mapping[str, Any]) -> Gap:
        """Read a gap from a finding's JSON shape."""
        subjects = {name: tuple(raw.get(name) or ()) for name in SUBJECT_LISTS}
        return cls(
            code=raw["code"],
            severity=raw["severity"],
            key=raw["key"],
            message=raw["message"],
            subjects=subjects,
            person_refs=tuple(raw.get("person_refs") or ()),
        )

    def order(self) -> tuple[int, int, tuple[tuple[int, ...], ...]]:
        """Sort key: most severe first, then by code, then by subject ids."""
        ids = tuple(self.subjects[name] for name in SUBJECT_LISTS)
        return (SEVERITY_RANK[self.severity], FINDING_CODES.index(self.code), ids)

    def words(self, names: Mapping[str, Mapping[int, str]]) -> str:
        """Return the message with its subjects' names where it holds their ids."""

        def name(match: re.Match[str]) -> str:
            table = names.get(_NAME_TABLES.get(match[1], "track_one_body"), {})
            ids = [int(i) for i in match.groups()[1:] if i]
            return " and ".join(f"“{table.get(i, 'one you may not see')}”" for i in ids)

        return _SUBJECT_IDS.sub(name, self.message)

    def json(self) -> dict[str, Any]:
        """Return the finding's shape without evidence."""
        data: dict[str, Any] = {"code": self.code, "severity": self.severity, "key": self.key}
        data |= {name: list(ids) for name, ids in self.subjects.items()}
        return data | {"person_refs": list(self.person_refs), "message": self.message}


@dataclass(frozen=True, slots=True)
class Coverage:
    """Every coverage table of a conflict, as one reader sees it."""

    issues_by_parties: Matrix
    issues_by_track_one_bodies: Matrix
    regions: Tally
    funders: Funders
    gaps: tuple[Gap, ...]
    suppress_below: int

    @property
    def suppressed_label(self) -> str:
        """Return what a suppressed cell reads ("< 5")."""
        return f"< {self.suppress_below}"

    @property
    def withheld(self) -> bool:
        """Whether any cell is suppressed."""
        tables = (self.issues_by_parties, self.issues_by_track_one_bodies)
        return any(t.withheld for t in tables) or _any_suppressed(
            [*self.regions.cells.values(), *self.funders.shares.values()]
        )

    def json(self) -> dict[str, Any]:
        """Return the coverage API's shape (SPEC 3 and 5)."""
        below = self.suppress_below
        return {
            "issues_by_parties": self.issues_by_parties.json(below),
            "issues_by_track_one_bodies": self.issues_by_track_one_bodies.json(below),
            "regions": self.regions.json(below),
            "funders": self.funders.json(below),
            "gaps": [gap.json() for gap in self.gaps],
        }


def read(raw: Mapping[str, Any], below: int) -> Coverage:
    """Read a run's coverage as a coordinator sees it, gaps most severe first."""
    return Coverage(
        issues_by_parties=Matrix.read(raw["issues_by_parties"]),
        issues_by_track_one_bodies=Matrix.read(raw["issues_by_track_one_bodies"]),
        regions=Tally.read(raw["regions"]),
        funders=Funders.read(raw["funders"]),
        gaps=tuple(sorted((Gap.read(g) for g in raw["gaps"]), key=Gap.order)),
        suppress_below=below,
    )


def seen_by(coverage: Coverage, visible: Visible) -> Coverage:
    """Suppress small cells an unseen initiative feeds, and the totals that sum them."""
    below = coverage.suppress_below
    return replace(
        coverage,
        issues_by_parties=coverage.issues_by_parties.seen_by(visible, below),
        issues_by_track_one_bodies=coverage.issues_by_track_one_bodies.seen_by(visible, below),
        regions=coverage.regions.seen_by(visible, below),
        funders=coverage.funders.seen_by(visible, below),
    )
