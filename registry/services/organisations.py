"""Create and edit organisations."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from ..errors import Invalid, PermissionDenied
from ..models import Organisation
from ..policy import Actor, is_platform_admin
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

FIELDS = ("name", "kind", "country", "jurisdictions")


def _clean(data: dict[str, Any]) -> dict[str, Any]:
    """Normalise codes to upper case and refuse a name already taken."""
    cleaned = dict(data)
    if cleaned.get("country"):
        cleaned["country"] = cleaned["country"].upper()
    if "jurisdictions" in cleaned:
        cleaned["jurisdictions"] = sorted(
            {code.strip().upper() for code in cleaned["jurisdictions"] or []}
        )
    return cleaned


def _refuse_taken_name(name: str, except_id: int | None = None) -> None:
    taken = session().scalar(
        sa.select(Organisation.id).where(sa.func.lower(Organisation.name) == name.lower())
    )
    if taken is not None and taken != except_id:
        raise Invalid.field("name", "An organisation with this name is already registered.")


@service
def create(actor: Actor, data: dict[str, Any]) -> Organisation:
    """Register an organisation (platform admins)."""
    if not is_platform_admin(actor):
        raise PermissionDenied()
    refuse_unknown(data, FIELDS)
    require(data, ("name", "kind"))
    data = _clean(data)
    _refuse_taken_name(data["name"])
    organisation = Organisation(jurisdictions=[])
    assign(organisation, data, FIELDS)
    session().add(organisation)
    session().flush()
    audit.record(actor, "organisation.create", "organisation", organisation.id)
    return organisation


@service
def update(
    actor: Actor, organisation_id: int, data: dict[str, Any], expected_version: int | None = None
) -> Organisation:
    """Edit an organisation; a change of jurisdictions makes every conflict's findings stale."""
    if not is_platform_admin(actor):
        raise PermissionDenied()
    organisation = get_or_404(Organisation, organisation_id)
    check_version(organisation, expected_version)
    refuse_unknown(data, FIELDS)
    data = _clean(data)
    if "name" in data:
        _refuse_taken_name(data["name"], except_id=organisation.id)
    changed = assign(organisation, data, FIELDS)
    if changed:
        session().flush()
        audit.record(
            actor, "organisation.update", "organisation", organisation.id, {"fields": changed}
        )
        if "jurisdictions" in changed:
            touch_conflicts()
    return organisation


def find_by_name(name: str) -> Organisation | None:
    """Return the organisation with this name (case-insensitive), if any."""
    return session().scalar(
        sa.select(Organisation).where(sa.func.lower(Organisation.name) == name.lower())
    )
