"""Initiatives and the lists of ids they hold (funders, issues, regions)."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, Versioned, association, enum, fk
from .conflict import Issue, Region
from .enums import CONFIDENTIALITY_LEVELS, INITIATIVE_STATUSES, METHODS, MODES, TRACKS
from .organisation import Organisation

initiative_funder = association("initiative_funder", "initiative.id", "organisation.id")
initiative_issue = association("initiative_issue", "initiative.id", "issue.id")
initiative_region = association("initiative_region", "initiative.id", "region.id")


class Initiative(Versioned, Base):
    """A Track Two (or 1.5, or 3) initiative, owned by its sponsor organisation."""

    __tablename__ = "initiative"
    __table_args__ = (
        sa.UniqueConstraint("sponsor_id", "external_id"),
        sa.CheckConstraint(
            "start_date IS NULL OR end_date IS NULL OR start_date <= end_date",
            name="dates_in_order",
        ),
        sa.Index("ix_initiative_conflict_id_confidentiality", "conflict_id", "confidentiality"),
    )

    conflict_id: Mapped[int] = fk("conflict.id", ondelete="RESTRICT")
    title: Mapped[str] = mapped_column(sa.String(300))
    summary: Mapped[str | None] = mapped_column(sa.Text)
    sponsor_id: Mapped[int] = fk("organisation.id", ondelete="RESTRICT")
    track: Mapped[str] = mapped_column(enum(*TRACKS, name="track"))
    mode: Mapped[str] = mapped_column(enum(*MODES, name="mode"))
    method: Mapped[str] = mapped_column(enum(*METHODS, name="method"))
    status: Mapped[str] = mapped_column(enum(*INITIATIVE_STATUSES, name="status"))
    start_date: Mapped[date | None]
    end_date: Mapped[date | None]
    intra_party: Mapped[bool] = mapped_column(default=False)
    confidentiality: Mapped[str] = mapped_column(
        enum(*CONFIDENTIALITY_LEVELS, name="confidentiality"), default="registry"
    )
    external_id: Mapped[str | None] = mapped_column(sa.String(120))

    funders: Mapped[list[Organisation]] = relationship(
        secondary=initiative_funder, order_by=Organisation.id
    )
    issues: Mapped[list[Issue]] = relationship(secondary=initiative_issue, order_by=Issue.id)
    regions: Mapped[list[Region]] = relationship(secondary=initiative_region, order_by=Region.id)

    @property
    def funder_ids(self) -> list[int]:
        return [funder.id for funder in self.funders]

    @property
    def issue_ids(self) -> list[int]:
        return [issue.id for issue in self.issues]

    @property
    def region_ids(self) -> list[int]:
        return [region.id for region in self.regions]
