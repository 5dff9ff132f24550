"""Act as the database's owner on the append-only audit table: tests that tamper or clean up."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa

SQLITE_TRIGGERS = (
    "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_event'"
)


@contextmanager
def audit_rewritable(connection: sa.Connection) -> Iterator[None]:
    """Switch audit_event's append-only triggers off inside the block (the owner's power)."""
    if connection.dialect.name == "postgresql":
        connection.execute(sa.text("ALTER TABLE audit_event DISABLE TRIGGER USER"))
        try:
            yield
        finally:
            connection.execute(sa.text("ALTER TABLE audit_event ENABLE TRIGGER USER"))
        return
    triggers = connection.execute(sa.text(SQLITE_TRIGGERS)).all()
    for name, _ in triggers:
        connection.execute(sa.text(f'DROP TRIGGER "{name}"'))
    try:
        yield
    finally:
        for _, sql in triggers:
            connection.execute(sa.text(sql))
