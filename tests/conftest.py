"""Fixtures: a testing app on a clean, migrated database (SQLite file or PostgreSQL)."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from registry.extensions import alembic, db, limiter
from registry.models import Base
from registry.policy import SystemActor
from registry.readers import coverage as coverage_reader
from registry.readers.findings import clear_cache
from tests.helpers import SYSTEM, IsolatedClient, make_app, truncate_all


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """Return the test database: REGISTRY_TEST_DATABASE_URL, or a SQLite file."""
    url = os.environ.get("REGISTRY_TEST_DATABASE_URL")
    if url:
        return url
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'registry.sqlite'}"


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
