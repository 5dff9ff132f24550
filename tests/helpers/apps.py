"""Testing apps: their settings, a clean database, and apps built with other settings."""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from registry import create_app
from registry.extensions import db, limiter
from registry.keyring import new_key
from registry.models import Base
from registry.policy import SystemActor
from tests.helpers.audit import audit_rewritable

SYSTEM = SystemActor(label="system:tests")
TEST_KEYS = {"SECRET_KEY": new_key(), "DATA_KEY": new_key(), "MATCH_KEY": new_key()}
REDIS_URL = "redis://127.0.0.1:6379/15"


class IsolatedClient(FlaskClient):
    """A test client whose requests run in their own app context, as in production.

    The `app` fixture keeps an app context open for the test's own service calls;
    without this, requests would share its `g` (and Flask-Login's cached user) and
    its database session. Each request runs in a new, empty `contextvars.Context`,
    where no app context is active, so Flask pushes the request's own, as in
    production; no private Flask global is touched.
    """

    def open(self, *args: Any, **kwargs: Any) -> Any:
        return contextvars.Context().run(super().open, *args, **kwargs)


def make_app(database_url: str, instance_path: Path, **overrides: object) -> Flask:
    """Build a testing app on the given database."""
    config = {
        "ENV": "testing",
        "DATABASE_URL": database_url,
        "INSTANCE_PATH": str(instance_path),
        "WTF_CSRF_ENABLED": False,
        **TEST_KEYS,
        **overrides,
    }
    return create_app(config)


def truncate_all() -> None:
    """Empty every table, restarting ids, so each test starts from a clean database."""
    tables = [table.name for table in reversed(Base.metadata.sorted_tables)]
    with db.engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(sa.text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
        else:
            with audit_rewritable(connection):  # SQLite's triggers keep the audit append-only
                for name in tables:
                    connection.execute(sa.text(f"DELETE FROM {name}"))  # noqa: S608 - our tables


@contextmanager
def custom_app(database_url: str, instance_path: Path, **overrides: object) -> Iterator[Flask]:
    """Build a separate testing app (for settings read only at start-up) on a clean database.

    Settings read per request (limits, CSRF) are better set on the `app` fixture's
    config. Building an app rebinds the one global limiter to the new app's store, so
    the store of the shared test app is put back afterwards: later tests must not
    count in this app's store (a Redis one is shared with other processes).
    """
    # Private attributes: flask-limiter offers no public way to rebind its store.
    saved = limiter._storage, limiter._limiter
    app = make_app(database_url, instance_path, **overrides)
    app.test_client_class = IsolatedClient
    try:
        with app.app_context():
            truncate_all()
            try:
                yield app
            finally:
                db.session.rollback()
                db.engine.dispose()
    finally:
        limiter._storage, limiter._limiter = saved


def flush_redis() -> None:
    """Empty the Redis database the rate-limit tests use, or skip when Redis is not running."""
    import redis

    try:
        redis.Redis.from_url(REDIS_URL).flushdb()
    except redis.exceptions.ConnectionError:
        pytest.skip(f"Redis is not reachable at {REDIS_URL}")
