"""Organisations, their users and the coordinators of conflicts."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, Timestamped, Versioned, enum, fk
from .enums import ORGANISATION_KINDS, ROLES


class Organisation(Versioned, Base):
    """An NGO, donor, coordination body or other organisation."""

    __tablename__ = "organisation"

    name: Mapped[str] = mapped_column(sa.String(200), unique=True)
    kind: Mapped[str] = mapped_column(enum(*ORGANISATION_KINDS, name="kind"))
    country: Mapped[str | None] = mapped_column(sa.String(2))
    jurisdictions: Mapped[list[str]] = mapped_column(sa.JSON, default=list)

    users: Mapped[list[User]] = relationship(back_populates="organisation")


class User(UserMixin, Versioned, Base):  # type: ignore[misc]  # flask-login has no hints
    """A person who signs in; `role` is what they may do within their organisation."""

    __tablename__ = "user_account"

    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    display_name: Mapped[str] = mapped_column(sa.String(200))
    organisation_id: Mapped[int] = fk("organisation.id")
    role: Mapped[str] = mapped_column(enum(*ROLES, name="role"))
    password_hash: Mapped[str | None] = mapped_column(sa.String(255))
    is_active: Mapped[bool] = mapped_column(default=True)
    # Raised to end every session of the user (sign-out everywhere, password change).
    session_generation: Mapped[int] = mapped_column(default=0)
    last_sign_in_at: Mapped[datetime | None]
    # Set by an admin's password reset: the one-time password must be changed before anything else.
    must_change_password: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    # Two-factor sign-in (TOTP): the secrets are encrypted with the data key, and the
    # last accepted time step makes every code single-use.
    totp_secret: Mapped[str | None] = mapped_column(sa.String(255))
    totp_pending_secret: Mapped[str | None] = mapped_column(sa.String(255))
    totp_last_step: Mapped[int | None] = mapped_column(sa.BigInteger)
    totp_enrolled_at: Mapped[datetime | None]

    organisation: Mapped[Organisation] = relationship(back_populates="users")
    coordinated: Mapped[list[ConflictCoordinator]] = relationship(
        back_populates="user", cascade="all, delete-orphan"
    )

    is_system = False

    @property
    def has_two_factor(self) -> bool:
        """Tell whether the user signs in with a two-factor code."""
        return self.totp_secret is not None

    def get_id(self) -> str:
        """Return the session's reference to the user, which a revocation invalidates."""
        return f"{self.id}:{self.session_generation}"

    @property
    def coordinated_conflict_ids(self) -> frozenset[int]:
        """Return the ids of the conflicts this user coordinates."""
        return frozenset(link.conflict_id for link in self.coordinated)

    @property
    def focal_body_ids(self) -> frozenset[int]:
        """Return the ids of the Track One bodies this user is a focal point of."""
        # The table by name: models/calendar.py imports this module, so importing it back
        # would close an import cycle.
        focal_point = Base.metadata.tables["focal_point"]
        session = sa.orm.object_session(self)
        if session is None or self.id is None:
            return frozenset()
        statement = sa.select(focal_point.c.track_one_body_id).where(
            focal_point.c.user_id == self.id
        )
        return frozenset(session.scalars(statement))


class ConflictCoordinator(Timestamped, Base):
    """Assigns a user as coordinator of one conflict."""

    __tablename__ = "conflict_coordinator"
    __table_args__ = (sa.UniqueConstraint("user_id", "conflict_id"),)

    user_id: Mapped[int] = fk("user_account.id", ondelete="CASCADE")
    conflict_id: Mapped[int] = fk("conflict.id", ondelete="CASCADE")

    user: Mapped[User] = relationship(back_populates="coordinated")


class RecoveryCode(Timestamped, Base):
    """A single-use two-factor recovery code; only its SHA-256 digest is stored."""

    __tablename__ = "recovery_code"
    __table_args__ = (sa.UniqueConstraint("user_id", "digest"),)

    user_id: Mapped[int] = fk("user_account.id", ondelete="CASCADE")
    digest: Mapped[str] = mapped_column(sa.String(64))
    used_at: Mapped[datetime | None]
