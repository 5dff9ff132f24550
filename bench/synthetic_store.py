"""Writing a synthetic conflict's rows straight into the tables, and reading its snapshot."""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from flask import Flask
from synthetic_rows import Generator, Plan
from synthetic_world import ID_TABLES, TABLE_ORDER


@dataclass
class Stored:
    """A synthetic conflict in its database: its plan, row counts, timings, and its loader."""

    plan: Plan
    counts: dict[str, int]
    generate_s: float
    store_s: float
    load: Callable[[], Any]  # the coordinators' snapshot, read with a cold session


@contextmanager
def stored_conflict(initiatives: int, seed: int, database_url: str | None) -> Iterator[Stored]:
    """Generate a conflict, write it to a migrated database and keep the app open on it.

    The database is a new SQLite file in a temporary folder unless `database_url` is given.
    """
    from registry.extensions import alembic, db
    from registry.identity import fingerprint, match_ring
    from registry.models import Conflict
    from registry.readers import snapshots

    with tempfile.TemporaryDirectory() as folder:
        app = build_app(Path(folder), database_url)
        with app.app_context():
            alembic.upgrade()
            ring = match_ring()
            started = time.perf_counter()
            with db.engine.begin() as connection:
                generator = Generator(
                    initiatives, seed, first_ids(connection), lambda n: fingerprint(ring, n)
                )
                plan = generator.generate()
                generate_s = time.perf_counter() - started
                counts = store(plan, connection)
            store_s = time.perf_counter() - started - generate_s

            def load() -> Any:
                db.session.close()  # a cold session each time, as a request would have
                return snapshots.build(db.session.get(Conflict, plan.conflict_id))

            try:
                yield Stored(plan, counts, generate_s, store_s, load)
            finally:
                db.session.close()
                db.engine.dispose()


def build_app(folder: Path, database_url: str | None) -> Flask:
    """Create a testing app with keys of its own, on the given database or a new SQLite file."""
    from registry import create_app
    from registry.keyring import new_key

    return create_app(
        {
            "ENV": "testing",
            "DATABASE_URL": database_url or f"sqlite:///{folder / 'bench.sqlite'}",
            "INSTANCE_PATH": str(folder / "instance"),
            "SECRET_KEY": new_key(),
            "DATA_KEY": new_key(),
            "MATCH_KEY": new_key(),
        }
    )


def tables() -> dict[str, sa.Table]:
    from registry.models import Base

    return {name: Base.metadata.tables[name] for name in TABLE_ORDER}


def first_ids(connection: sa.Connection) -> dict[str, int]:
    """The next free id of every table, so that a database in use can take a bench conflict."""
    found = tables()
    return {
        name: (connection.scalar(sa.select(sa.func.max(found[name].c.id))) or 0) + 1
        for name in ID_TABLES
    }


def store(plan: Plan, connection: sa.Connection) -> dict[str, int]:
    """Insert every row with one executemany per table; return the row counts."""
    found = tables()
    counts = {}
    for name in TABLE_ORDER:
        rows = plan.rows.get(name, [])
        if rows:
            connection.execute(found[name].insert(), rows)
        counts[name] = len(rows)
    if connection.dialect.name == "postgresql":  # explicit ids leave the sequences behind
        for name in ID_TABLES:
            connection.execute(
                sa.text(
                    f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "  # noqa: S608
                    f"(SELECT max(id) FROM {name}))"
                )
            )
    return counts
