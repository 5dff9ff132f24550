"""What happens inside an initiative: participations, transfer channels and events, links."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, Timestamped, Versioned, association, enum, fk
from .conflict import Issue
from .enums import (
    CONFIRMERS,
    EVIDENCE_LEVELS,
    LINK_ANSWERS,
    LINK_KINDS,
    LINK_PROPOSERS,
    LINK_STATUSES,
    MECHANISMS,
    PARTICIPATION_ROLES,
    TRANSFER_KINDS,
)
from .initiative import Initiative

transfer_event_issue = association("transfer_event_issue", "transfer_event.id", "issue.id")


class Participation(Timestamped, Base):
    """A person taking part in an initiative, for one party or as a third party."""

    __tablename__ = "participation"
    __table_args__ = (
        sa.UniqueConstraint("initiative_id", "person_id"),
        sa.CheckConstraint(
            "start_date IS NULL OR end_date IS NULL OR start_date <= end_date",
            name="dates_in_order",
        ),
    )

    initiative_id: Mapped[int] = fk("initiative.id", ondelete="CASCADE")
    person_id: Mapped[int] = fk("person.id", ondelete="RESTRICT")
    role: Mapped[str] = mapped_column(enum(*PARTICIPATION_ROLES, name="role"))
    party_id: Mapped[int | None] = fk("party.id", nullable=True, ondelete="RESTRICT")
    # Null means "the initiative's date"; read through the service, never copied.
    start_date: Mapped[date | None]
    end_date: Mapped[date | None]


class TransferChannel(Timestamped, Base):
    """How an initiative's output reaches a Track One body."""

    __tablename__ = "transfer_channel"

    initiative_id: Mapped[int] = fk("initiative.id", ondelete="CASCADE")
    track_one_body_id: Mapped[int] = fk("track_one_body.id", ondelete="RESTRICT")
    mechanism: Mapped[str] = mapped_column(enum(*MECHANISMS, name="mechanism"))
    via_person_id: Mapped[int | None] = fk("person.id", nullable=True, ondelete="RESTRICT")
    established_on: Mapped[date]


class TransferEvent(Versioned, Base):
    """One delivery of Track Two output through a channel (the transfer ledger)."""

    __tablename__ = "transfer_event"

    initiative_id: Mapped[int] = fk("initiative.id", ondelete="CASCADE")
    channel_id: Mapped[int] = fk("transfer_channel.id", ondelete="RESTRICT")
    title: Mapped[str] = mapped_column(sa.String(300))
    kind: Mapped[str] = mapped_column(enum(*TRANSFER_KINDS, name="kind"))
    delivered_on: Mapped[date]
    evidence: Mapped[str] = mapped_column(
        enum(*EVIDENCE_LEVELS, name="evidence"), default="claimed"
    )
    round_id: Mapped[int | None] = fk("track_one_round.id", nullable=True, ondelete="RESTRICT")
    # Who last raised the evidence, and when: shown to others as "the focal point of
    # <body>" or "a coordinator", never as the user, who is kept for the audit only.
    confirmed_on: Mapped[date | None]
    confirmed_as: Mapped[str | None] = mapped_column(enum(*CONFIRMERS, name="confirmed_as"))
    confirmed_body_id: Mapped[int | None] = fk(
        "track_one_body.id", nullable=True, ondelete="SET NULL"
    )
    confirmed_by_id: Mapped[int | None] = fk("user_account.id", nullable=True, ondelete="SET NULL")

    issues: Mapped[list[Issue]] = relationship(secondary=transfer_event_issue, order_by=Issue.id)
    initiative: Mapped[Initiative] = relationship()

    @property
    def issue_ids(self) -> list[int]:
        return [issue.id for issue in self.issues]


class CoordinationLink(Versioned, Base):
    """A request to coordinate two initiatives, kept in the order it was posted.

    `pair_low_id` and `pair_high_id` hold the same two ids sorted, so that the
    database refuses a second link for the same unordered pair.
    """

    __tablename__ = "coordination_link"
    __table_args__ = (
        sa.UniqueConstraint("pair_low_id", "pair_high_id"),
        sa.CheckConstraint("initiative_a_id <> initiative_b_id", name="two_initiatives"),
        sa.CheckConstraint("pair_low_id < pair_high_id", name="pair_sorted"),
    )

    initiative_a_id: Mapped[int] = fk("initiative.id", ondelete="CASCADE")
    initiative_b_id: Mapped[int] = fk("initiative.id", ondelete="CASCADE")
    pair_low_id: Mapped[int]
    pair_high_id: Mapped[int]
    kind: Mapped[str] = mapped_column(enum(*LINK_KINDS, name="kind"))
    status: Mapped[str] = mapped_column(enum(*LINK_STATUSES, name="status"), default="proposed")
    proposed_by_id: Mapped[int | None] = fk("user_account.id", nullable=True, ondelete="SET NULL")
    # The organisation that proposed: the other sponsor (or a coordinator) decides.
    proposer_organisation_id: Mapped[int | None] = fk(
        "organisation.id", nullable=True, ondelete="SET NULL"
    )
    # SPEC 2: a coordinator's proposal is answered once by each sponsor (`answer_a` for
    # initiative A's sponsor, `answer_b` for B's); the API shows them as `answers`.
    proposed_by: Mapped[str] = mapped_column(
        enum(*LINK_PROPOSERS, name="proposed_by"), default="sponsor", server_default="sponsor"
    )
    answer_a: Mapped[str | None] = mapped_column(enum(*LINK_ANSWERS, name="answer_a"))
    answer_b: Mapped[str | None] = mapped_column(enum(*LINK_ANSWERS, name="answer_b"))
    decided_by_id: Mapped[int | None] = fk("user_account.id", nullable=True, ondelete="SET NULL")
    decided_at: Mapped[datetime | None]
    # Read-only: the answers are kept by sponsor, whose ids the initiatives hold.
    initiative_a: Mapped[Initiative] = relationship(foreign_keys=[initiative_a_id], viewonly=True)
    initiative_b: Mapped[Initiative] = relationship(foreign_keys=[initiative_b_id], viewonly=True)
