"""API tokens and requests to reveal a participant's name."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, Timestamped, Versioned, enum, fk

REVEAL_STATUSES = ("pending", "approved", "refused")


class ApiToken(Timestamped, Base):
    """A bearer token; only its SHA-256 digest is stored."""

    __tablename__ = "api_token"

    user_id: Mapped[int] = fk("user_account.id", ondelete="CASCADE")
    digest: Mapped[str] = mapped_column(sa.String(64), unique=True)
    label: Mapped[str] = mapped_column(sa.String(120))
    expires_at: Mapped[datetime]
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]


class RevealRequest(Versioned, Base):
    """A coordinator's request to read a pseudonymous person's name, and its answer."""

    __tablename__ = "reveal_request"

    person_id: Mapped[int] = fk("person.id", ondelete="CASCADE")
    requested_by_id: Mapped[int] = fk("user_account.id", ondelete="CASCADE")
    conflict_id: Mapped[int] = fk("conflict.id", ondelete="CASCADE")
    reason: Mapped[str] = mapped_column(sa.Text)
    status: Mapped[str] = mapped_column(enum(*REVEAL_STATUSES, name="status"), default="pending")
    decided_by_id: Mapped[int | None] = fk("user_account.id", nullable=True, ondelete="SET NULL")
    decided_at: Mapped[datetime | None]
    decision_note: Mapped[str | None] = mapped_column(sa.Text)
    expires_at: Mapped[datetime | None]


class IdempotencyRecord(Base):
    """The outcome of a POST sent with an Idempotency-Key: status and object id, never a body."""

    __tablename__ = "idempotency_record"
    __table_args__ = (sa.UniqueConstraint("user_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = fk("user_account.id", ondelete="CASCADE")
    key: Mapped[str] = mapped_column(sa.String(200))
    request_hash: Mapped[str] = mapped_column(sa.String(64))
    status_code: Mapped[int]
    object_id: Mapped[int | None]
    created_at: Mapped[datetime]
