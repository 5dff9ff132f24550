"""Focal points (SPEC 8): what reached the bodies a user is focal point of, and who the focal
points of a conflict's bodies are (for those who manage its reference data)."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from .. import policy
from ..extensions import db
from ..models import FocalPoint, Organisation, TrackOneBody, TransferChannel, User
from ..policy import Actor
from .calendar import Delivered, delivered, transfer_rows


@dataclass(frozen=True)
class HomeInbox:
    """The inbox section of the home page."""

    unconfirmed: int
    latest: tuple[Delivered, ...]


@dataclass(frozen=True)
class FocalPointLine:
    """A user assigned as focal point of a body."""

    user_id: int
    display_name: str
    email: str
    organisation: str


@dataclass(frozen=True)
class FocalBody:
    """A Track One body and its focal points."""

    id: int
    name: str
    focal_points: tuple[FocalPointLine, ...]


def inbox(actor: Actor) -> list[Delivered]:
    """Return what was delivered to the bodies the actor is focal point of, newest first."""
    bodies = sorted(policy.focal_body_ids(actor))
    if not bodies:
        return []
    mine = TransferChannel.track_one_body_id.in_(bodies)
    inboxes = sa.or_(*(policy.inbox_transfers(actor, body_id) for body_id in bodies))
    return delivered(actor, transfer_rows(actor, sa.and_(mine, inboxes)))


def home_inbox(actor: Actor) -> HomeInbox | None:
    """Return the home page's inbox section, for focal points only."""
    if not policy.focal_body_ids(actor):
        return None
    items = inbox(actor)
    return HomeInbox(sum(1 for item in items if item.evidence == "claimed"), tuple(items[:5]))


def body_names(actor: Actor) -> list[str]:
    """Return the names of the bodies the actor is focal point of, by name."""
    statement = (
        sa.select(TrackOneBody.name)
        .where(TrackOneBody.id.in_(sorted(policy.focal_body_ids(actor))))
        .order_by(TrackOneBody.name)
    )
    return list(db.session.scalars(statement))


def focal_points_of(conflict_id: int) -> list[FocalBody]:
    """Return each Track One body of the conflict, by name, with its focal points.

    The route admits only those who manage the conflict's reference data.
    """
    bodies = db.session.execute(
        sa.select(TrackOneBody.id, TrackOneBody.name)
        .where(TrackOneBody.conflict_id == conflict_id)
        .order_by(TrackOneBody.name)
    ).all()
    statement = (
        sa.select(FocalPoint.track_one_body_id, User.id, User.display_name, User.email)
        .add_columns(Organisation.name)
        .join(User, User.id == FocalPoint.user_id)
        .join(Organisation, Organisation.id == User.organisation_id)
        .where(FocalPoint.track_one_body_id.in_([body_id for body_id, _ in bodies]))
        .order_by(FocalPoint.id)
    )
    by_body: dict[int, list[FocalPointLine]] = {body_id: [] for body_id, _ in bodies}
    for body_id, *line in db.session.execute(statement):
        by_body[body_id].append(FocalPointLine(*line))
    return [FocalBody(body_id, name, tuple(by_body[body_id])) for body_id, name in bodies]
