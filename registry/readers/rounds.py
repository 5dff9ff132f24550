"""Rounds and focal points as the API shows them: every field, by id, to every signed-in user
for rounds and to the body's managers for focal points (the service checks who manages)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from ..errors import NotFound
from ..extensions import db
from ..models import FocalPoint, TrackOneRound
from .calendar import RoundRecord, record_of
from .conflicts import conflict
from .paging import Listing, each


@dataclass(frozen=True, slots=True)
class FocalPointUser:
    """The user a focal point is, as the body's managers see it."""

    email: str
    display_name: str
    organisation_id: int


@dataclass(frozen=True, slots=True)
class FocalPointRecord:
    """A user assigned as focal point of a Track One body."""

    id: int
    created_at: datetime
    updated_at: datetime
    track_one_body_id: int
    user_id: int
    user: FocalPointUser


def _focal_point(r: FocalPoint) -> FocalPointRecord:
    user = FocalPointUser(r.user.email, r.user.display_name, r.user.organisation_id)
    return FocalPointRecord(r.id, r.created_at, r.updated_at, r.track_one_body_id, r.user_id, user)


def rounds_listing(
    conflict_id: int, status: str | None = None
) -> Listing[TrackOneRound, RoundRecord]:
    """Return the conflict's rounds by start date, to page; NotFound for no conflict."""
    conflict(conflict_id)
    statement = (
        sa.select(TrackOneRound)
        .where(TrackOneRound.conflict_id == conflict_id)
        .options(selectinload(TrackOneRound.bodies), selectinload(TrackOneRound.agenda_issues))
    )
    if status is not None:
        statement = statement.where(TrackOneRound.status == status)
    return Listing(statement.order_by(TrackOneRound.starts_on, TrackOneRound.id), each(record_of))


def focal_points_listing(body_id: int) -> Listing[FocalPoint, FocalPointRecord]:
    """Return a body's focal points, to page (call after the service checked the manager)."""
    statement = (
        sa.select(FocalPoint)
        .where(FocalPoint.track_one_body_id == body_id)
        .options(selectinload(FocalPoint.user))
        .order_by(FocalPoint.id)
    )
    return Listing(statement, each(_focal_point))


def focal_point(focal_point_id: int) -> FocalPointRecord:
    """Return one focal point, or raise NotFound."""
    record = db.session.get(FocalPoint, focal_point_id)
    if record is None:
        raise NotFound()
    return _focal_point(record)
