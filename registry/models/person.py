"""Participant identities, owned by the organisation that registered them."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, Versioned, enum, fk
from .enums import GENDERS, IDENTITY_VISIBILITIES, SECTORS


class Person(Versioned, Base):
    """A participant. Names are stored only encrypted, with a keyed fingerprint for matching."""

    __tablename__ = "person"
    __table_args__ = (
        sa.UniqueConstraint("organisation_id", "alias"),
        sa.CheckConstraint("proximity BETWEEN 0 AND 3", name="proximity_range"),
        sa.CheckConstraint(
            "birth_year IS NULL OR birth_year BETWEEN 1900 AND 2100", name="birth_year_range"
        ),
    )

    organisation_id: Mapped[int] = fk("organisation.id", ondelete="RESTRICT")
    full_name_encrypted: Mapped[str] = mapped_column(sa.Text)
    name_fingerprint: Mapped[str] = mapped_column(sa.String(80), index=True)
    alias: Mapped[str] = mapped_column(sa.String(120))
    birth_year: Mapped[int | None]
    gender: Mapped[str] = mapped_column(enum(*GENDERS, name="gender"))
    sector: Mapped[str] = mapped_column(enum(*SECTORS, name="sector"))
    proximity: Mapped[int]
    designated_affiliation_encrypted: Mapped[str | None] = mapped_column(sa.Text)
    affiliation_fingerprint: Mapped[str | None] = mapped_column(sa.String(80), index=True)
    identity_visibility: Mapped[str] = mapped_column(
        enum(*IDENTITY_VISIBILITIES, name="identity_visibility"), default="pseudonymous"
    )
    # When `flask registry purge` erased the name (the record and its alias stay for statistics).
    erased_at: Mapped[datetime | None]
