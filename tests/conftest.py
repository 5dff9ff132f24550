"""Fixtures: a testing app on a clean, migrated database (SQLite file or PostgreSQL)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.globals import _cv_app
from flask.testing import FlaskClient

from registry import create_app
from registry.extensions import alembic, db, limiter
from registry.keyring import new_key
from registry.models import Base
from registry.policy import SystemActor
from registry.readers import coverage as coverage_reader
from registry.readers.findings import clear_cache
from tests.audit_owner import audit_rewritable

SYSTEM = SystemActor(label="system:tests")


class IsolatedClient(FlaskClient):
    """A test client whose requests run in their own app context, as in production.

    The `app` fixture keeps an app context open for the test's own service calls;
    without this, requests would share its `g` (and Flask-Login's cached user) and
    its database session.
    """

    def open(self, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        token = _cv_app.set(None)  # type: ignore[arg-type]
        try:
            return super().open(*args, **kwargs)
        finally:
            _cv_app.reset(token)


TEST_KEYS = {"SECRET_KEY": new_key(), "DATA_KEY": new_key(), "MATCH_KEY": new_key()}


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """Return the test database: REGISTRY_TEST_DATABASE_URL, or a SQLite file."""
    url = os.environ.get("REGISTRY_TEST_DATABASE_URL")
    if url:
        return url
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'registry.sqlite'}"


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


@pytest.fixture(scope="session")
def migrated(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    """Build the schema once per session with the migrations, from an empty database."""
    app = make_app(database_url, tmp_path_factory.mktemp("instance"))
    with app.app_context():
        with db.engine.begin() as connection:
            Base.metadata.drop_all(connection)
            connection.execute(sa.text("DROP TABLE IF EXISTS alembic_version"))
        alembic.upgrade()
        db.engine.dispose()
    return database_url


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


@pytest.fixture(scope="session")
def shared_app(migrated: str, tmp_path_factory: pytest.TempPathFactory) -> Flask:
    """Build the testing app once: registering the API's documentation takes ~0.2 s."""
    app = make_app(migrated, tmp_path_factory.mktemp("instance"))
    app.test_client_class = IsolatedClient
    return app


@pytest.fixture
def app(shared_app: Flask) -> Iterator[Flask]:
    """Return the testing app on a clean database, with fresh rate-limit counts.

    Tests that need other settings build their own app with make_app().
    """
    config = dict(shared_app.config)
    with shared_app.app_context():
        truncate_all()
        limiter.reset()
        clear_cache()
        coverage_reader.clear_cache()
        yield shared_app
        db.session.rollback()
    shared_app.config.clear()
    shared_app.config.update(config)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """Return a test client of the app."""
    return app.test_client()


@pytest.fixture
def system() -> SystemActor:
    """Return the trusted system actor the CLI and the demo use."""
    return SYSTEM
