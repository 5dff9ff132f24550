"""End a failed request's work: the edge calls this before it answers with an error."""

from __future__ import annotations

from sqlalchemy import exc as database_errors

from .unit import session

# The database is down, restarting or unreachable: the edge answers a 503 to retry, never
# a 500. Named here so that views and error handlers never import SQLAlchemy.
DATABASE_DOWN = (database_errors.OperationalError, database_errors.InterfaceError)


def abandon() -> None:
    """Roll back whatever the failed request left in the session, keeping nothing of it."""
    session().rollback()
