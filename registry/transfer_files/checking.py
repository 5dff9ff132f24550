"""Check an import's rows against the registry: parse cells, resolve names, match updates.

It reads reference data and the sponsor's initiatives and never writes: the write path
(registry.services.imports) runs it inside its transaction, before writing anything.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from openpyxl.utils import get_column_letter

from ..errors import Invalid
from ..extensions import db
from ..models import Conflict, Initiative, Issue, Organisation, Region
from ..services import initiatives
from ..services.inputs import build
from ..services.inputs.initiatives import InitiativeChanges, InitiativeInput
from .cells import CellError
from .columns import BY_FIELD, COLUMNS, Column, Problem, match_headers
from .reading import Table


@dataclass(frozen=True)
class Planned:
    """A checked row: the service fields to write, and the initiative it updates (if any)."""

    row: int
    data: InitiativeInput | InitiativeChanges
    initiative_id: int | None


def _key(name: str) -> str:
    return " ".join(name.casefold().split())


class NameIndex:
    """Names of one kind of record, matched ignoring case and extra spaces."""

    def __init__(self, pairs: Iterable[tuple[int, str]], missing: str) -> None:
        self.missing = missing  # e.g. "No issue named '{}' in baringo-turkana."
        self.by_key: dict[str, dict[int, str]] = {}
        for record_id, name in pairs:
            self.by_key.setdefault(_key(name), {})[record_id] = name

    def find(self, name: str) -> int:
        """Return the id of the record with this name, or raise CellError saying why not."""
        candidates = self.by_key.get(_key(name), {})
        exact = [record_id for record_id, known in candidates.items() if known == name]
        if len(candidates) == 1 or len(exact) == 1:
            return exact[0] if exact else next(iter(candidates))
        if candidates:
            raise CellError(f"Several records are named '{name}' but for case; write it exactly.")
        known = [n for names in self.by_key.values() for n in names.values()]
        close = difflib.get_close_matches(name, known, n=1)
        hint = f" Did you mean '{close[0]}'?" if close else ""
        raise CellError(self.missing.format(name) + hint)


@dataclass(frozen=True)
class Existing:
    """What the checks need of an initiative the sponsor already registered."""

    id: int
    conflict_id: int
    external_id: str | None
    start_date: Any
    end_date: Any


class Lookups:
    """The registry's names and the sponsor's initiatives, read once per import."""

    def __init__(self, sponsor: Organisation) -> None:
        self.sponsor = sponsor
        session = db.session
        conflicts = session.execute(sa.select(Conflict.id, Conflict.slug, Conflict.name)).all()
        self.slugs = {row.id: row.slug for row in conflicts}
        self.conflicts = NameIndex(
            [(row.id, row.slug) for row in conflicts] + [(row.id, row.name) for row in conflicts],
            "No conflict has the slug or name '{}'.",
        )
        self.organisations = NameIndex(
            session.execute(sa.select(Organisation.id, Organisation.name)).all(),
            "No organisation named '{}' is registered.",
        )
        columns = (Initiative.id, Initiative.conflict_id, Initiative.external_id)
        dates = (Initiative.start_date, Initiative.end_date)
        mine = session.execute(sa.select(*columns, *dates).filter_by(sponsor_id=sponsor.id))
        existing = [Existing(*row) for row in mine]
        self.by_id = {record.id: record for record in existing}
        self.by_reference = {r.external_id: r for r in existing if r.external_id is not None}
        self._members: dict[tuple[str, int], NameIndex] = {}

    def members(self, field: str, conflict_id: int) -> NameIndex:
        """Return the index of a conflict's issues or regions (field issue_ids or region_ids)."""
        if (field, conflict_id) not in self._members:
            model, noun = (Issue, "issue") if field == "issue_ids" else (Region, "region")
            pairs = db.session.execute(
                sa.select(model.id, model.name).filter_by(conflict_id=conflict_id)
            ).all()
            missing = f"No {noun} named '{{}}' in {self.slugs[conflict_id]}."
            self._members[field, conflict_id] = NameIndex(pairs, missing)
        return self._members[field, conflict_id]


class RowCheck:
    """The checks of one row; problems accumulate instead of stopping at the first."""

    def __init__(self, number: int, lookups: Lookups) -> None:
        self.number = number
        self.lookups = lookups
        self.problems: list[Problem] = []
        self.unreadable: set[str] = set()
        self.reference: str | None = None
        self.initiative_id: int | None = None

    def fail(self, field: str, message: str) -> None:
        """Record a problem in the column of a field (or under a header given as is)."""
        label = BY_FIELD[field].label if field in BY_FIELD else field
        self.problems.append(Problem(self.number, label, message))

    def parse(self, columns: list[Column | None], cells: list[str]) -> dict[str, Any]:
        """Return each column's value, recording the cells that cannot be read."""
        values: dict[str, Any] = {}
        for index in range(max(len(columns), len(cells))):
            column = columns[index] if index < len(columns) else None
            raw = cells[index] if index < len(cells) else ""
            if column is None:
                if raw.strip():
                    letter = get_column_letter(index + 1)
                    self.fail(f"Column {letter}", "This cell has no column header; empty it.")
                continue
            try:
                values[column.field] = column.parse(raw)
            except CellError as error:
                self.unreadable.add(column.field)
                self.fail(column.field, str(error))
        return values

    def plan(self, values: dict[str, Any]) -> Planned | None:
        """Resolve names and match the initiative to update; None when the row has problems."""
        self._require(values)
        self._check_sponsor(values.pop("sponsor_id", None))
        target = self._target(values.pop("id", None), values.get("external_id"))
        self.reference = values.get("external_id")
        self.initiative_id = target.id if target else None
        conflict_id = self._conflict(values.pop("conflict_id", None), target)
        for field in ("issue_ids", "region_ids"):
            if field in values and conflict_id is not None:
                index = self.lookups.members(field, conflict_id)
                values[field] = self._resolve(field, values[field], index)
        if "funder_ids" in values:
            funders = self.lookups.organisations
            values["funder_ids"] = self._resolve("funder_ids", values["funder_ids"], funders)
        self._check_dates(values, target)
        if self.problems:
            return None
        if values.get("confidentiality") is None:
            values.pop("confidentiality", None)  # blank never widens who sees an initiative
        if target is not None:
            return Planned(self.number, build(InitiativeChanges, values), target.id)
        values.update(conflict_id=conflict_id, sponsor_id=self.lookups.sponsor.id)
        return Planned(self.number, build(InitiativeInput, values), None)

    def _require(self, values: dict[str, Any]) -> None:
        for column in COLUMNS:
            blank = values.get(column.field) in (None, "", [])
            if column.required and blank and column.field not in self.unreadable:
                self.fail(column.field, f"Fill in the {column.label.lower()}; it is required.")

    def _check_sponsor(self, name: str | None) -> None:
        sponsor = self.lookups.sponsor.name
        if name and _key(name) != _key(sponsor):
            message = f"This file imports initiatives of {sponsor}; this row names '{name}'."
            self.fail("sponsor_id", message)

    def _target(self, registry_id: int | None, reference: str | None) -> Existing | None:
        by_id = by_reference = None
        if registry_id is not None:
            by_id = self.lookups.by_id.get(registry_id)
            if by_id is None:
                sponsor = self.lookups.sponsor.name
                self.fail("id", f"{sponsor} has no initiative with the registry ID {registry_id}.")
        if reference:
            by_reference = self.lookups.by_reference.get(reference)
        if by_id and by_reference and by_id.id != by_reference.id:
            self.fail(
                "external_id",
                f"The reference '{reference}' belongs to registry ID {by_reference.id}, "
                f"not {by_id.id}.",
            )
        return by_id or by_reference

    def _conflict(self, text: str | None, target: Existing | None) -> int | None:
        if not text:
            return None
        try:
            conflict_id = self.lookups.conflicts.find(text)
        except CellError as error:
            self.fail("conflict_id", str(error))
            return None
        if target is not None and conflict_id != target.conflict_id:
            slug = self.lookups.slugs[target.conflict_id]
            message = f"This initiative is on {slug}; an initiative's conflict never changes."
            self.fail("conflict_id", message)
        return conflict_id

    def _resolve(self, field: str, names: list[str], index: NameIndex) -> list[int]:
        ids = []
        for name in names:
            try:
                ids.append(index.find(name))
            except CellError as error:
                self.fail(field, str(error))
        return ids

    def _check_dates(self, values: dict[str, Any], target: Existing | None) -> None:
        if {"start_date", "end_date"} & self.unreadable:
            return
        start = values.get("start_date", target.start_date if target else None)
        end = values.get("end_date", target.end_date if target else None)
        try:
            initiatives.check_dates(start, end)
        except Invalid as error:
            for fields in error.errors.values():
                for field, messages in fields.items():
                    self.fail(field, " ".join(messages))


def check_table(table: Table, sponsor: Organisation) -> tuple[list[Planned], list[Problem]]:
    """Check every row; return the rows to write and every problem found, by row and column."""
    columns, problems = match_headers(table.headers, table.header_row)
    if problems:
        return [], problems  # rows cannot be read reliably under wrong headers
    lookups = Lookups(sponsor)
    planned: list[Planned] = []
    claimed: dict[tuple[str, Any], int] = {}
    for number, cells in table.rows:
        row = RowCheck(number, lookups)
        plan = row.plan(row.parse(columns, cells))
        _claim(row, claimed)
        problems += row.problems
        if plan is not None and not row.problems:
            planned.append(plan)
    return planned, problems


def _claim(row: RowCheck, claimed: dict[tuple[str, Any], int]) -> None:
    """Refuse a reference, or an initiative, that an earlier row of the file already uses."""
    reference, initiative_id = row.reference, row.initiative_id
    if reference and ("reference", reference) in claimed:
        first = claimed["reference", reference]
        row.fail("external_id", f"The reference '{reference}' is also on row {first}.")
    elif initiative_id is not None and ("initiative", initiative_id) in claimed:
        first = claimed["initiative", initiative_id]
        row.fail("id", f"Row {first} already imports this initiative.")
    if reference:
        claimed.setdefault(("reference", reference), row.number)
    if initiative_id is not None:
        claimed.setdefault(("initiative", initiative_id), row.number)
