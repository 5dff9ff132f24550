"""Read users, organisations and conflicts' coordinators for the administration pages, in names."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from ..errors import NotFound
from ..extensions import db
from ..models import Conflict, ConflictCoordinator, Organisation, User
from ..policy import Actor, can_manage_user, manageable_users
from .accounts import OrganisationRecord, organisation_record


@dataclass(frozen=True)
class UserRow:
    """A user as its admins see it."""

    id: int
    version: int
    email: str
    display_name: str
    organisation_id: int
    organisation_name: str
    role: str
    is_active: bool
    must_change_password: bool
    last_sign_in_at: datetime | None
    coordinates: tuple[str, ...]  # names of the conflicts it coordinates


@dataclass(frozen=True)
class CoordinatorRow:
    """A coordinator of a conflict, named with its organisation."""

    user_id: int
    email: str
    display_name: str
    organisation_id: int
    organisation_name: str
    is_active: bool
    assigned_at: datetime


def _coordinated_names(user_ids: list[int]) -> dict[int, tuple[str, ...]]:
    rows = db.session.execute(
        sa.select(ConflictCoordinator.user_id, Conflict.name)
        .join(Conflict, Conflict.id == ConflictCoordinator.conflict_id)
        .where(ConflictCoordinator.user_id.in_(user_ids))
        .order_by(Conflict.name)
    ).all()
    names: dict[int, list[str]] = {}
    for user_id, name in rows:
        names.setdefault(user_id, []).append(name)
    return {user_id: tuple(found) for user_id, found in names.items()}


def _user_rows(statement: sa.Select[User, str]) -> list[UserRow]:
    pairs = db.session.execute(statement).all()
    coordinates = _coordinated_names([user.id for user, _ in pairs])
    return [
        UserRow(
            id=user.id,
            version=user.version,
            email=user.email,
            display_name=user.display_name,
            organisation_id=user.organisation_id,
            organisation_name=organisation_name,
            role=user.role,
            is_active=user.is_active,
            must_change_password=user.must_change_password,
            last_sign_in_at=user.last_sign_in_at,
            coordinates=coordinates.get(user.id, ()),
        )
        for user, organisation_name in pairs
    ]


def _users_query(actor: Actor) -> sa.Select[User, str]:
    return (
        sa.select(User, Organisation.name)
        .join(Organisation, Organisation.id == User.organisation_id)
        .where(manageable_users(actor))
    )


def count_users(actor: Actor) -> int:
    """Return how many users the actor manages."""
    statement = sa.select(sa.func.count()).select_from(User).where(manageable_users(actor))
    return int(db.session.scalar(statement) or 0)


def list_users(actor: Actor, offset: int = 0, limit: int = 50) -> list[UserRow]:
    """Return a page of the users the actor manages, by organisation then name."""
    statement = (
        _users_query(actor)
        .order_by(Organisation.name, User.display_name, User.id)
        .offset(offset)
        .limit(limit)
    )
    return _user_rows(statement)


def user_for_admin(actor: Actor, user_id: int) -> UserRow:
    """Return a user the actor may edit; any other reads as missing."""
    rows = _user_rows(_users_query(actor).where(User.id == user_id))
    if not rows or not can_manage_user(actor, rows[0].organisation_id, rows[0].role):
        raise NotFound()
    return rows[0]


def organisations() -> list[OrganisationRecord]:
    """Return every organisation by name (platform admins manage them all)."""
    statement = sa.select(Organisation).order_by(Organisation.name)
    return [organisation_record(found) for found in db.session.scalars(statement)]


def organisation(organisation_id: int) -> OrganisationRecord:
    """Return one organisation, or raise NotFound."""
    found = db.session.get(Organisation, organisation_id)
    if found is None:
        raise NotFound()
    return organisation_record(found)


def coordinators_of(conflict_id: int) -> list[CoordinatorRow]:
    """Return the coordinators of a conflict by name, with their organisations."""
    rows = db.session.execute(
        sa.select(ConflictCoordinator.created_at, User, Organisation.name)
        .join(User, User.id == ConflictCoordinator.user_id)
        .join(Organisation, Organisation.id == User.organisation_id)
        .where(ConflictCoordinator.conflict_id == conflict_id)
        .order_by(User.display_name, User.id)
    ).all()
    return [
        CoordinatorRow(
            user_id=user.id,
            email=user.email,
            display_name=user.display_name,
            organisation_id=user.organisation_id,
            organisation_name=organisation_name,
            is_active=user.is_active,
            assigned_at=assigned_at,
        )
        for assigned_at, user, organisation_name in rows
    ]


def display_name(user_id: int) -> str | None:
    """Return a user's display name, if the user exists."""
    return db.session.scalar(sa.select(User.display_name).where(User.id == user_id))
