"""Build import files and read import reports, for the API, page and CLI import tests."""

from __future__ import annotations

import csv
import io
from typing import Any

import sqlalchemy as sa

from registry.extensions import db
from registry.models import AuditEvent, Initiative
from tests.helpers.records import refreshed

HEADER = (
    "Title",
    "Conflict",
    "Summary",
    "Track",
    "Mode",
    "Method",
    "Status",
    "Start date",
    "End date",
    "Issues",
    "Regions",
    "Funders",
    "Intra-party",
    "Confidentiality",
    "Your reference",
)


def row(**cells: str) -> dict[str, str]:
    """Return a valid row of the import, with some cells replaced (keys: header labels)."""
    values = {
        "Title": "Water-sharing dialogue",
        "Conflict": "baringo-turkana",
        "Summary": "Elders meet monthly.",
        "Track": "Track 2",
        "Mode": "soft",
        "Method": "Problem-solving workshop",
        "Status": "Active",
        "Start date": "2026-02-01",
        "End date": "2026-12-31",
        "Issues": "Water; grazing LAND",
        "Regions": "Kapedo",
        "Funders": "example donor fund",
        "Intra-party": "no",
        "Confidentiality": "Registry",
        "Your reference": "BT-1",
    }
    values.update({name.replace("_", " "): value for name, value in cells.items()})
    return values


def csv_bytes(rows: list[dict[str, str]], header: tuple[str, ...] = HEADER) -> bytes:
    """Return a CSV in UTF-8 with a BOM, as Excel's 'CSV UTF-8' writes it."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(header)
    for values in rows:
        writer.writerow([values.get(name, "") for name in header])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def counts() -> tuple[int, int]:
    """Count initiatives and audit events as committed now."""
    refreshed()
    initiatives = db.session.scalar(sa.select(sa.func.count()).select_from(Initiative)) or 0
    events = db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent)) or 0
    return initiatives, events


def problems_of(body: dict[str, Any]) -> set[tuple[int, str | None]]:
    """Return the (row, column) of every problem a report lists."""
    return {(problem["row"], problem["column"]) for problem in body["errors"]}
