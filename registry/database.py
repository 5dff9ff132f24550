"""Engine tuning: SQLite pragmas and write transactions that wait for the lock."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from contextvars import ContextVar
from typing import Any

import sqlalchemy as sa
from flask import Flask

# Set while a service writes, so that SQLite's BEGIN takes the write lock at once.
_writing: ContextVar[bool] = ContextVar("registry_writing", default=False)


def configure_engine(app: Flask, engine: sa.Engine) -> None:
    """Tune a freshly created engine for its backend."""
    if engine.dialect.name == "sqlite":
        timeout_ms = int(app.config["SQLITE_BUSY_TIMEOUT_MS"])
        _configure_sqlite(engine, timeout_ms)


def _configure_sqlite(engine: sa.Engine, timeout_ms: int) -> None:
    """Foreign keys on, WAL, a busy timeout, and BEGIN IMMEDIATE for writes.

    pysqlite's own transaction handling is switched off so that SQLAlchemy's
    "begin" event emits BEGIN itself: IMMEDIATE when a service is writing, which
    makes concurrent writers wait on the busy timeout instead of failing with
    "database is locked" when a deferred transaction tries to upgrade its lock.
    """

    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {timeout_ms}")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()
        _keep_private(engine.url.database)

    @sa.event.listens_for(engine, "begin")
    def _on_begin(connection: sa.Connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE" if _writing.get() else "BEGIN")


def _keep_private(path: str | None) -> None:
    """Make the SQLite database and its WAL files readable by their owner only (0600)."""
    if not path or path == ":memory:" or path.startswith("file:"):
        return
    for name in (path, f"{path}-wal", f"{path}-shm"):
        with suppress(OSError):  # absent yet, or owned by another account
            if os.path.exists(name) and os.stat(name).st_mode & 0o077:
                os.chmod(name, 0o600)


@contextmanager
def write_intent() -> Iterator[None]:
    """Mark the transactions begun inside this block as writers."""
    token = _writing.set(True)
    try:
        yield
    finally:
        _writing.reset(token)


def is_writing() -> bool:
    """Tell whether a service's write transaction is open in this context."""
    return _writing.get()
