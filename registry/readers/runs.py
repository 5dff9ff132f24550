"""Stored analysis runs and findings as they are, and whether they are fresh (SPEC 4.2).

Reads only: nothing here runs or stores an analysis. Callers decide who may read
stored findings (the conflict's coordinators).
"""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa

from ..errors import NotFound
from ..extensions import db
from ..models import AnalysisRun, Conflict, Finding


def today() -> date:
    """Return today's date in UTC, the date stored runs are evaluated at."""
    return datetime.now(UTC).date()


def latest_run(conflict_id: int) -> AnalysisRun | None:
    """Return the conflict's most recent stored run."""
    run: AnalysisRun | None = db.session.scalar(_latest(conflict_id, AnalysisRun))
    return run


@dataclass(frozen=True)
class RunStamp:
    """What tells whether a stored run is fresh: the data version and the date it reflects."""

    data_version: int
    as_of: date


def latest_stamp(conflict_id: int) -> RunStamp | None:
    """Return the data version and date of the conflict's most recent stored run.

    Without its metrics: at 1,000 initiatives they are 270 KB of JSON, which took longer to
    decode than the rest of a findings page to answer.
    """
    row = db.session.execute(
        _latest(conflict_id, AnalysisRun.data_version, AnalysisRun.as_of)
    ).first()
    return None if row is None else RunStamp(row.data_version, row.as_of)


def latest_metrics(conflict_id: int, parts: Sequence[str]) -> dict[str, Any] | None:
    """Return the named parts of the most recent run's metrics, or None without a run.

    The database cuts them out of the stored JSON, so only they are decoded. A part the
    run does not hold is left out.
    """
    columns = [AnalysisRun.metrics[part].label(part) for part in parts]
    row = db.session.execute(_latest(conflict_id, AnalysisRun.id, *columns)).first()
    if row is None:
        return None
    values = row._mapping
    return {part: values[part] for part in parts if values[part] is not None}


def _latest(conflict_id: int, *columns: Any) -> sa.Select[Any]:
    """SELECT `columns` of the conflict's most recent stored run."""
    return (
        sa.select(*columns)
        .where(AnalysisRun.conflict_id == conflict_id)
        .order_by(AnalysisRun.id.desc())
        .limit(1)
    )


def stored_findings(conflict_id: int) -> list[Finding]:
    """Return the conflict's stored findings, by id, as the latest run left them."""
    statement = sa.select(Finding).where(Finding.conflict_id == conflict_id).order_by(Finding.id)
    return list(db.session.scalars(statement))


def stored_tallies(conflict_id: int) -> list[dict[str, Any]]:
    """Return each stored finding's status, severity and initiative ids, by id.

    What counts of open findings need, without decoding any finding's evidence.
    """
    statement = (
        sa.select(Finding.status, Finding.severity, Finding.initiative_ids)
        .where(Finding.conflict_id == conflict_id)
        .order_by(Finding.id)
    )
    return [row._asdict() for row in db.session.execute(statement)]


# The lists of a finding's evidence inputs that the findings' filters read.
EVIDENCE_LISTS = ("simultaneous_initiative_ids", "shared_issue_ids")
# The finding's own lists an outline carries, in the order `stored_outlines` reads them.
OUTLINE_LISTS = (Finding.initiative_ids, Finding.issue_ids, Finding.round_ids)


def stored_outlines(conflict_id: int) -> list[dict[str, Any]]:
    """Return each stored finding as filters, ordering and summaries read it, by id.

    `as_dict`'s shape without the words, the other subjects or the evidence beyond the
    two lists of its inputs the filters read: a crowded conflict's findings page decodes
    a few small values per finding, and whole rows only for the page it shows
    (`stored_by_ids`). The lists come as JSON text and are decoded in one call
    (`_decoded`): 13,000 of them at 1,000 initiatives took longer one by one than the
    query.
    """
    inputs = Finding.evidence["inputs"]
    lists = (
        *(sa.cast(column, sa.Text) for column in OUTLINE_LISTS),
        *(sa.cast(inputs[name], sa.Text) for name in EVIDENCE_LISTS),
    )
    statement = (
        sa.select(Finding.id, Finding.code, Finding.severity, Finding.key, Finding.status, *lists)
        .where(Finding.conflict_id == conflict_id)
        .order_by(Finding.id)
    )
    rows = db.session.execute(statement).all()
    width = len(lists)
    values = _decoded([text for row in rows for text in row[-width:]])
    outlines = []
    for row, start in zip(rows, range(0, len(values), width), strict=True):
        initiative_ids, issue_ids, round_ids, *named = values[start : start + width]
        evidence = {name: value or [] for name, value in zip(EVIDENCE_LISTS, named, strict=True)}
        outlines.append(
            {
                "id": row.id,
                "code": row.code,
                "severity": row.severity,
                "key": row.key,
                "status": row.status,
                "initiative_ids": initiative_ids,
                "issue_ids": issue_ids,
                "round_ids": round_ids or [],
                "evidence": {"inputs": evidence},
            }
        )
    return outlines


def _decoded(texts: Sequence[Any]) -> list[Any]:
    """Decode many JSON texts (None for SQL NULL) with one call over their array."""
    return list(json.loads("[" + ",".join(text or "null" for text in texts) + "]"))


def stored_by_ids(conflict_id: int, ids: Sequence[int]) -> list[Finding]:
    """Return the conflict's stored findings with these ids, whole, in the order given
    (a finding a run removed meanwhile is left out)."""
    statement = sa.select(Finding).where(Finding.conflict_id == conflict_id, Finding.id.in_(ids))
    found = {finding.id: finding for finding in db.session.scalars(statement)}
    return [found[i] for i in ids if i in found]


def stored_page(
    conflict_id: int,
    where: tuple[sa.ColumnElement[bool], ...],
    first: int,
    size: int,
) -> tuple[list[Finding], int]:
    """Return one page of the conflict's stored findings by id, and how many match.

    The database filters and pages, so a crowded conflict's page decodes `size` rows'
    evidence, not every finding's.
    """
    statement = (
        sa.select(Finding, sa.func.count().over())
        .where(Finding.conflict_id == conflict_id, *where)
        .order_by(Finding.id)
        .limit(size)
        .offset(first)
    )
    rows = db.session.execute(statement).all()
    if rows or first == 0:
        return [row[0] for row in rows], rows[0][1] if rows else 0
    counted = sa.select(sa.func.count()).where(Finding.conflict_id == conflict_id, *where)
    return [], db.session.scalar(counted) or 0


def stored_edges(conflict_id: int, codes: Collection[str]) -> list[dict[str, Any]]:
    """Return the unresolved stored findings of these codes as the map reads them, by id.

    Only the columns an edge needs, and of the evidence only its facets: a crowded
    conflict's map decodes a few small values per finding, not every finding's evidence.
    """
    facets = Finding.evidence["inputs"]["facets"]
    statement = (
        sa.select(
            Finding.code,
            Finding.severity,
            Finding.key,
            Finding.status,
            Finding.initiative_ids,
            facets,
        )
        .where(
            Finding.conflict_id == conflict_id,
            Finding.code.in_(sorted(codes)),
            Finding.status != "resolved",
        )
        .order_by(Finding.id)
    )
    return [
        {
            "code": code,
            "severity": severity,
            "key": key,
            "status": status,
            "initiative_ids": list(initiative_ids),
            "evidence": {"inputs": {"facets": found or {}}},
        }
        for code, severity, key, status, initiative_ids, found in db.session.execute(statement)
    ]


def data_version(conflict_id: int) -> int | None:
    """Return the conflict's current data version, read from the database (not the session)."""
    statement = sa.select(Conflict.data_version).where(Conflict.id == conflict_id)
    return db.session.scalar(statement)


def is_fresh(run: AnalysisRun | RunStamp | None, version: int | None) -> bool:
    """Tell whether a run reflects the conflict's data version at today's date."""
    return run is not None and run.data_version == version and run.as_of == today()


@dataclass(frozen=True)
class FindingRef:
    """A stored finding as the pages that act on it need it: where it is and whom it names."""

    id: int
    conflict_id: int
    initiative_ids: tuple[int, ...]


def finding_ref(finding_id: int) -> FindingRef:
    """Return one stored finding's conflict and initiatives, or raise NotFound."""
    finding = db.session.get(Finding, finding_id)
    if finding is None:
        raise NotFound()
    return FindingRef(finding.id, finding.conflict_id, tuple(finding.initiative_ids))
