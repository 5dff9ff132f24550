"""The columns of the initiatives spreadsheet: header label, field, kind of cell, help text.

Imports and exports share this table, so an export can be imported again by its sponsor.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as default_of
from typing import Any

from . import cells
from .cells import (
    CONFIDENTIALITY_LABELS,
    METHOD_LABELS,
    MODE_LABELS,
    STATUS_LABELS,
    TRACK_LABELS,
    normalise,
)


@dataclass(frozen=True)
class Problem:
    """One problem of an import, located by spreadsheet row and column header."""

    row: int
    column: str | None
    message: str

    def as_dict(self) -> dict[str, Any]:
        """Return the problem as the report lists it."""
        return {"row": self.row, "column": self.column, "message": self.message}


@dataclass(frozen=True, eq=False)
class Column:
    """One column: its header, the initiative field it fills and how its cells are read.

    `kind` is one of title, text, choice, date, yes_no, names, id.
    """

    label: str
    field: str
    kind: str
    hxl: str
    help: str
    example: str = ""
    required: bool = False
    choices: dict[str, str] = default_of(default_factory=dict)
    max_length: int | None = None
    aliases: tuple[str, ...] = ()

    def parse(self, raw: str) -> Any:
        """Return the cell's value for the field, or raise cells.CellError."""
        value = cells.unquote(raw)
        match self.kind:
            case "title":
                return cells.title(value, self.max_length)
            case "choice":
                return cells.choice(value, self.choices, self.label.lower())
            case "date":
                return cells.iso_date(value)
            case "yes_no":
                return cells.yes_no(value)
            case "names":
                return cells.names(value)
            case "id":
                return cells.registry_id(value)
        return cells.text(value, self.max_length)


def _one_of(labels: dict[str, str]) -> str:
    code = next(iter(labels))
    return f"One of: {', '.join(labels.values())} (or the code, e.g. {code})."


COLUMNS: tuple[Column, ...] = (
    Column(
        "Title",
        "title",
        "title",
        "#activity+name",
        "The initiative's name; at most 300 characters; may not begin with '='.",
        example="Water-sharing dialogue between herders",
        required=True,
        max_length=300,
    ),
    Column(
        "Conflict",
        "conflict_id",
        "text",
        "#crisis+name",
        "The conflict's slug (as in its web address) or its name.",
        example="baringo-turkana",
        required=True,
        aliases=("conflict slug",),
    ),
    Column(
        "Summary",
        "summary",
        "text",
        "#activity+description",
        "Optional. What the initiative does; at most 20,000 characters.",
        example="Monthly meetings of elders on access to dry-season water points.",
        max_length=20_000,
    ),
    Column(
        "Track",
        "track",
        "choice",
        "#activity+track",
        _one_of(TRACK_LABELS),
        example="Track 2",
        required=True,
        choices=TRACK_LABELS,
    ),
    Column(
        "Mode",
        "mode",
        "choice",
        "#activity+mode",
        "Soft (relationship building) or Hard (producing proposals for Track One).",
        example="Soft",
        required=True,
        choices=MODE_LABELS,
    ),
    Column(
        "Method",
        "method",
        "choice",
        "#activity+type",
        _one_of(METHOD_LABELS),
        example="Problem-solving workshop",
        required=True,
        choices=METHOD_LABELS,
    ),
    Column(
        "Status",
        "status",
        "choice",
        "#status",
        _one_of(STATUS_LABELS),
        example="Active",
        required=True,
        choices=STATUS_LABELS,
    ),
    Column(
        "Start date",
        "start_date",
        "date",
        "#date+start",
        "Optional. YYYY-MM-DD (or a date cell in a workbook).",
        example="2026-02-01",
    ),
    Column(
        "End date",
        "end_date",
        "date",
        "#date+end",
        "Optional; blank means open-ended. Not before the start date.",
        example="2026-12-31",
    ),
    Column(
        "Issues",
        "issue_ids",
        "names",
        "#sector+issue+list",
        "Names of the conflict's issues, separated by ';'; at least one.",
        example="Water; Grazing land",
        required=True,
    ),
    Column(
        "Regions",
        "region_ids",
        "names",
        "#loc+name+list",
        "Optional. Names of the conflict's regions, separated by ';'; blank: the whole conflict.",
        example="Kapedo",
    ),
    Column(
        "Funders",
        "funder_ids",
        "names",
        "#org+funder+list",
        "Optional. Names of registered organisations, separated by ';'.",
        example="Example Donor Fund",
    ),
    Column(
        "Intra-party",
        "intra_party",
        "yes_no",
        "#meta+intra_party",
        "Optional. Yes when the initiative involves one party by design; blank means No.",
        example="No",
    ),
    Column(
        "Confidentiality",
        "confidentiality",
        "choice",
        "#meta+confidentiality",
        _one_of(CONFIDENTIALITY_LABELS)
        + " Blank: Registry for a new initiative, unchanged for an update.",
        example="Registry",
        choices=CONFIDENTIALITY_LABELS,
    ),
    Column(
        "Your reference",
        "external_id",
        "text",
        "#activity+code",
        "Optional but recommended. Your own reference, unique in your organisation; "
        "importing a row with it again updates that initiative.",
        example="BT-2026-07",
        max_length=120,
        aliases=("external id", "reference"),
    ),
    Column(
        "Sponsor",
        "sponsor_id",
        "text",
        "#org+impl+name",
        "Optional. Your organisation's name (exports fill it in); "
        "a row naming another organisation is refused.",
    ),
    Column(
        "Registry ID",
        "id",
        "id",
        "#activity+id",
        "Optional. The registry's number of one of your initiatives (exports fill it in); "
        "the row then updates that initiative.",
        aliases=("id",),
    ),
)
BY_FIELD = {column.field: column for column in COLUMNS}
_BY_HEADER = {normalise(name): c for c in COLUMNS for name in (c.label, *c.aliases)}


def match_headers(headers: list[str], row: int = 1) -> tuple[list[Column | None], list[Problem]]:
    """Map each header to its column (None for a blank one); report unknown and missing ones."""
    matched: list[Column | None] = []
    problems: list[Problem] = []
    for header in headers:
        column = _BY_HEADER.get(normalise(header)) if header.strip() else None
        if header.strip() and column is None:
            known = ", ".join(c.label for c in COLUMNS)
            problems.append(Problem(row, header, f"Unknown column; the columns are: {known}."))
        elif column is not None and column in matched:
            problems.append(Problem(row, header, f"The column {column.label} appears twice."))
            column = None
        matched.append(column)
    for column in COLUMNS:
        if column.required and column not in matched:
            problems.append(Problem(row, column.label, "This column is missing; it is required."))
    return matched, problems
