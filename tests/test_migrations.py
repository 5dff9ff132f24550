"""Migrations: one head, a clean upgrade from an empty database, agreement with the models."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask

from registry.config import normalise_database_url
from registry.extensions import alembic, db
from registry.models import Base
from tests.conftest import make_app


def _postgres_url() -> str | None:
    """Return the PostgreSQL test URL when the suite runs on PostgreSQL."""
    url = os.environ.get("REGISTRY_TEST_DATABASE_URL", "")
    return url if url.startswith(("postgresql", "postgres:")) else None


ENGINES = [
    "sqlite",
    pytest.param(
        "postgresql",
        marks=pytest.mark.skipif(
            _postgres_url() is None, reason="REGISTRY_TEST_DATABASE_URL is not PostgreSQL"
        ),
    ),
]


@contextmanager
def _fresh_postgres_database(url: str) -> Iterator[str]:
    """Create an empty database with a random name next to the test one; drop it afterwards."""
    server = sa.make_url(normalise_database_url(url))
    name = f"registry_migrations_{uuid.uuid4().hex[:12]}"
    maintenance = sa.create_engine(server.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with maintenance.connect() as connection:
            connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with maintenance.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        maintenance.dispose()


@contextmanager
def _empty_database(engine: str, tmp_path: Path) -> Iterator[str]:
    if engine == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.sqlite'}"
    else:
        with _fresh_postgres_database(_postgres_url() or "") as url:
            yield url


@pytest.fixture(params=ENGINES)
def empty_app(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Flask]:
    """Return an app, inside its context, on a database that has never been migrated."""
    with _empty_database(request.param, tmp_path) as url:
        app = make_app(url, tmp_path / "instance")
        with app.app_context():
            yield app
            db.session.rollback()
            db.engine.dispose()


def _application_tables() -> set[str]:
    return set(sa.inspect(db.engine).get_table_names()) - {"alembic_version"}


def _head_ids() -> set[str]:
    return {script.revision for script in alembic.heads()}


def _current_ids() -> set[str]:
    return {script.revision for script in alembic.current() if script is not None}


def test_migrations_have_exactly_one_head(app: Flask) -> None:
    assert len(alembic.heads()) == 1


def test_empty_database_starts_without_tables_or_revision(empty_app: Flask) -> None:
    assert _application_tables() == set()
    assert _current_ids() == set()


def test_upgrade_on_empty_database_reaches_the_head(empty_app: Flask) -> None:
    alembic.upgrade()

    assert _current_ids() == _head_ids()


def test_upgrade_on_empty_database_creates_every_model_table(empty_app: Flask) -> None:
    alembic.upgrade()

    assert _application_tables() == set(Base.metadata.tables)


def test_models_and_migrations_agree(empty_app: Flask) -> None:
    alembic.upgrade()

    assert alembic.compare_metadata() == []


def test_downgrade_to_base_removes_every_table(empty_app: Flask) -> None:
    alembic.upgrade()

    alembic.downgrade("base")

    assert _application_tables() == set()
    assert _current_ids() == set()


def test_upgrade_after_downgrade_to_base_rebuilds_the_same_schema(empty_app: Flask) -> None:
    alembic.upgrade()
    alembic.downgrade("base")

    alembic.upgrade()

    assert _current_ids() == _head_ids()
    assert alembic.compare_metadata() == []


def test_shared_test_database_is_at_the_head(app: Flask) -> None:
    assert _current_ids() == _head_ids()
