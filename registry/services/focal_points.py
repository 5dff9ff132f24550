"""Assign and unassign the focal points of Track One bodies (SPEC 8)."""

from __future__ import annotations

import sqlalchemy as sa

from ..errors import Invalid, NotFound, PermissionDenied
from ..models import FocalPoint, TrackOneBody, User
from ..policy import Actor, can_manage_reference_data
from . import audit
from .unit import get_or_404, service, session
from .users import find_by_email


def manageable_body(actor: Actor, body_id: int) -> TrackOneBody:
    """Return a body whose focal points the actor manages (platform admins, coordinators)."""
    body = get_or_404(TrackOneBody, body_id)
    if not can_manage_reference_data(actor, body.conflict_id):
        raise PermissionDenied(
            "Only platform admins and the conflict's coordinators manage focal points."
        )
    return body


def _find(body_id: int, user_id: int) -> FocalPoint | None:
    statement = sa.select(FocalPoint).filter_by(track_one_body_id=body_id, user_id=user_id)
    return session().scalar(statement)


@service
def assign(actor: Actor, body_id: int, email: str) -> FocalPoint:
    """Make the user with exactly this email a focal point of the body; idempotent."""
    body = manageable_body(actor, body_id)
    user = find_by_email(email or "")
    if user is None or not user.is_active:
        raise Invalid.field("email", "No active user has this email; check it or create the user.")
    existing = _find(body.id, user.id)
    if existing is not None:
        return existing
    link = FocalPoint(track_one_body_id=body.id, user_id=user.id)
    session().add(link)
    session().flush()
    audit.record(actor, "focal_point.assign", "track_one_body", body.id, {"user_id": user.id})
    return link


@service
def unassign(actor: Actor, body_id: int, user_id: int) -> None:
    """Stop a user being a focal point of the body."""
    body = manageable_body(actor, body_id)
    link = _find(body.id, user_id)
    if link is None:
        raise NotFound()
    session().delete(link)
    session().flush()
    audit.record(actor, "focal_point.unassign", "track_one_body", body.id, {"user_id": user_id})


def user_of(link: FocalPoint) -> User:
    """Return the user a focal point assignment names."""
    return get_or_404(User, link.user_id)
