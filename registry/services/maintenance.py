"""Operational checks: is the database reachable and its schema at the migrations' head."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from ..extensions import alembic
from .unit import session


def schema_state() -> dict[str, Any]:
    """Return {"status": "ready" | "unavailable" | "migrations_pending"} for /readyz."""
    try:
        session().execute(sa.text("SELECT 1"))
        current = {revision.revision for revision in alembic.current() if revision is not None}
        heads = {revision.revision for revision in alembic.heads()}
    except Exception:
        session().rollback()
        return {"status": "unavailable"}
    finally:
        if session().in_transaction():
            session().rollback()
    return {"status": "ready" if current == heads else "migrations_pending"}


def is_empty() -> bool:
    """Tell whether the database holds no organisation yet (a fresh install)."""
    from ..models import Organisation

    return session().scalar(sa.select(sa.func.count()).select_from(Organisation)) == 0
