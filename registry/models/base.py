"""Declarative base, naming convention, UTC timestamps and column helpers shared by all models."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    """Return the current time, timezone-aware in UTC (called per row, never at import)."""
    return datetime.now(UTC)


class UTCDateTime(sa.TypeDecorator[datetime]):
    """A timestamp stored in UTC and always read back timezone-aware.

    SQLite keeps no zone, so values are normalised to UTC on the way in and tagged
    as UTC on the way out; PostgreSQL stores them as timestamptz.
    """

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored; use registry.models.base.utcnow()")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    """Base of every model; its metadata names constraints so migrations can refer to them."""

    metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UTCDateTime()}  # noqa: RUF012


class Timestamped:
    """Adds id, created_at and updated_at."""

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Versioned(Timestamped):
    """An editable record: SQLAlchemy bumps `version` on every UPDATE and refuses a stale one."""

    version: Mapped[int] = mapped_column(default=1)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"version_id_col": cls.version}


def enum(*values: str, name: str) -> sa.Enum:
    """Return a string column type limited to `values` by a named CHECK constraint."""
    return sa.Enum(
        *values,
        name=name,
        native_enum=False,
        create_constraint=True,
        validate_strings=True,
        length=max(len(value) for value in values),
    )


def fk(target: str, *, nullable: bool = False, ondelete: str | None = None, **kw: Any) -> Any:
    """Return a foreign-key column with an index, as every reference here is queried."""
    return mapped_column(
        sa.ForeignKey(target, ondelete=ondelete), nullable=nullable, index=True, **kw
    )


def association(name: str, left: str, right: str) -> sa.Table:
    """Return an association table for a list of ids, e.g. an initiative's `issue_ids`."""
    left_table, _, _ = left.partition(".")
    right_table, _, _ = right.partition(".")
    return sa.Table(
        name,
        Base.metadata,
        sa.Column(
            f"{left_table}_id",
            sa.ForeignKey(left, ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column(
            f"{right_table}_id",
            sa.ForeignKey(right, ondelete="RESTRICT"),
            primary_key=True,
            index=True,
        ),
    )
