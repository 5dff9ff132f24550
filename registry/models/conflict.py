"""Conflicts and their reference data: parties, issues, regions and Track One bodies."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, Versioned, enum, fk
from .enums import ESCALATION_STAGES, PARTY_KINDS, TRACK_ONE_BODY_KINDS, TRACK_ONE_STATUSES


class Conflict(Versioned, Base):
    """A conflict on which initiatives are registered and analysed together."""

    __tablename__ = "conflict"

    slug: Mapped[str] = mapped_column(sa.String(80), unique=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    summary: Mapped[str | None] = mapped_column(sa.Text)
    countries: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    track_one_status: Mapped[str] = mapped_column(
        enum(*TRACK_ONE_STATUSES, name="track_one_status")
    )
    escalation_stage: Mapped[str] = mapped_column(enum(*ESCALATION_STAGES, name="escalation_stage"))
    # Raised by every write that can change the conflict's findings (not by edits
    # of the conflict itself through the ORM, which raise `version`).
    data_version: Mapped[int] = mapped_column(default=1)


class _ReferenceData(Versioned):
    """A record that belongs to one conflict and is named uniquely within it."""

    conflict_id: Mapped[int] = fk("conflict.id", ondelete="CASCADE")
    name: Mapped[str] = mapped_column(sa.String(200))

    @sa.orm.declared_attr.directive
    def __table_args__(cls) -> tuple[sa.UniqueConstraint, ...]:
        return (sa.UniqueConstraint("conflict_id", "name"),)


class Party(_ReferenceData, Base):
    """A party to the conflict."""

    __tablename__ = "party"

    kind: Mapped[str] = mapped_column(enum(*PARTY_KINDS, name="kind"))
    potential_spoiler: Mapped[bool] = mapped_column(default=False)


class Issue(_ReferenceData, Base):
    """An issue in dispute."""

    __tablename__ = "issue"

    description: Mapped[str | None] = mapped_column(sa.Text)
    on_track_one_agenda: Mapped[bool] = mapped_column(default=False)


class Region(_ReferenceData, Base):
    """A region affected by the conflict."""

    __tablename__ = "region"


class TrackOneBody(_ReferenceData, Base):
    """An official recipient of Track Two output; no party means joint or third-party."""

    __tablename__ = "track_one_body"

    kind: Mapped[str] = mapped_column(enum(*TRACK_ONE_BODY_KINDS, name="kind"))
    party_id: Mapped[int | None] = fk("party.id", nullable=True, ondelete="RESTRICT")
