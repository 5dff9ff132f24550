"""Assign users as coordinators of a conflict and take the assignment back (platform admins)."""

from __future__ import annotations

import sqlalchemy as sa

from ..errors import Invalid, NotFound, PermissionDenied, StateConflict
from ..models import Conflict, ConflictCoordinator, User
from ..policy import Actor, is_platform_admin
from . import audit
from .unit import get_or_404, service, session
from .users import find_by_email


def _assignment(user_id: int, conflict_id: int) -> ConflictCoordinator | None:
    return session().scalar(
        sa.select(ConflictCoordinator).filter_by(user_id=user_id, conflict_id=conflict_id)
    )


def _refuse_unless_platform_admin(actor: Actor) -> None:
    if not is_platform_admin(actor):
        raise PermissionDenied("Platform admins assign coordinators.")


def find_user(user_id: int | None, email: str | None) -> User:
    """Return the user named by id or email; one of them is required (422 otherwise)."""
    if user_id is None and not (email or "").strip():
        raise Invalid.field("email", "Give the email of the user to assign.")
    user = session().get(User, user_id) if user_id is not None else find_by_email(email or "")
    if user is None:
        field = "user_id" if user_id is not None else "email"
        raise Invalid.field(field, "No user of the registry has this " + field.replace("_", " "))
    return user


@service
def assign(actor: Actor, conflict_id: int, user: User) -> ConflictCoordinator:
    """Make an active user coordinator of a conflict; 409 when it already is."""
    _refuse_unless_platform_admin(actor)
    conflict = get_or_404(Conflict, conflict_id)
    if not user.is_active:
        raise Invalid.field("email", "This user is disabled; enable it before assigning it.")
    if _assignment(user.id, conflict.id) is not None:
        raise StateConflict("This user already coordinates this conflict.")
    link = ConflictCoordinator(user_id=user.id, conflict_id=conflict.id)
    session().add(link)
    session().flush()
    audit.record(actor, "coordinator.assign", "conflict", conflict.id, {"user_id": user.id})
    return link


@service
def unassign(actor: Actor, conflict_id: int, user_id: int) -> None:
    """Take a user's coordination of a conflict back; 404 when it has none."""
    _refuse_unless_platform_admin(actor)
    conflict = get_or_404(Conflict, conflict_id)
    link = _assignment(user_id, conflict.id)
    if link is None:
        raise NotFound("This user does not coordinate this conflict.")
    session().delete(link)
    session().flush()
    audit.record(actor, "coordinator.unassign", "conflict", conflict.id, {"user_id": user_id})
