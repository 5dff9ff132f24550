"""The unit of work every public service call runs in, and helpers its private steps share."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import Any, ParamSpec, TypeVar

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from ..database import is_writing, write_intent
from ..errors import Invalid, NotFound, PreconditionFailed
from ..extensions import db
from ..models import Conflict

P = ParamSpec("P")
R = TypeVar("R")
M = TypeVar("M")


def session() -> Session:
    """Return the request's (or command's) database session."""
    return db.session


@contextmanager
def transaction() -> Iterator[Session]:
    """Run one write transaction: commit when the block succeeds, roll back otherwise.

    Nested calls join the outer transaction, so services compose and only the
    outermost public call commits. A read transaction a view left open is ended
    first, so that the write begins with SQLite's write lock (BEGIN IMMEDIATE) and
    reads the latest data.
    """
    current = session()
    if is_writing():
        yield current
        return
    if current.in_transaction():
        if current.new or current.dirty or current.deleted:
            raise RuntimeError("the session holds changes made outside a service")
        # Ending the read with COMMIT (not ROLLBACK) keeps what the view already loaded:
        # the session does not expire on commit, while a rollback would expire it all.
        current.commit()
    with write_intent():
        try:
            yield current
            current.commit()
        except IntegrityError as error:
            current.rollback()
            raise integrity_error(error) from None
        except StaleDataError:
            current.rollback()
            raise PreconditionFailed() from None
        except BaseException:
            current.rollback()
            raise


def service(function: Callable[P, R]) -> Callable[P, R]:
    """Make a function a public service call: one transaction, committed on success."""

    @wraps(function)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        with transaction():
            return function(*args, **kwargs)

    return run


_SQLITE_UNIQUE = re.compile(r"UNIQUE constraint failed: ([\w.]+(?:, [\w.]+)*)")
_PG_KEY = re.compile(r"Key \(([\w, ]+)\)=")


def integrity_error(error: IntegrityError) -> Invalid:
    """Translate a constraint the database enforced into a 422 naming the field."""
    text = str(error.orig)
    fields: list[str] = []
    if match := _SQLITE_UNIQUE.search(text):
        fields = [column.split(".")[-1] for column in match.group(1).split(", ")]
    elif match := _PG_KEY.search(text):
        fields = [column.strip() for column in match.group(1).split(",")]
    if fields:
        field = next((name for name in reversed(fields) if not name.endswith("_id")), fields[-1])
        return Invalid.field(field, "This value is already taken.")
    return Invalid.field("_schema", "The data breaks an integrity rule of the registry.")


def get_or_404(model: type[M], object_id: int | None) -> M:
    """Return the record with this id, or raise NotFound."""
    record = session().get(model, object_id) if object_id is not None else None
    if record is None:
        raise NotFound()
    return record


def check_version(record: Any, expected: int | None) -> None:
    """Refuse an update made against an older version of the record (412)."""
    if expected is not None and int(expected) != record.version:
        raise PreconditionFailed()


def touch_conflicts(conflict_ids: Iterable[int] | None = None) -> None:
    """Mark conflicts' stored findings as stale (all conflicts when ids is None).

    A Core UPDATE, so the conflicts' own `version` (their optimistic lock) stays.
    """
    statement = sa.update(Conflict).values(data_version=Conflict.data_version + 1)
    if conflict_ids is not None:
        ids = sorted(set(conflict_ids))
        if not ids:
            return
        statement = statement.where(Conflict.id.in_(ids))
    session().execute(statement, execution_options={"synchronize_session": False})
