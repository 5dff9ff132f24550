"""The hash-chained audit log: append an event in the writer's transaction, verify the chain."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa

from ..models import AuditEvent
from ..models.base import utcnow
from ..policy import Actor
from ..request_ids import current_request_id
from .unit import service, session

GENESIS = "0" * 64
# Any constant works: it names the one advisory lock that serialises the chain's head.
_CHAIN_LOCK = 0x7472_6163_6B32


def actor_label(actor: Actor) -> str:
    """Return how the log names an actor: a user id or the system's label, never a name."""
    if actor.is_system:
        return str(getattr(actor, "label", "system"))
    if actor.is_authenticated:
        return f"user:{actor.id}"
    return "anonymous"


def event_hash(event: AuditEvent) -> str:
    """Return the SHA-256 that seals an event and its link to the previous one."""
    payload = {
        "at": event.at.isoformat(),
        "actor_id": event.actor_id,
        "actor_label": event.actor_label,
        "organisation_id": event.organisation_id,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "details": event.details or {},
        "prev_hash": event.prev_hash,
    }
    if event.request_id is not None:  # sealed too; events written before it existed hash as before
        payload["request_id"] = event.request_id
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def record(
    actor: Actor,
    action: str,
    object_type: str,
    object_id: int | None = None,
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append an event to the chain inside the current transaction.

    On PostgreSQL a transaction-scoped advisory lock makes concurrent writers take
    turns at the head; on SQLite the write transaction's lock already does.
    """
    current = session()
    if current.get_bind().dialect.name == "postgresql":
        current.execute(sa.select(sa.func.pg_advisory_xact_lock(_CHAIN_LOCK)))
    previous = current.scalar(sa.select(AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1))
    event = AuditEvent(
        at=utcnow(),
        actor_id=actor.id if actor.is_authenticated and not actor.is_system else None,
        actor_label=actor_label(actor),
        organisation_id=actor.organisation_id,
        action=action,
        object_type=object_type,
        object_id=object_id,
        details=details or {},
        prev_hash=previous or GENESIS,
        request_id=current_request_id(),
    )
    event.hash = event_hash(event)
    current.add(event)
    current.flush()
    return event


@dataclass(frozen=True)
class ChainReport:
    """The outcome of checking the chain."""

    ok: bool
    checked: int
    broken_at: int | None = None
    reason: str | None = None


def verify_chain(batch: int = 1000) -> ChainReport:
    """Walk the log in order and check every link and every seal."""
    expected_previous = GENESIS
    checked = 0
    statement = sa.select(AuditEvent).order_by(AuditEvent.id)
    # populate_existing: check the stored rows, not the copies this session wrote.
    options = {"yield_per": batch, "populate_existing": True}
    for event in session().scalars(statement.execution_options(**options)):
        if event.prev_hash != expected_previous:
            return ChainReport(False, checked, event.id, "does not follow the previous event")
        if event_hash(event) != event.hash:
            return ChainReport(False, checked, event.id, "was altered after it was written")
        expected_previous = event.hash
        checked += 1
    return ChainReport(True, checked)


@service
def record_denial(actor: Actor, endpoint: str | None, method: str) -> None:
    """Audit a refused request: who tried what (the route, never its data)."""
    record(actor, "permission.denied", "route", None, {"endpoint": endpoint, "method": method})


@service
def record_export(
    actor: Actor,
    kind: str,
    conflict_id: int | None,
    rows: int,
    file_format: str,
    hxl: bool = False,
) -> None:
    """Audit a download of registry data: what, of which conflict, how many rows (no content)."""
    details: dict[str, Any] = {"kind": kind, "rows": rows, "format": file_format}
    if hxl:
        details["hxl"] = True
    record(actor, "data.export", "conflict", conflict_id, details)


@service
def record_map_export(
    actor: Actor, conflict_id: int, nodes: int, edges: int, file_format: str
) -> None:
    """Audit a download of a conflict's overlap map: its size and format (ids only)."""
    details = {"kind": "overlap_map", "nodes": nodes, "edges": edges, "format": file_format}
    record(actor, "data.export", "conflict", conflict_id, details)


@service
def record_evaluation(actor: Actor, conflict_id: int, as_of: date, findings: int) -> None:
    """Audit an evaluation of the analysis at another date (computed, not stored)."""
    details = {"as_of": as_of.isoformat(), "findings": findings}
    record(actor, "analysis.evaluate", "conflict", conflict_id, details)
