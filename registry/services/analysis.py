"""Stored analysis runs: run the rules at today's date, upsert findings by key, triage them."""

from __future__ import annotations

import json
import time
from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
from flask import current_app

from ..analysis.engine import Result, analyse
from ..analysis.findings import Finding as Computed
from ..analysis.rules.calendar import CALENDAR_CODES, listed
from ..analysis.thresholds import Thresholds
from ..errors import Invalid, NotFound, PermissionDenied
from ..models import AnalysisRun, Conflict, Finding
from ..models.base import utcnow
from ..policy import Actor, is_coordinator
from ..readers import snapshots
from . import audit
from .unit import check_version, get_or_404, service, session

TRIAGE_STATUSES = ("open", "acknowledged", "dismissed")
SUBJECT_LISTS = (
    "initiative_ids",
    "party_ids",
    "issue_ids",
    "region_ids",
    "track_one_body_ids",
    "organisation_ids",
    "person_refs",
    "round_ids",
)
_RUN_LOCK = 0x616E_616C_7973  # advisory lock namespace for runs, combined with the conflict id


def today() -> date:
    """Return today's date in UTC, the date stored runs are evaluated at."""
    return datetime.now(UTC).date()


def thresholds() -> Thresholds:
    """Return the thresholds: defaults, overridden by REGISTRY_ANALYSIS_THRESHOLDS (JSON)."""
    configured = current_app.config.get("ANALYSIS_THRESHOLDS") or {}
    if isinstance(configured, str):
        configured = json.loads(configured)
    return Thresholds(**configured)


def latest_run(conflict_id: int) -> AnalysisRun | None:
    """Return the conflict's most recent stored run."""
    statement = (
        sa.select(AnalysisRun)
        .where(AnalysisRun.conflict_id == conflict_id)
        .order_by(AnalysisRun.id.desc())
        .limit(1)
    )
    return session().scalar(statement)


def current_findings(conflict_id: int) -> list[Finding]:
    """Return the conflict's stored findings, by id."""
    statement = sa.select(Finding).where(Finding.conflict_id == conflict_id).order_by(Finding.id)
    return list(session().scalars(statement))


def is_fresh(run: AnalysisRun | None, conflict: Conflict) -> bool:
    """Tell whether a run reflects the conflict's current data at today's date."""
    return run is not None and run.data_version == conflict.data_version and run.as_of == today()


def evaluate(conflict: Conflict, as_of: date) -> Result:
    """Compute every finding of the conflict at a date from all its data (not stored)."""
    return analyse(snapshots.build(conflict), as_of, thresholds())


@service
def run(actor: Actor, conflict_id: int) -> AnalysisRun:
    """Run the analysis now at today's date and store it (the conflict's coordinators)."""
    conflict = get_or_404(Conflict, conflict_id)
    if not is_coordinator(actor, conflict.id):
        raise PermissionDenied("Only the conflict's coordinators run its analysis.")
    return _store_run(actor, conflict)


@service
def ensure_fresh(conflict_id: int) -> AnalysisRun:
    """Return a run reflecting the current data, running one first if the last is stale."""
    _lock(conflict_id)
    conflict = get_or_404(Conflict, conflict_id)
    session().refresh(conflict)
    current = latest_run(conflict.id)
    if is_fresh(current, conflict):
        return current
    return _store_run(None, conflict)


def _lock(conflict_id: int) -> None:
    """Serialise runs of one conflict (SQLite's write lock already does)."""
    if session().get_bind().dialect.name == "postgresql":
        session().execute(sa.select(sa.func.pg_advisory_xact_lock(_RUN_LOCK + conflict_id)))


def _store_run(actor: Actor | None, conflict: Conflict) -> AnalysisRun:
    started = utcnow()
    clock = time.perf_counter()
    result = evaluate(conflict, today())
    record = AnalysisRun(
        conflict_id=conflict.id,
        as_of=today(),
        data_version=conflict.data_version,
        started_at=started,
        duration_ms=round((time.perf_counter() - clock) * 1000),
        parameters=thresholds().as_dict(),
        metrics=result.metrics,
    )
    session().add(record)
    _upsert(conflict.id, result.findings, started)
    session().flush()
    if actor is not None:
        audit.record(actor, "analysis.run", "conflict", conflict.id, {"run_id": record.id})
    return record


def _upsert(conflict_id: int, computed: tuple[Computed, ...], seen_at: datetime) -> None:
    """Apply SPEC 4.2: new keys open, vanished keys resolved, resolved keys reopened."""
    stored = {
        finding.key: finding
        for finding in session().scalars(
            sa.select(Finding).where(Finding.conflict_id == conflict_id)
        )
    }
    for item in computed:
        finding = stored.pop(item.key, None)
        if finding is None:
            finding = Finding(
                conflict_id=conflict_id, key=item.key, status="open", first_seen_at=seen_at
            )
            session().add(finding)
        elif finding.status == "resolved" or _lists_more(item, finding):
            finding.status = "open"
        _copy(item, finding)
        finding.last_seen_at = seen_at
    for finding in stored.values():
        if finding.status != "resolved":
            finding.status = "resolved"


def _lists_more(item: Computed, finding: Finding) -> bool:
    """SPEC 8's exception: a triaged finding of timing and transfer that now lists a new issue
    or transfer opens again."""
    if item.code not in CALENDAR_CODES or finding.status not in ("acknowledged", "dismissed"):
        return False
    return bool(listed(item.code, item.evidence) - listed(item.code, finding.evidence or {}))


def _copy(item: Computed, finding: Finding) -> None:
    finding.code = item.code
    finding.severity = item.severity
    finding.message = item.message
    finding.evidence = item.evidence
    for name in SUBJECT_LISTS:
        setattr(finding, name, list(getattr(item, name)))


@service
def triage(
    actor: Actor, finding_id: int, data: dict[str, Any], expected_version: int | None = None
) -> Finding:
    """Set a finding's status to open, acknowledged or dismissed (with a reason)."""
    finding = get_or_404(Finding, finding_id)
    if not is_coordinator(actor, finding.conflict_id):
        raise NotFound()
    check_version(finding, expected_version)
    status = data.get("status", finding.status)
    reason = data.get("status_reason", finding.status_reason)
    if status == "resolved":
        raise Invalid.field("status", "Findings are resolved by the analysis, when they vanish.")
    if status not in TRIAGE_STATUSES:
        raise Invalid.field("status", "Choose open, acknowledged or dismissed.")
    if status == "dismissed" and not (reason or "").strip():
        raise Invalid.field("status_reason", "Say why you dismiss this finding.")
    changed = {
        name: value
        for name, value in (("status", status), ("status_reason", reason))
        if getattr(finding, name) != value
    }
    if changed:
        for name, value in changed.items():
            setattr(finding, name, value)
        finding.version += 1
        session().flush()
        audit.record(
            actor, "finding.triage", "finding", finding.id, {"status": status, "code": finding.code}
        )
    return finding
