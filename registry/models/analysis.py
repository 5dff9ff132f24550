"""Stored analysis runs and the findings they keep up to date."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, Timestamped, enum, fk
from .enums import FINDING_CODES, FINDING_STATUSES, SEVERITIES


class AnalysisRun(Timestamped, Base):
    """One evaluation of a conflict's rules, with the data version it saw."""

    __tablename__ = "analysis_run"

    conflict_id: Mapped[int] = fk("conflict.id", ondelete="CASCADE")
    as_of: Mapped[date]
    data_version: Mapped[int]
    started_at: Mapped[datetime]
    duration_ms: Mapped[int]
    parameters: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    metrics: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)


class Finding(Timestamped, Base):
    """An overlap, gap or coordination conflict, kept by its stable key across runs.

    `version` changes only with triage (a run never changes it), so it is kept by
    hand rather than by SQLAlchemy's version counter.
    """

    __tablename__ = "finding"
    __table_args__ = (sa.UniqueConstraint("conflict_id", "key"),)

    conflict_id: Mapped[int] = fk("conflict.id", ondelete="CASCADE")
    code: Mapped[str] = mapped_column(enum(*FINDING_CODES, name="code"))
    severity: Mapped[str] = mapped_column(enum(*SEVERITIES, name="severity"))
    key: Mapped[str] = mapped_column(sa.String(400))
    initiative_ids: Mapped[list[int]] = mapped_column(sa.JSON, default=list)
    party_ids: Mapped[list[int]] = mapped_column(sa.JSON, default=list)
    issue_ids: Mapped[list[int]] = mapped_column(sa.JSON, default=list)
    region_ids: Mapped[list[int]] = mapped_column(sa.JSON, default=list)
    track_one_body_ids: Mapped[list[int]] = mapped_column(sa.JSON, default=list)
    organisation_ids: Mapped[list[int]] = mapped_column(sa.JSON, default=list)
    person_refs: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    round_ids: Mapped[list[int]] = mapped_column(sa.JSON, default=list)
    message: Mapped[str] = mapped_column(sa.Text)
    evidence: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    status: Mapped[str] = mapped_column(enum(*FINDING_STATUSES, name="status"), default="open")
    status_reason: Mapped[str | None] = mapped_column(sa.Text)
    first_seen_at: Mapped[datetime]
    last_seen_at: Mapped[datetime]
    version: Mapped[int] = mapped_column(default=1)
