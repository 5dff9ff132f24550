"""Back up the whole database to one file and restore it into an empty database.

The file is gzip-compressed JSON, one table after another in dependency order. Names
stay encrypted in it (the keys are not in the file), so a backup is only as readable
as the keys kept beside it. Restoring refuses a database that already holds data,
checks the audit chain afterwards, and moves PostgreSQL's id sequences past the
restored ids.

A backup is one snapshot (one read-only transaction), written to a file only its
owner can read, and ends with its own row counts, which a restore checks.
"""

from __future__ import annotations

import gzip
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

import sqlalchemy as sa

from ..errors import Invalid, PermissionDenied, StateConflict
from ..models import Base
from ..policy import Actor
from . import audit
from .unit import service, session

FORMAT = "track-two-registry-backup"
VERSION = 1


def _encode(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return {"$date": value.isoformat()}
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, dict) and "$date" in value:
        text = value["$date"]
        return datetime.fromisoformat(text) if "T" in text else date.fromisoformat(text)
    return value


def write_backup(actor: Actor, path: Path) -> dict[str, int]:
    """Write every table, as one consistent snapshot, to `path` (mode 0600); return row counts.

    PostgreSQL reads in one SERIALIZABLE READ ONLY DEFERRABLE transaction (a snapshot
    that waits until it can be taken without serialisation anomalies); SQLite in one
    read transaction, whose snapshot WAL keeps while writers continue.
    """
    if not actor.is_system:
        raise PermissionDenied("Backups run from the command line only.")
    session().rollback()
    counts: dict[str, int] = {}
    with _private_file(path) as raw, gzip.open(raw, "wt", encoding="utf-8") as handle:
        handle.write(json.dumps({"format": FORMAT, "version": VERSION}) + "\n")
        with _snapshot() as connection:
            for table in Base.metadata.sorted_tables:
                counts[table.name] = _write_table(connection, table, handle)
        handle.write(json.dumps({"counts": counts}) + "\n")
    return counts


@contextmanager
def _private_file(path: Path) -> Iterator[IO[bytes]]:
    """Open `path` for writing, readable by its owner only, whatever the umask."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(descriptor, 0o600)  # an existing file keeps its mode otherwise
    with os.fdopen(descriptor, "wb") as raw:
        yield raw


@contextmanager
def _snapshot() -> Iterator[sa.Connection]:
    """Yield a connection inside one read-only transaction that sees a single snapshot."""
    bind = session().get_bind()
    # A session bound to a connection (as in tests) snapshots through that connection's engine.
    engine = bind if isinstance(bind, sa.Engine) else bind.engine
    options: dict[str, Any] = {}
    if engine.dialect.name == "postgresql":
        options = {
            "isolation_level": "SERIALIZABLE",
            "postgresql_readonly": True,
            "postgresql_deferrable": True,
        }
    with engine.connect() as connection:
        connection = connection.execution_options(**options)
        with connection.begin():
            yield connection


def _write_table(connection: sa.Connection, table: sa.Table, handle: IO[str]) -> int:
    """Write one table's rows as JSON lines; return how many."""
    rows = connection.execute(sa.select(table).order_by(*table.primary_key.columns))
    count = 0
    for row in rows.mappings():
        record = {key: _encode(value) for key, value in row.items()}
        handle.write(json.dumps({"table": table.name, "row": record}) + "\n")
        count += 1
    return count


@service
def restore_backup(actor: Actor, path: Path) -> dict[str, int]:
    """Load a backup into an empty database, all of it or nothing, and check it first.

    Success is reported only when the row counts match the backup's own, no foreign
    key dangles and the audit chain verifies; otherwise nothing is kept.
    """
    if not actor.is_system:
        raise PermissionDenied("Restoring runs from the command line only.")
    tables = {table.name: table for table in Base.metadata.sorted_tables}
    if any(session().scalar(sa.select(sa.func.count()).select_from(t)) for t in tables.values()):
        raise StateConflict("The database already holds data; restore into an empty database.")
    counts, expected = _load(tables, path)
    _advance_sequences(tables.values())
    _check_restored(tables, counts, expected)
    audit.record(actor, "database.restore", "database", None, {"rows": sum(counts.values())})
    return counts


def _load(tables: dict[str, sa.Table], path: Path) -> tuple[dict[str, int], dict[str, int] | None]:
    """Insert every row of the backup; return the counts loaded and those it declares."""
    counts = {name: 0 for name in tables}
    expected = None
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        header = json.loads(handle.readline() or "{}")
        if header.get("format") != FORMAT or header.get("version") != VERSION:
            raise Invalid({"path": ["This is not a Track Two Registry backup."]})
        for line in handle:
            entry = json.loads(line)
            if "counts" in entry:
                expected = entry["counts"]
                continue
            table = tables[entry["table"]]
            row = {name: _decode(value) for name, value in entry["row"].items()}
            session().execute(table.insert().values(**row))
            counts[table.name] += 1
    return counts, expected


def _check_restored(
    tables: dict[str, sa.Table], counts: dict[str, int], expected: dict[str, int] | None
) -> None:
    """Refuse a restore whose counts, foreign keys or audit chain do not hold."""
    stored = {
        name: session().scalar(sa.select(sa.func.count()).select_from(t))
        for name, t in tables.items()
    }
    if stored != counts or (expected is not None and expected != counts):
        raise Invalid({"path": ["The backup is incomplete: its row counts do not match."]})
    if session().get_bind().dialect.name == "sqlite":
        dangling = session().execute(sa.text("PRAGMA foreign_key_check")).first()
        if dangling is not None:
            raise Invalid({"path": [f"The backup breaks a foreign key of table {dangling[0]}."]})
    report = audit.verify_chain()
    if not report.ok:
        raise Invalid(
            {"path": [f"The backup's audit chain is broken at event {report.broken_at}."]}
        )


def _advance_sequences(tables: Any) -> None:
    """Move PostgreSQL's id sequences past the restored ids (SQLite needs nothing)."""
    if session().get_bind().dialect.name != "postgresql":
        return
    for table in tables:
        if "id" in table.c and table.c.id.primary_key and len(table.primary_key.columns) == 1:
            session().execute(
                sa.text(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "  # noqa: S608
                    f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)"
                )
            )
