"""The Track One calendar: rounds of official talks and the focal points of Track One bodies."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, Timestamped, Versioned, association, enum, fk
from .conflict import Issue, TrackOneBody
from .enums import ROUND_STATUSES
from .organisation import User

track_one_round_body = association(
    "track_one_round_body", "track_one_round.id", "track_one_body.id"
)
track_one_round_issue = association("track_one_round_issue", "track_one_round.id", "issue.id")


class TrackOneRound(Versioned, Base):
    """A round of the official talks: when it meets, which bodies sit, what is on its agenda."""

    __tablename__ = "track_one_round"
    __table_args__ = (
        sa.CheckConstraint("starts_on <= ends_on", name="dates_in_order"),
        sa.Index("ix_track_one_round_conflict_id_starts_on", "conflict_id", "starts_on"),
    )

    conflict_id: Mapped[int] = mapped_column(
        sa.ForeignKey("conflict.id", ondelete="CASCADE"), nullable=False
    )
    title: Mapped[str] = mapped_column(sa.String(300))
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    status: Mapped[str] = mapped_column(enum(*ROUND_STATUSES, name="status"))
    notes: Mapped[str | None] = mapped_column(sa.Text)

    bodies: Mapped[list[TrackOneBody]] = relationship(
        secondary=track_one_round_body, order_by=TrackOneBody.id
    )
    agenda_issues: Mapped[list[Issue]] = relationship(
        secondary=track_one_round_issue, order_by=Issue.id
    )

    @property
    def track_one_body_ids(self) -> list[int]:
        return [body.id for body in self.bodies]

    @property
    def agenda_issue_ids(self) -> list[int]:
        return [issue.id for issue in self.agenda_issues]


class FocalPoint(Timestamped, Base):
    """Assigns a user as focal point of a Track One body: it reads and confirms its inbox."""

    __tablename__ = "focal_point"
    __table_args__ = (sa.UniqueConstraint("track_one_body_id", "user_id"),)

    track_one_body_id: Mapped[int] = fk("track_one_body.id", ondelete="CASCADE")
    user_id: Mapped[int] = fk("user_account.id", ondelete="CASCADE")

    user: Mapped[User] = relationship()
