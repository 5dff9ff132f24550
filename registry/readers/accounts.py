"""Organisations and user accounts as the API shows them, through the one policy:
organisations to whoever `policy.visible_organisations` admits, users to those who manage them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from .. import policy
from ..errors import NotFound
from ..extensions import db
from ..models import Organisation, User
from ..policy import Actor
from .paging import Listing, each


@dataclass(frozen=True, slots=True)
class OrganisationRecord:
    """An organisation: an NGO, a funder or another body of the registry."""

    id: int
    created_at: datetime
    updated_at: datetime
    version: int
    name: str
    kind: str
    country: str | None
    jurisdictions: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class UserRecord:
    """A user account, never its password or sign-in secrets."""

    id: int
    created_at: datetime
    updated_at: datetime
    version: int
    email: str
    display_name: str
    organisation_id: int
    role: str
    is_active: bool
    coordinated_conflict_ids: tuple[int, ...]


def organisation_record(r: Organisation) -> OrganisationRecord:
    """Return an organisation as its frozen record."""
    return OrganisationRecord(
        id=r.id,
        created_at=r.created_at,
        updated_at=r.updated_at,
        version=r.version,
        name=r.name,
        kind=r.kind,
        country=r.country,
        jurisdictions=tuple(r.jurisdictions or ()),
    )


def _user(r: User) -> UserRecord:
    return UserRecord(
        id=r.id,
        created_at=r.created_at,
        updated_at=r.updated_at,
        version=r.version,
        email=r.email,
        display_name=r.display_name,
        organisation_id=r.organisation_id,
        role=r.role,
        is_active=r.is_active,
        coordinated_conflict_ids=tuple(sorted(r.coordinated_conflict_ids)),
    )


def organisations_listing(actor: Actor) -> Listing[Organisation, OrganisationRecord]:
    """Return the organisations the actor sees, by name, to page."""
    statement = (
        sa.select(Organisation)
        .where(policy.visible_organisations(actor))
        .order_by(Organisation.name)
    )
    return Listing(statement, each(organisation_record))


def organisation(actor: Actor, organisation_id: int) -> OrganisationRecord:
    """Return an organisation the actor sees, or NotFound exactly as for a missing one."""
    statement = sa.select(Organisation).where(
        Organisation.id == organisation_id, policy.visible_organisations(actor)
    )
    found = db.session.scalar(statement)
    if found is None:
        raise NotFound()
    return organisation_record(found)


def users_listing(actor: Actor) -> Listing[User, UserRecord]:
    """Return the users the actor manages, by id, to page (nobody for others)."""
    statement = (
        sa.select(User)
        .where(policy.manageable_users(actor))
        .options(selectinload(User.coordinated))
        .order_by(User.id)
    )
    return Listing(statement, each(_user))


def user(actor: Actor, user_id: int) -> UserRecord:
    """Return a user the actor manages, or NotFound exactly as for a missing one."""
    found = db.session.scalar(
        sa.select(User).where(User.id == user_id, policy.manageable_users(actor))
    )
    if found is None:
        raise NotFound()
    return _user(found)


def account(user_id: int) -> UserRecord:
    """Return a user without a policy check: the signed-in user itself, or one a service
    just let the actor write (the service decided who may)."""
    found = db.session.get(User, user_id)
    if found is None:
        raise NotFound()
    return _user(found)
