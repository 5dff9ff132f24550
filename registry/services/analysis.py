"""Stored analysis runs: run the rules at today's date, upsert findings by key, triage them."""

from __future__ import annotations

import json
import logging
import math
import time
from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from flask import current_app

from ..analysis.bounds import NO_DEADLINE, Caps, Deadline, RunAbandoned
from ..analysis.engine import Result, analyse
from ..analysis.findings import Finding as Computed
from ..analysis.rules.calendar import CALENDAR_CODES, listed
from ..analysis.thresholds import Thresholds
from ..database import is_writing
from ..errors import Invalid, NotFound, PermissionDenied, Unavailable
from ..models import AnalysisRun, Conflict, Finding
from ..models.base import utcnow
from ..policy import Actor, is_coordinator
from ..readers import runs, snapshots
from ..readers.conflicts import ConflictFields
from . import audit
from .inputs import or_current
from .inputs.analysis import TriageChanges
from .unit import check_version, get_or_404, service, session

log = logging.getLogger(__name__)

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

today = runs.today
latest_run = runs.latest_run
current_findings = runs.stored_findings


def thresholds() -> Thresholds:
    """Return the thresholds: defaults, overridden by REGISTRY_ANALYSIS_THRESHOLDS (JSON)."""
    configured = current_app.config.get("ANALYSIS_THRESHOLDS") or {}
    if isinstance(configured, str):
        configured = json.loads(configured)
    return Thresholds(**configured)


def caps() -> Caps:
    """Return the caps of REGISTRY_ANALYSIS_CAPS (overlap findings, map, export rows)."""
    configured = current_app.config.get("ANALYSIS_CAPS")
    return configured if isinstance(configured, Caps) else Caps.from_mapping(configured or {})


def read_budget() -> float:
    """Seconds a read waits for fresh findings (REGISTRY_ANALYSIS_READ_BUDGET)."""
    return float(current_app.config.get("ANALYSIS_READ_BUDGET", 5.0))


def run_budget() -> float:
    """Seconds a run may take before it is abandoned (REGISTRY_ANALYSIS_RUN_BUDGET)."""
    return float(current_app.config.get("ANALYSIS_RUN_BUDGET", 60.0))


def retry_after(run: AnalysisRun | None = None) -> int:
    """Seconds to suggest before asking again: the last run's duration, within the budgets."""
    expected = run.duration_ms / 1000 if run is not None and run.duration_ms else read_budget()
    return max(1, math.ceil(min(expected, run_budget())))


def evaluate(conflict: ConflictFields, as_of: date, deadline: Deadline = NO_DEADLINE) -> Result:
    """Compute every finding of the conflict at a date from all its data (not stored)."""
    snapshot = snapshots.build(conflict)
    deadline.check()
    return analyse(snapshot, as_of, thresholds(), caps=caps(), deadline=deadline)


@dataclass(frozen=True)
class Computation:
    """A run computed from one data version, not yet stored."""

    conflict_id: int
    data_version: int
    started: datetime
    duration_ms: int
    result: Result


def run(actor: Actor, conflict_id: int) -> AnalysisRun:
    """Run the analysis now at today's date and store it (the conflict's coordinators).

    Past REGISTRY_ANALYSIS_RUN_BUDGET the run is abandoned, nothing is stored, and
    the answer is a 503.
    """
    conflict = get_or_404(Conflict, conflict_id)
    if not is_coordinator(actor, conflict.id):
        raise PermissionDenied("Only the conflict's coordinators run its analysis.")
    try:
        computed = _compute(conflict)
    except RunAbandoned:
        seconds = math.ceil(run_budget())
        raise Unavailable(
            seconds, f"The analysis took longer than its budget of {seconds} s and was abandoned."
        ) from None
    return _save(actor, computed)


def refresh(conflict_id: int) -> AnalysisRun | None:
    """Store a run reflecting the conflict's current data unless one is fresh (a queued job).

    Return None when the conflict is gone or the run went past its budget.
    """
    end_read()
    conflict = session().get(Conflict, conflict_id)
    if conflict is None:
        return None
    current = runs.latest_run(conflict_id)
    if runs.is_fresh(current, runs.data_version(conflict_id)):
        return current
    try:
        return _save(None, _compute(conflict))
    except RunAbandoned:
        log.warning("analysis run abandoned past its budget of %s s", run_budget())
        return None


def end_read() -> None:
    """End a read transaction, so what follows sees what other processes committed."""
    current = session()
    clean = not (current.new or current.dirty or current.deleted)
    if current.in_transaction() and not is_writing() and clean:
        current.commit()  # keeps loaded objects, which a rollback would expire


def _compute(conflict: Conflict) -> Computation:
    """Compute a run at today's date from the conflict's current data, within the run budget."""
    deadline = Deadline(run_budget())
    end_read()
    session().refresh(conflict)
    started, clock = utcnow(), time.perf_counter()
    result = evaluate(conflict, today(), deadline)
    duration = round((time.perf_counter() - clock) * 1000)
    return Computation(conflict.id, conflict.data_version, started, duration, result)


@service
def _save(actor: Actor | None, computed: Computation) -> AnalysisRun:
    """Store a computed run and upsert its findings, unless a run of that data is stored."""
    _lock(computed.conflict_id)
    current = runs.latest_run(computed.conflict_id)
    if actor is None and runs.is_fresh(current, computed.data_version) and current is not None:
        return current  # another worker stored this data version meanwhile
    record = AnalysisRun(
        conflict_id=computed.conflict_id,
        as_of=today(),
        data_version=computed.data_version,
        started_at=computed.started,
        duration_ms=computed.duration_ms,
        parameters=thresholds().as_dict(),
        metrics=computed.result.metrics,
    )
    session().add(record)
    _upsert(computed.conflict_id, computed.result, computed.started)
    session().flush()
    if actor is not None:
        audit.record(actor, "analysis.run", "conflict", computed.conflict_id, {"run_id": record.id})
    return record


def _lock(conflict_id: int) -> None:
    """Serialise stores of one conflict's runs (SQLite's write lock already does)."""
    if session().get_bind().dialect.name == "postgresql":
        session().execute(sa.select(sa.func.pg_advisory_xact_lock(_RUN_LOCK + conflict_id)))


def _upsert(conflict_id: int, result: Result, seen_at: datetime) -> None:
    """Apply SPEC 4.2: new keys open, vanished keys resolved, resolved keys reopened.

    A key a cap left out is still detected: it keeps its status and last_seen_at.
    """
    stored = {
        finding.key: finding
        for finding in session().scalars(
            sa.select(Finding).where(Finding.conflict_id == conflict_id)
        )
    }
    for key in result.left_out:
        stored.pop(key, None)
    for item in result.findings:
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
    actor: Actor, finding_id: int, data: TriageChanges, expected_version: int | None = None
) -> Finding:
    """Set a finding's status to open, acknowledged or dismissed (with a reason)."""
    finding = get_or_404(Finding, finding_id)
    if not is_coordinator(actor, finding.conflict_id):
        raise NotFound()
    check_version(finding, expected_version)
    status = or_current(data.status, finding.status)
    reason = or_current(data.status_reason, finding.status_reason)
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
            actor,
            "finding.triage",
            "finding",
            finding.id,
            {"status": status, "code": finding.code, "reason": finding.status_reason},
        )
    return finding
