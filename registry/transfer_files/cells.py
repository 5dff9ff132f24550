"""Read one cell's text: labels of the enumerations, dates, yes/no, lists of names and ids."""

from __future__ import annotations

import re
from datetime import date

from ..models.enums import CONFIDENTIALITY_LEVELS, INITIATIVE_STATUSES

# Cells a spreadsheet would run as a formula (or that hide one behind a tab or CR).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
LIST_SEPARATOR = ";"
MAX_ID = 2**31 - 1

TRACK_LABELS = {"2": "Track 2", "1.5": "Track 1.5", "3": "Track 3"}
MODE_LABELS = {"soft": "Soft", "hard": "Hard"}
METHOD_LABELS = {
    "dialogue": "Dialogue",
    "problem_solving_workshop": "Problem-solving workshop",
    "back_channel": "Back channel",
    "consultation": "Consultation",
    "joint_research": "Joint research",
    "shuttle": "Shuttle",
    "training": "Training",
    "other": "Other",
}
STATUS_LABELS = {code: code.capitalize() for code in INITIATIVE_STATUSES}
CONFIDENTIALITY_LABELS = {code: code.capitalize() for code in CONFIDENTIALITY_LEVELS}
YES, NO = "Yes", "No"

_TRUE = frozenset({"yes", "y", "true", "1"})
_FALSE = frozenset({"no", "n", "false", "0", ""})
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_SEPARATORS = re.compile(r"[\s_\-]+")


class CellError(ValueError):
    """A cell's text does not fit its column; the message says what to write instead."""


def normalise(text: str) -> str:
    """Fold case and treat runs of spaces, hyphens and underscores alike, for matching labels."""
    return _SEPARATORS.sub(" ", text.casefold()).strip()


def unquote(text: str) -> str:
    """Trim a cell and undo the apostrophe an export puts before a formula-like value."""
    text = text.strip()
    if len(text) > 1 and text[0] == "'" and text[1] in "=+-@":
        return text[1:]
    return text


def text(value: str, max_length: int | None) -> str | None:
    """Return free text, or None for a blank cell."""
    if not value:
        return None
    if max_length is not None and len(value) > max_length:
        raise CellError(f"Use at most {max_length} characters (this has {len(value)}).")
    return value


def title(value: str, max_length: int | None) -> str | None:
    """Return a title, refusing one a spreadsheet would run as a formula."""
    checked = text(value, max_length)
    if checked is not None and checked.startswith("="):
        raise CellError(
            "A title may not begin with '=': spreadsheets would run it as a formula. "
            "Remove the '=' or begin the title with a word."
        )
    return checked


def choice(value: str, labels: dict[str, str], noun: str) -> str | None:
    """Return the code whose code or label matches, ignoring case, spaces, '-' and '_'."""
    if not value:
        return None
    key = normalise(value)
    for code, label in labels.items():
        if key in (normalise(code), normalise(label)):
            return code
    raise CellError(f"'{value}' is not a {noun}; write one of: {', '.join(labels.values())}.")


def iso_date(value: str) -> date | None:
    """Return the date written as YYYY-MM-DD, or None for a blank cell."""
    if not value:
        return None
    if _ISO_DATE.fullmatch(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise CellError(f"'{value}' is not a date; write it as YYYY-MM-DD, e.g. 2026-03-31.")


def yes_no(value: str) -> bool:
    """Return True for yes, False for no or a blank cell."""
    key = normalise(value)
    if key in _TRUE or key in _FALSE:
        return key in _TRUE
    raise CellError(f"'{value}' is neither yes nor no.")


def names(value: str) -> list[str]:
    """Split a ';'-separated list of names, dropping blanks and repeats (ignoring case)."""
    found: dict[str, str] = {}
    for part in value.split(LIST_SEPARATOR):
        name = " ".join(part.split())
        if name:
            found.setdefault(name.casefold(), name)
    return list(found.values())


def registry_id(value: str) -> int | None:
    """Return a registry ID, or None for a blank cell."""
    if not value:
        return None
    if not (value.isascii() and value.isdigit()) or not 1 <= int(value) <= MAX_ID:
        raise CellError(f"'{value}' isn't a registry ID; copy it from an export or leave it out.")
    return int(value)
