"""Stored analysis runs as the API shows them: when, on what data, with what metrics."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from ..errors import NotFound
from ..extensions import db
from ..models import AnalysisRun
from .runs import latest_run


@dataclass(frozen=True, slots=True)
class RunRecord:
    """One stored run of a conflict's analysis (its metrics as stored, for coordinators)."""

    id: int
    conflict_id: int
    as_of: date
    data_version: int
    started_at: datetime
    duration_ms: int
    parameters: dict[str, Any]
    metrics: dict[str, Any]
    created_at: datetime
    updated_at: datetime


def _record(r: AnalysisRun) -> RunRecord:
    return RunRecord(
        id=r.id,
        conflict_id=r.conflict_id,
        as_of=r.as_of,
        data_version=r.data_version,
        started_at=r.started_at,
        duration_ms=r.duration_ms,
        parameters=dict(r.parameters),
        metrics=dict(r.metrics),
        created_at=r.created_at,
        updated_at=r.updated_at,
    )


def latest(conflict_id: int) -> RunRecord | None:
    """Return the conflict's most recent stored run, if any."""
    run = latest_run(conflict_id)
    return None if run is None else _record(run)


def run_record(run_id: int) -> RunRecord:
    """Return a stored run (one a service just stored for the actor), or raise NotFound."""
    run = db.session.get(AnalysisRun, run_id)
    if run is None:
        raise NotFound()
    return _record(run)
