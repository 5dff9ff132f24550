"""Create and edit conflicts and their reference data (parties, issues, regions, bodies)."""

from __future__ import annotations

import re
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from ..errors import Invalid, PermissionDenied, StateConflict
from ..models import Conflict, Issue, Party, Region, TrackOneBody
from ..policy import Actor, can_manage_reference_data, is_platform_admin
from . import audit
from .unit import (
    assign,
    check_version,
    get_or_404,
    refuse_unknown,
    require,
    service,
    session,
    touch_conflicts,
)

CONFLICT_FIELDS = ("slug", "name", "summary", "countries", "track_one_status", "escalation_stage")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

# Each kind of reference data: its model, the fields it takes and those it requires.
REFERENCE_KINDS: dict[str, tuple[type[Any], tuple[str, ...], tuple[str, ...]]] = {
    "party": (Party, ("name", "kind", "potential_spoiler"), ("name", "kind")),
    "issue": (Issue, ("name", "description", "on_track_one_agenda"), ("name",)),
    "region": (Region, ("name",), ("name",)),
    "track_one_body": (TrackOneBody, ("name", "kind", "party_id"), ("name", "kind")),
}


def find_by_slug(slug: str) -> Conflict | None:
    """Return the conflict with this slug, if any."""
    return session().scalar(sa.select(Conflict).where(Conflict.slug == slug))


def _check_conflict(data: dict[str, Any], conflict: Conflict | None = None) -> dict[str, Any]:
    cleaned = dict(data)
    if "slug" in cleaned:
        if not _SLUG.match(cleaned["slug"] or ""):
            raise Invalid.field("slug", "Use lower-case letters, digits and single hyphens.")
        taken = find_by_slug(cleaned["slug"])
        if taken is not None and taken is not conflict:
            raise Invalid.field("slug", "Another conflict already uses this slug.")
    if "countries" in cleaned:
        cleaned["countries"] = sorted({code.strip().upper() for code in cleaned["countries"] or []})
    return cleaned


@service
def create(actor: Actor, data: dict[str, Any]) -> Conflict:
    """Register a conflict (platform admins)."""
    if not is_platform_admin(actor):
        raise PermissionDenied()
    refuse_unknown(data, CONFLICT_FIELDS)
    require(data, ("slug", "name", "track_one_status", "escalation_stage"))
    conflict = Conflict(countries=[])
    assign(conflict, _check_conflict(data), CONFLICT_FIELDS)
    session().add(conflict)
    session().flush()
    audit.record(actor, "conflict.create", "conflict", conflict.id)
    return conflict


@service
def update(
    actor: Actor, conflict_id: int, data: dict[str, Any], expected_version: int | None = None
) -> Conflict:
    """Edit a conflict (platform admins and its coordinators)."""
    conflict = get_or_404(Conflict, conflict_id)
    if not can_manage_reference_data(actor, conflict.id):
        raise PermissionDenied()
    check_version(conflict, expected_version)
    refuse_unknown(data, CONFLICT_FIELDS)
    changed = assign(conflict, _check_conflict(data, conflict), CONFLICT_FIELDS)
    if changed:
        session().flush()
        touch_conflicts([conflict.id])
        audit.record(actor, "conflict.update", "conflict", conflict.id, {"fields": changed})
    return conflict


def _reference_rules(kind: str, conflict_id: int, data: dict[str, Any], record: Any = None) -> None:
    model = REFERENCE_KINDS[kind][0]
    if "name" in data:
        taken = session().scalar(
            sa.select(model.id).where(model.conflict_id == conflict_id, model.name == data["name"])
        )
        if taken is not None and (record is None or taken != record.id):
            label = kind.replace("_", " ")
            article = "an" if label[0] in "aeiou" else "a"
            message = f"This conflict already has {article} {label} of this name."
            raise Invalid.field("name", message)
    if kind == "track_one_body" and data.get("party_id") is not None:
        party = session().get(Party, data["party_id"])
        if party is None or party.conflict_id != conflict_id:
            raise Invalid.field("party_id", "The party must belong to this conflict.")


@service
def create_reference(actor: Actor, kind: str, conflict_id: int, data: dict[str, Any]) -> Any:
    """Add a party, issue, region or Track One body to a conflict."""
    model, fields, required = REFERENCE_KINDS[kind]
    conflict = get_or_404(Conflict, conflict_id)
    if not can_manage_reference_data(actor, conflict.id):
        raise PermissionDenied()
    refuse_unknown(data, fields)
    require(data, required)
    _reference_rules(kind, conflict.id, data)
    record = model(conflict_id=conflict.id)
    assign(record, data, fields)
    session().add(record)
    session().flush()
    touch_conflicts([conflict.id])
    audit.record(actor, f"{kind}.create", kind, record.id, {"conflict_id": conflict.id})
    return record


@service
def update_reference(
    actor: Actor,
    kind: str,
    record_id: int,
    data: dict[str, Any],
    expected_version: int | None = None,
) -> Any:
    """Edit a party, issue, region or Track One body."""
    model, fields, _ = REFERENCE_KINDS[kind]
    record = get_or_404(model, record_id)
    if not can_manage_reference_data(actor, record.conflict_id):
        raise PermissionDenied()
    check_version(record, expected_version)
    refuse_unknown(data, fields)
    _reference_rules(kind, record.conflict_id, data, record)
    changed = assign(record, data, fields)
    if changed:
        session().flush()
        touch_conflicts([record.conflict_id])
        audit.record(actor, f"{kind}.update", kind, record.id, {"fields": changed})
    return record


@service
def delete_reference(actor: Actor, kind: str, record_id: int) -> None:
    """Delete a party, issue, region or body; refused with 409 while anything refers to it."""
    model = REFERENCE_KINDS[kind][0]
    record = get_or_404(model, record_id)
    if not can_manage_reference_data(actor, record.conflict_id):
        raise PermissionDenied()
    conflict_id = record.conflict_id
    try:
        with session().begin_nested():
            session().delete(record)
            session().flush()
    except IntegrityError:
        raise StateConflict(
            f"This {kind.replace('_', ' ')} is still referred to by initiatives or other records."
        ) from None
    touch_conflicts([conflict_id])
    audit.record(actor, f"{kind}.delete", kind, record_id, {"conflict_id": conflict_id})
