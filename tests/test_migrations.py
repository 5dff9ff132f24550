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
from tests.helpers import make_app


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


# Values for the NOT NULL columns of the rows below, where a plain "x" would not do.
_CHOSEN = {"kind": "ngo", "role": "viewer", "track_one_status": "none"}
_CHOSEN |= {"escalation_stage": "discussion", "email": "kept@example.org"}


def _insert(table: str) -> None:
    """Insert one row (id 1) filling each required column of the table as it is now."""
    row: dict[str, object] = {}
    for column in sa.inspect(db.engine).get_columns(table):
        name, kind = column["name"], str(column["type"]).upper()
        if column["nullable"] or column.get("default") is not None:
            continue
        if name in _CHOSEN:
            row[name] = _CHOSEN[name]
        elif name == "id" or name.endswith("_id") or "INT" in kind:
            row[name] = 1
        elif "BOOL" in kind:
            row[name] = False
        elif "TIME" in kind or "DATE" in kind:
            row[name] = "2026-01-01 00:00:00"
        elif "JSON" in kind:
            row[name] = "[]"
        else:
            row[name] = "x"
    target = sa.table(table, *(sa.column(name) for name in row))
    with db.engine.begin() as connection:
        connection.execute(target.insert().values(**row))


def test_upgrading_keeps_the_coordinators_of_conflicts(empty_app: Flask) -> None:
    # On SQLite a batch that recreates user_account drops the old table with foreign keys
    # on, and the cascade deleted every coordinator assignment.
    alembic.upgrade("0003")
    for table in ("organisation", "user_account", "conflict", "conflict_coordinator"):
        _insert(table)

    alembic.upgrade()

    with db.engine.connect() as connection:
        assert connection.scalar(sa.text("SELECT count(*) FROM conflict_coordinator")) == 1
