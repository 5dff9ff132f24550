"""An admin's actions on a user's account: role, disabling, one-time passwords, ending sessions.

Each of them ends every session of the user and revokes its API tokens, so that what the
admin took away stops working at once, in the browser and through the API alike.
"""

from __future__ import annotations

import secrets

import sqlalchemy as sa

from ..auth.passwords import hash_password
from ..errors import Invalid, NotFound
from ..models import ApiToken, User
from ..models.base import utcnow
from ..policy import Actor, assignable_roles, can_manage_user
from . import audit, users
from .inputs.users import UserChanges
from .unit import get_or_404, service, session

# Long enough to be strong, short enough to read out over the telephone.
ONE_TIME_PASSWORD_BYTES = 15


def _managed(actor: Actor, user_id: int) -> User:
    """Return a user the actor manages; any other reads as missing (404)."""
    user = get_or_404(User, user_id)
    if not can_manage_user(actor, user.organisation_id, user.role):
        raise NotFound()
    return user


def _refuse_self(actor: Actor, user: User, field: str, what: str) -> None:
    """Refuse an admin's change to its own account, so no admin locks itself out."""
    if actor.id is not None and actor.id == user.id:
        raise Invalid.field(field, f"You cannot {what} your own account; ask another admin.")


def _live_tokens(user: User) -> int:
    """Return how many unrevoked, unexpired API tokens the user holds."""
    statement = sa.select(sa.func.count()).where(
        ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None), ApiToken.expires_at > utcnow()
    )
    return int(session().scalar(statement) or 0)


@service
def change_role(actor: Actor, user_id: int, role: str, expected_version: int | None = None) -> User:
    """Give a user another role; its sessions and tokens end."""
    user = _managed(actor, user_id)
    if role not in assignable_roles(actor):
        raise Invalid.field("role", "Choose one of the roles you may give.")
    _refuse_self(actor, user, "role", "change the role of")
    if role != user.role:  # users.update ends the sessions and revokes the tokens
        users.update(actor, user.id, UserChanges(role=role), expected_version)
    return user


@service
def set_active(actor: Actor, user_id: int, active: bool) -> User:
    """Disable a user (its sessions and tokens end) or enable it again."""
    user = _managed(actor, user_id)
    if not active:
        _refuse_self(actor, user, "is_active", "disable")
    if user.is_active != active:  # users.update ends the sessions and revokes the tokens
        users.update(actor, user.id, UserChanges(is_active=active))
    return user


@service
def reset_password(actor: Actor, user_id: int) -> str:
    """Give a user a one-time password to change at its next sign-in; return it, once."""
    user = _managed(actor, user_id)
    _refuse_self(actor, user, "password", "reset the password of")
    one_time = secrets.token_urlsafe(ONE_TIME_PASSWORD_BYTES)
    user.password_hash = hash_password(one_time)
    user.must_change_password = True
    users.revoke_access(user)
    session().flush()
    audit.record(actor, "user.reset_password", "user", user.id)
    return one_time


@service
def end_sessions(actor: Actor, user_id: int) -> int:
    """Sign a user out everywhere and revoke its API tokens; return how many were revoked."""
    user = _managed(actor, user_id)
    revoked = _live_tokens(user)
    users.end_sessions(actor, user.id, revoke_tokens=True)
    return revoked
