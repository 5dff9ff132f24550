"""Create and edit organisations."""

from __future__ import annotations

import dataclasses
from typing import TypeVar

import sqlalchemy as sa

from ..errors import Invalid, PermissionDenied
from ..models import Organisation
from ..policy import Actor, is_platform_admin
from . import audit
from .inputs import UNSET
from .inputs.organisations import OrganisationChanges, OrganisationInput
from .saving import assign
from .unit import check_version, get_or_404, service, session, touch_conflicts

FIELDS = ("name", "kind", "country", "jurisdictions")
_O = TypeVar("_O", OrganisationInput, OrganisationChanges)


def _clean(data: _O) -> _O:
    """Normalise codes to upper case."""
    if data.country is not UNSET and data.country:
        data = dataclasses.replace(data, country=data.country.upper())
    if data.jurisdictions is not UNSET:
        codes = tuple(sorted({code.strip().upper() for code in data.jurisdictions}))
        data = dataclasses.replace(data, jurisdictions=codes)
    return data


def _refuse_taken_name(name: str, except_id: int | None = None) -> None:
    taken = session().scalar(
        sa.select(Organisation.id).where(sa.func.lower(Organisation.name) == name.lower())
    )
    if taken is not None and taken != except_id:
        raise Invalid.field("name", "An organisation with this name is already registered.")


@service
def create(actor: Actor, data: OrganisationInput) -> Organisation:
    """Register an organisation (platform admins)."""
    if not is_platform_admin(actor):
        raise PermissionDenied()
    data = _clean(data)
    _refuse_taken_name(data.name)
    organisation = Organisation(jurisdictions=[])
    assign(organisation, data, FIELDS)
    session().add(organisation)
    session().flush()
    audit.record(actor, "organisation.create", "organisation", organisation.id)
    return organisation


@service
def update(
    actor: Actor,
    organisation_id: int,
    data: OrganisationChanges,
    expected_version: int | None = None,
) -> Organisation:
    """Edit an organisation; a change of jurisdictions makes every conflict's findings stale."""
    if not is_platform_admin(actor):
        raise PermissionDenied()
    organisation = get_or_404(Organisation, organisation_id)
    check_version(organisation, expected_version)
    data = _clean(data)
    if data.name is not UNSET:
        _refuse_taken_name(data.name, except_id=organisation.id)
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
