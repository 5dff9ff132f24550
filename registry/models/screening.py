"""The designated-entities list used for legal screening."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, Versioned


class DesignatedEntity(Versioned, Base):
    """An entity on a sanctions or terrorism list, with the jurisdictions that list it."""

    __tablename__ = "designated_entity"
    __table_args__ = (sa.UniqueConstraint("list_name", "name"),)

    name: Mapped[str] = mapped_column(sa.String(300))
    aliases: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    list_name: Mapped[str] = mapped_column(sa.String(200))
    jurisdictions: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
