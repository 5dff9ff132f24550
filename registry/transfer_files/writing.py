"""Write tables to CSV (UTF-8 with BOM) and XLSX, neutralising cells a spreadsheet would run."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date

from .cells import FORMULA_PREFIXES
from .columns import COLUMNS

Cell = str | int | date | None
SHEET_NAME = "Initiatives"
COMMENT_NOTE = (
    "Rows whose filled cells all begin with '#' are skipped, like the example row "
    "and the HXL hashtag row of an export."
)


def neutralise(value: Cell) -> Cell:
    """Put an apostrophe before text a spreadsheet would run as a formula (=, +, -, @, tab, CR)."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def to_csv(
    headers: Sequence[str], rows: Iterable[Sequence[Cell]], tags: Sequence[str] | None = None
) -> bytes:
    """Return CSV in UTF-8 with a BOM (so Excel reads it as UTF-8), an HXL row if tags given."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow([neutralise(header) for header in headers])
    if tags:
        writer.writerow(tags)
    for row in rows:
        writer.writerow(["" if value is None else neutralise(value) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(
    headers: Sequence[str],
    rows: Iterable[Sequence[Cell]],
    tags: Sequence[str] | None = None,
    notes: Sequence[Sequence[str]] | None = None,
) -> bytes:
    """Return an XLSX workbook: the table on its first sheet, optional notes on a second one."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(SHEET_NAME)
    sheet.append([_xlsx_cell(sheet, header) for header in headers])
    if tags:
        sheet.append(list(tags))
    for row in rows:
        sheet.append([_xlsx_cell(sheet, value) for value in row])
    if notes:
        help_sheet = workbook.create_sheet("Columns")
        for note in notes:
            help_sheet.append([_xlsx_cell(help_sheet, value) for value in note])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _xlsx_cell(sheet: object, value: Cell) -> object:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if isinstance(value, date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "yyyy-mm-dd"
        return cell
    if isinstance(value, str):
        # Neutralised first, so openpyxl never takes a leading '=' for a formula.
        return neutralise(ILLEGAL_CHARACTERS_RE.sub("", value))
    return value


def template(kind: str, examples: dict[str, str] | None = None) -> bytes:
    """Return the import template: the headers and one commented example row (and help).

    `examples` replaces the generic example of some fields (a conflict's own names).
    """
    headers = [column.label for column in COLUMNS]
    cells = [(examples or {}).get(column.field, column.example) for column in COLUMNS]
    example = [f"#{cell}" if cell else "" for cell in cells]
    if kind == "xlsx":
        return to_xlsx(headers, [example], notes=_column_notes())
    return to_csv(headers, [example])


def _column_notes() -> list[list[str]]:
    notes = [["Column", "Required", "What to write", "Example"]]
    for column in COLUMNS:
        required = "yes" if column.required else "no"
        notes.append([column.label, required, column.help, column.example])
    notes += [[], [COMMENT_NOTE]]
    return notes
