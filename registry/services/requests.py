"""End a failed request's work: the edge calls this before it answers with an error."""

from __future__ import annotations

from .unit import session


def abandon() -> None:
    """Roll back whatever the failed request left in the session, keeping nothing of it."""
    session().rollback()
