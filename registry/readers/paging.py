"""A reader's SELECT as a listing a view pages: counted and cut in the database, then shaped.

The view never holds the SELECT: it asks for `count()` and one `page(offset, limit)`,
and gets back the values the reader's `shape` makes of that page's rows.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

import sqlalchemy as sa

from ..extensions import db

R = TypeVar("R")
T = TypeVar("T", covariant=True)  # a listing of lines is a listing of any of their unions
Row = TypeVar("Row")
Value = TypeVar("Value")


@dataclass(frozen=True, slots=True)
class Listing(Generic[R, T]):
    """A policy-filtered SELECT of records and the function that shapes a page of them."""

    statement: sa.Select[R]
    shape: Callable[[Sequence[R]], Sequence[T]]

    def count(self) -> int:
        """Return how many records the SELECT holds."""
        statement = self.statement.order_by(None)
        counted = sa.select(sa.func.count()).select_from(statement.subquery())
        return db.session.scalar(counted) or 0

    def page(self, offset: int, limit: int) -> list[T]:
        """Return the shaped records of one page."""
        rows = db.session.scalars(self.statement.limit(limit).offset(offset)).all()
        return list(self.shape(rows))

    def window(self, offset: int, limit: int) -> tuple[list[T], int | None]:
        """Return one page's values and the total, in one query where one can tell it.

        Each row carries the total (`count(*) OVER ()`), so a page costs one round trip.
        The total is None (ask `count()`) past the end, where no row carries it, and
        under DISTINCT or GROUP BY, where a window would count something else than rows.
        """
        statement = self.statement.limit(limit).offset(offset)
        if getattr(statement, "_distinct", False) or statement._group_by_clauses:
            return self.page(offset, limit), None
        counted = statement.add_columns(sa.func.count().over().label("total_rows"))
        rows = db.session.execute(counted).all()
        total = int(rows[0][-1]) if rows else (0 if offset == 0 else None)
        return list(self.shape([row[0] for row in rows])), total


def each(shape: Callable[[Row], Value]) -> Callable[[Sequence[Row]], list[Value]]:
    """Shape a page record by record."""
    return lambda rows: [shape(row) for row in rows]
