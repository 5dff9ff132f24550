"""Create and edit conflicts and their reference data (parties, issues, regions, bodies)."""

from __future__ import annotations

import dataclasses
import re
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from ..errors import Invalid, PermissionDenied, StateConflict
from ..models import Conflict, Issue, Party, Region, TrackOneBody
from ..policy import Actor, can_manage_reference_data, is_platform_admin
from . import audit
from .inputs import UNSET, sent
from .inputs.conflicts import (
    REFERENCE_INPUTS,
    ConflictChanges,
    ConflictInput,
    ReferenceChanges,
    ReferenceInput,
)
from .saving import assign, save_changes
from .unit import check_version, get_or_404, service, session, touch_conflicts

CONFLICT_FIELDS = ("slug", "name", "summary", "countries", "track_one_status", "escalation_stage")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_C = TypeVar("_C", ConflictInput, ConflictChanges)

# Each kind of reference data: its model and the fields it takes.
REFERENCE_KINDS: dict[str, tuple[type[Any], tuple[str, ...]]] = {
    "party": (Party, ("name", "kind", "potential_spoiler")),
    "issue": (Issue, ("name", "description", "on_track_one_agenda")),
    "region": (Region, ("name",)),
    "track_one_body": (TrackOneBody, ("name", "kind", "party_id")),
}


def find_by_slug(slug: str) -> Conflict | None:
    """Return the conflict with this slug, if any."""
    return session().scalar(sa.select(Conflict).where(Conflict.slug == slug))


def _check_conflict(data: _C, conflict: Conflict | None = None) -> _C:
    """Refuse a malformed or taken slug; return the data with its countries normalised."""
    if data.slug is not UNSET:
        if not _SLUG.match(data.slug):
            raise Invalid.field("slug", "Use lower-case letters, digits and single hyphens.")
        taken = find_by_slug(data.slug)
        if taken is not None and taken is not conflict:
            raise Invalid.field("slug", "Another conflict already uses this slug.")
    if data.countries is UNSET:
        return data
    countries = tuple(sorted({code.strip().upper() for code in data.countries}))
    return dataclasses.replace(data, countries=countries)


@service
def create(actor: Actor, data: ConflictInput) -> Conflict:
    """Register a conflict (platform admins)."""
    if not is_platform_admin(actor):
        raise PermissionDenied()
    conflict = Conflict(countries=[])
    assign(conflict, _check_conflict(data), CONFLICT_FIELDS)
    session().add(conflict)
    session().flush()
    audit.record(actor, "conflict.create", "conflict", conflict.id)
    return conflict


@service
def update(
    actor: Actor, conflict_id: int, data: ConflictChanges, expected_version: int | None = None
) -> Conflict:
    """Edit a conflict (platform admins and its coordinators)."""
    conflict = get_or_404(Conflict, conflict_id)
    if not can_manage_reference_data(actor, conflict.id):
        raise PermissionDenied()
    check_version(conflict, expected_version)
    changed = assign(conflict, _check_conflict(data, conflict), CONFLICT_FIELDS)
    save_changes(actor, "conflict", conflict, changed, [conflict.id])
    return conflict


def _check_kind(kind: str, data: ReferenceInput | ReferenceChanges) -> None:
    """Refuse data of another kind than the one named (a caller's mistake, not the user's)."""
    if not isinstance(data, REFERENCE_INPUTS[kind]):
        raise TypeError(f"{type(data).__name__} is not an input of a {kind}")


def _reference_rules(
    kind: str, conflict_id: int, data: ReferenceInput | ReferenceChanges, record: Any = None
) -> None:
    _check_kind(kind, data)
    model = REFERENCE_KINDS[kind][0]
    values = sent(data)
    if "name" in values:
        taken = session().scalar(
            sa.select(model.id).where(
                model.conflict_id == conflict_id, model.name == values["name"]
            )
        )
        if taken is not None and (record is None or taken != record.id):
            label = kind.replace("_", " ")
            article = "an" if label[0] in "aeiou" else "a"
            message = f"This conflict already has {article} {label} of this name."
            raise Invalid.field("name", message)
    if values.get("party_id") is not None:
        party = session().get(Party, values["party_id"])
        if party is None or party.conflict_id != conflict_id:
            raise Invalid.field("party_id", "The party must belong to this conflict.")


@service
def create_reference(actor: Actor, kind: str, conflict_id: int, data: ReferenceInput) -> Any:
    """Add a party, issue, region or Track One body to a conflict."""
    model, fields = REFERENCE_KINDS[kind]
    conflict = get_or_404(Conflict, conflict_id)
    if not can_manage_reference_data(actor, conflict.id):
        raise PermissionDenied()
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
    data: ReferenceChanges,
    expected_version: int | None = None,
) -> Any:
    """Edit a party, issue, region or Track One body."""
    model, fields = REFERENCE_KINDS[kind]
    record = get_or_404(model, record_id)
    if not can_manage_reference_data(actor, record.conflict_id):
        raise PermissionDenied()
    check_version(record, expected_version)
    _reference_rules(kind, record.conflict_id, data, record)
    save_changes(actor, kind, record, assign(record, data, fields), [record.conflict_id])
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
