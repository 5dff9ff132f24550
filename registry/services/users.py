"""Create and edit users and coordinator assignments."""

from __future__ import annotations

import dataclasses
from typing import TypeVar

import sqlalchemy as sa

from ..auth.passwords import hash_password, password_problem, verify_password
from ..errors import Invalid, NotFound, PermissionDenied
from ..models import ApiToken, Conflict, ConflictCoordinator, Organisation, User
from ..models.base import utcnow
from ..policy import (
    Actor,
    can_administer,
    can_manage_user,
    can_manage_users_of,
    is_platform_admin,
    may_give_role,
)
from . import audit
from .inputs import UNSET, or_current
from .inputs.users import UserChanges, UserInput
from .saving import assign
from .unit import check_version, get_or_404, service, session

FIELDS = ("email", "display_name", "organisation_id", "role", "is_active")
_U = TypeVar("_U", UserInput, UserChanges)


def normalise_email(email: str) -> str:
    """Return the comparable form of an email address (case-insensitive, trimmed)."""
    return email.strip().lower()


def find_by_email(email: str) -> User | None:
    """Return the user with this email, whatever its case."""
    return session().scalar(sa.select(User).where(User.email == normalise_email(email)))


def _check(actor: Actor, data: _U, organisation_id: int | None, user: User | None = None) -> _U:
    """Apply the rules on email, organisation and role; return the data with the email clean."""
    if data.email is not UNSET:
        email = normalise_email(data.email)
        data = dataclasses.replace(data, email=email)
        if "@" not in email:
            raise Invalid.field("email", "Enter an email address such as name@example.org.")
        taken = find_by_email(email)
        if taken is not None and taken is not user:
            raise Invalid.field("email", "A user with this email already exists.")
    if organisation_id is not None:
        if session().get(Organisation, organisation_id) is None:
            raise Invalid.field("organisation_id", "No organisation has this id.")
        if not can_manage_users_of(actor, organisation_id):
            raise Invalid.field(
                "organisation_id", "You may only manage users of your organisation."
            )
    if not may_give_role(actor, or_current(data.role, None)):
        raise Invalid.field("role", "Only platform admins may make platform admins.")
    return data


def _password_hash(data: UserInput | UserChanges, user: User | None) -> str | None:
    """Return the hash of the password sent, refusing a weak one (None when none was sent)."""
    if data.password is UNSET or data.password is None:
        return None
    email = or_current(data.email, "") or (user.email if user else "")
    name = or_current(data.display_name, "") or (user.display_name if user else "")
    if problem := password_problem(data.password, [email, name]):
        raise Invalid.field("password", problem)
    return hash_password(data.password)


def _personal_words(user: User) -> list[str]:
    """Return what a guesser would try first for this user: email and name."""
    return [user.email, user.display_name]


def revoke_access(user: User) -> None:
    """End every session and revoke every API token of a user (no commit).

    Called whenever a password changes, an account is disabled or a role changes, so
    that neither a session cookie nor a 30-day token outlives the change.
    """
    user.session_generation += 1
    session().execute(
        sa.update(ApiToken)
        .where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
        .values(revoked_at=utcnow()),
        execution_options={"synchronize_session": False},
    )


@service
def end_sessions(actor: Actor, user_id: int, revoke_tokens: bool = False) -> User:
    """End every session of a user on its next request (their admins, or the user).

    With `revoke_tokens` the user's API tokens are revoked as well.
    """
    user = get_or_404(User, user_id)
    if actor.id != user.id:
        if not can_manage_users_of(actor, user.organisation_id):
            raise NotFound()
        if not can_manage_user(actor, user.organisation_id, user.role):
            raise PermissionDenied("Only platform admins end a platform admin's sessions.")
    if revoke_tokens:
        revoke_access(user)
    else:
        user.session_generation += 1
    session().flush()
    audit.record(actor, "user.end_sessions", "user", user.id, {"tokens": revoke_tokens})
    return user


@service
def create(actor: Actor, data: UserInput) -> User:
    """Create a user (platform admins for any organisation, org admins for their own)."""
    organisation_id = data.organisation_id
    if organisation_id is None:
        organisation_id = actor.organisation_id
    if organisation_id is None:
        raise Invalid.field("organisation_id", "Missing data for required field.")
    if not can_administer(actor):
        raise PermissionDenied()
    data = dataclasses.replace(
        _check(actor, data, organisation_id), organisation_id=organisation_id
    )
    user = User()
    assign(user, data, FIELDS)
    user.password_hash = _password_hash(data, None)
    session().add(user)
    session().flush()
    audit.record(actor, "user.create", "user", user.id, {"role": user.role})
    return user


@service
def update(
    actor: Actor, user_id: int, data: UserChanges, expected_version: int | None = None
) -> User:
    """Edit a user; a new password, a disable or a role change ends its sessions and tokens."""
    user = get_or_404(User, user_id)
    if not can_manage_users_of(actor, user.organisation_id):
        raise NotFound()
    if not can_manage_user(actor, user.organisation_id, user.role):
        raise PermissionDenied("Only platform admins edit a platform admin's account.")
    check_version(user, expected_version)
    data = _check(actor, data, or_current(data.organisation_id, None), user)
    changed = assign(user, data, FIELDS)
    password_hash = _password_hash(data, user)
    if password_hash is not None:
        user.password_hash = password_hash
        changed.append("password")
    if {"password", "is_active", "role"} & set(changed):
        revoke_access(user)
    if changed:
        session().flush()
        audit.record(actor, "user.update", "user", user.id, {"fields": changed})
    return user


@service
def assign_coordinator(actor: Actor, user_id: int, conflict_id: int) -> ConflictCoordinator:
    """Make a user coordinator of a conflict (platform admins); idempotent."""
    if not is_platform_admin(actor):
        raise PermissionDenied()
    user = get_or_404(User, user_id)
    conflict = get_or_404(Conflict, conflict_id)
    existing = session().scalar(
        sa.select(ConflictCoordinator).filter_by(user_id=user.id, conflict_id=conflict.id)
    )
    if existing is not None:
        return existing
    link = ConflictCoordinator(user_id=user.id, conflict_id=conflict.id)
    session().add(link)
    session().flush()
    audit.record(actor, "coordinator.assign", "conflict", conflict.id, {"user_id": user.id})
    return link


@service
def change_own_password(actor: User, current_password: str, new_password: str) -> User:
    """Change the actor's password after checking the current one.

    Every other session ends and every API token is revoked.
    """
    user = get_or_404(User, actor.id)
    if not verify_password(user.password_hash, current_password):
        raise Invalid.field("current_password", "This is not your current password.")
    if problem := password_problem(new_password, _personal_words(user)):
        raise Invalid.field("new_password", problem)
    user.password_hash = hash_password(new_password)
    user.must_change_password = False
    revoke_access(user)
    session().flush()
    audit.record(actor, "user.change_password", "user", user.id)
    return user
