"""Read an uploaded CSV or XLSX into rows of text, refusing files that could hurt the server.

Defences: a byte cap and a row cap (413); a workbook's zip is checked before openpyxl
opens it (entry count, unpacked sizes, compression ratio), and openpyxl parses its XML
with defusedxml, which refuses entity declarations (billion laughs) and external
entities. Formulas are read as their text and never evaluated.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ..errors import Invalid, RegistryError
from . import MAX_BYTES, MAX_ROWS

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the old binary .xls
MAX_ZIP_ENTRIES = 500
MAX_ENTRY_BYTES = 32 * 1024 * 1024
MAX_UNZIPPED_BYTES = 64 * 1024 * 1024
MAX_RATIO = 100  # for entries above RATIO_FLOOR; real sheets compress about 5 to 20 times
RATIO_FLOOR = 1024 * 1024
MAX_SHEET_ROWS = 20 * MAX_ROWS
SHEET_NAME = "Initiatives"


class TooLarge(RegistryError):
    """The file is larger than an import takes (413)."""

    status = 413
    default_message = (
        f"The file is too large: an import takes at most {MAX_BYTES // (1024 * 1024)} MB "
        f"and {MAX_ROWS} rows; split it into several files."
    )


@dataclass(frozen=True)
class Table:
    """A sheet as text: its header row and its data rows, numbered as a spreadsheet shows them."""

    header_row: int
    headers: list[str]
    rows: list[tuple[int, list[str]]]


def unreadable(message: str) -> Invalid:
    """Return the 422 for a file that cannot be read at all."""
    return Invalid({"file": [message]}, message=message, location="file")


def read_path(path: Path) -> bytes:
    """Read a file from disk, refusing one above the byte cap before reading it."""
    if path.stat().st_size > MAX_BYTES:
        raise TooLarge()
    return path.read_bytes()


def read_table(content: bytes) -> Table:
    """Read a CSV (UTF-8, optional BOM) or an XLSX workbook, told apart by their first bytes."""
    if len(content) > MAX_BYTES:
        raise TooLarge()
    if content.startswith(ZIP_MAGIC):
        return _table(_xlsx_rows(content))
    if content.startswith(OLE_MAGIC):
        raise unreadable("This is an old Excel (.xls) workbook; save it as .xlsx or as CSV UTF-8.")
    return _table(_csv_rows(content))


def _table(rows: Iterator[tuple[int, list[str]]]) -> Table:
    """Take the first non-blank row as headers; skip blank rows and comment (e.g. HXL) rows."""
    header_row, headers = 0, []
    data: list[tuple[int, list[str]]] = []
    for number, cells in rows:
        filled = [cell.strip() for cell in cells if cell.strip()]
        if not filled:
            continue
        if not header_row:
            header_row, headers = number, [cell.strip() for cell in cells]
        elif not all(cell.startswith("#") for cell in filled):
            data.append((number, cells))
            if len(data) > MAX_ROWS:
                raise TooLarge()
    if not header_row:
        raise unreadable("The file is empty; start from the template, which has the headers.")
    return Table(header_row, headers, data)


def _csv_rows(content: bytes) -> Iterator[tuple[int, list[str]]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise unreadable(
            "The file is neither UTF-8 text nor an XLSX workbook; in Excel, save as 'CSV UTF-8'."
        ) from None
    if "\x00" in text:
        raise unreadable("The file holds NUL bytes, so it is not CSV text.")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    number = 0
    try:
        for number, row in enumerate(reader, start=1):
            yield number, row
    except csv.Error as error:
        raise unreadable(f"The CSV cannot be read after row {number}: {error}.") from None


def _delimiter(text: str) -> str:
    """Tell a comma-separated file from one Excel saved with ';' or tabs (by the header line)."""
    first_line = text.split("\n", 1)[0]
    return max((",", ";", "\t"), key=first_line.count)


def _xlsx_rows(content: bytes) -> Iterator[tuple[int, list[str]]]:
    workbook = _open_workbook(content)
    try:
        sheet = _sheet(workbook)
        sheet.reset_dimensions()  # ignore the declared size: it may claim a million columns
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            if number > MAX_SHEET_ROWS:
                raise TooLarge()
            yield number, [_cell_text(value) for value in values]
    except RegistryError:
        raise
    except Exception as error:  # openpyxl raises many kinds of error on a malformed sheet
        if _declares_entities(error):
            raise _entities_refused() from None
        raise unreadable("The workbook's sheet cannot be read; save it again as .xlsx.") from None
    finally:
        workbook.close()


def _open_workbook(content: bytes) -> Any:
    import openpyxl

    if not openpyxl.DEFUSEDXML:
        raise RuntimeError("openpyxl is not using defusedxml; refusing to parse workbooks")
    _check_zip(content)
    try:
        return openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except Exception as error:  # openpyxl raises many kinds of error on a malformed workbook
        if _declares_entities(error):
            raise _entities_refused() from None
        raise unreadable("The workbook cannot be opened; save it again as .xlsx.") from None


def _sheet(workbook: Any) -> Any:
    if SHEET_NAME in workbook.sheetnames:
        return workbook[SHEET_NAME]
    if not workbook.worksheets:
        raise unreadable("The workbook has no worksheet.")
    return workbook.worksheets[0]


def _check_zip(content: bytes) -> None:
    """Refuse a zip that unpacks to far more than a spreadsheet of its size could hold."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except zipfile.BadZipFile:
        raise unreadable("The file looks like a workbook but cannot be opened as one.") from None
    with archive:
        entries = archive.infolist()
    total = 0
    for entry in entries:
        total += entry.file_size
        ratio = entry.file_size / max(entry.compress_size, 1)
        if (
            len(entries) > MAX_ZIP_ENTRIES
            or entry.file_size > MAX_ENTRY_BYTES
            or total > MAX_UNZIPPED_BYTES
            or (entry.file_size > RATIO_FLOOR and ratio > MAX_RATIO)
        ):
            raise unreadable(
                "The workbook unpacks to far more data than a spreadsheet holds "
                "(a 'zip bomb'); it was refused."
            )


def _declares_entities(error: BaseException | None) -> bool:
    """Tell whether defusedxml refused the XML (openpyxl wraps its error in a ValueError)."""
    from defusedxml import DefusedXmlException

    while error is not None:
        if isinstance(error, DefusedXmlException):
            return True
        error = error.__cause__ or error.__context__
    return False


def _entities_refused() -> Invalid:
    return unreadable(
        "The workbook declares XML entities, which spreadsheets never need "
        "(an 'XML bomb'); it was refused."
    )


def _cell_text(value: Any) -> str:
    """Return a workbook cell as text; a formula comes as its text (e.g. '=1+1'), not run."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
