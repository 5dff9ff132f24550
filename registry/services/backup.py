"""Back up the whole database to one file and restore it into an empty database.

The file is gzip-compressed JSON, one table after another in dependency order. Names
stay encrypted in it (the keys are not in the file), so a backup is only as readable
as the keys kept beside it. Restoring refuses a database that already holds data,
checks the audit chain afterwards, and moves PostgreSQL's id sequences past the
restored ids.
"""

from __future__ import annotations

import gzip
import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

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
    """Write every table to `path`; return the number of rows per table."""
    if not actor.is_system:
        raise PermissionDenied("Backups run from the command line only.")
    counts: dict[str, int] = {}
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        handle.write(json.dumps({"format": FORMAT, "version": VERSION}) + "\n")
        for table in Base.metadata.sorted_tables:
            rows = session().execute(sa.select(table).order_by(*table.primary_key.columns))
            count = 0
            for row in rows.mappings():
                record = {key: _encode(value) for key, value in row.items()}
                handle.write(json.dumps({"table": table.name, "row": record}) + "\n")
                count += 1
            counts[table.name] = count
    session().rollback()
    return counts


@service
def restore_backup(actor: Actor, path: Path) -> dict[str, int]:
    """Load a backup into an empty database, all of it or nothing."""
    if not actor.is_system:
        raise PermissionDenied("Restoring runs from the command line only.")
    tables = {table.name: table for table in Base.metadata.sorted_tables}
    if any(session().scalar(sa.select(sa.func.count()).select_from(t)) for t in tables.values()):
        raise StateConflict("The database already holds data; restore into an empty database.")
    counts = {name: 0 for name in tables}
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        header = json.loads(handle.readline() or "{}")
        if header.get("format") != FORMAT or header.get("version") != VERSION:
            raise Invalid({"path": ["This is not a Track Two Registry backup."]})
        for line in handle:
            entry = json.loads(line)
            table = tables[entry["table"]]
            row = {name: _decode(value) for name, value in entry["row"].items()}
            session().execute(table.insert().values(**row))
            counts[table.name] += 1
    _advance_sequences(tables.values())
    report = audit.verify_chain()
    if not report.ok:
        raise Invalid(
            {"path": [f"The backup's audit chain is broken at event {report.broken_at}."]}
        )
    audit.record(actor, "database.restore", "database", None, {"rows": sum(counts.values())})
    return counts


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
