"""Read what the database holds now, after requests committed on their own sessions."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import sqlalchemy as sa

from registry.extensions import db
from registry.models import Base, Conflict, Finding, Initiative

M = TypeVar("M")


def refreshed() -> None:
    """End the test's read transaction and forget loaded records, to read what is committed."""
    db.session.rollback()
    db.session.expire_all()  # the session keeps what it loaded across commits


def stored(model: type[M], record_id: int) -> M | None:
    """Return a record as the database holds it now (None once deleted)."""
    refreshed()
    return db.session.get(model, record_id)


def count(model: type[Any]) -> int:
    """Count a model's rows as committed now."""
    db.session.rollback()
    return db.session.scalar(sa.select(sa.func.count()).select_from(model)) or 0


def row_counts() -> dict[str, Any]:
    """Count the rows of every table and list every conflict's data version.

    Taken before and after a refused call, it shows that the call changed nothing.
    """
    counts: dict[str, Any] = {
        table.name: db.session.scalar(sa.select(sa.func.count()).select_from(table))
        for table in Base.metadata.sorted_tables
    }
    counts["conflict.data_version"] = db.session.execute(
        sa.select(Conflict.id, Conflict.data_version, Conflict.version).order_by(Conflict.id)
    ).all()
    return counts


def stored_finding(code: str) -> Finding:
    """Return the one stored finding of a code, read afresh (requests commit on their own)."""
    db.session.rollback()
    return db.session.scalars(sa.select(Finding).filter_by(code=code)).one()


def initiative_titles() -> list[str]:
    """Return the titles of every stored initiative, sorted, as committed now."""
    db.session.rollback()
    return sorted(db.session.scalars(sa.select(Initiative.title)))


@contextmanager
def counted() -> Iterator[list[str]]:
    """Collect the SQL statements the block sends to the database."""
    seen: list[str] = []

    def remember(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", remember)
    try:
        yield seen
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", remember)
