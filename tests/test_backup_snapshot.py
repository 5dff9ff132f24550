"""A backup taken while others write is one snapshot: every restored row has its audit event."""

from __future__ import annotations

import gzip
import json
import stat
import threading
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask

from registry.errors import Invalid
from registry.extensions import db
from registry.models import AuditEvent, Organisation
from registry.services import organisations
from registry.services.audit import verify_chain
from registry.services.backup import restore_backup, write_backup
from registry.services.inputs import build
from registry.services.inputs.organisations import (
    OrganisationInput,
)
from tests.helpers import SYSTEM, truncate_all

WRITERS = 3


def _write_until(app: Flask, stop: threading.Event, failures: list[BaseException]) -> None:
    """Create organisations one transaction at a time until told to stop."""
    with app.app_context():
        try:
            while not stop.is_set():
                organisations.create(
                    SYSTEM,
                    build(
                        OrganisationInput,
                        {"name": f"Writer {uuid.uuid4().hex[:12]}", "kind": "ngo"},
                    ),
                )
        except BaseException as error:  # reported to the test, not lost in the thread
            failures.append(error)
        finally:
            db.session.rollback()


def test_a_backup_under_concurrent_writes_restores_with_every_audit_event(
    app: Flask, tmp_path: Path
) -> None:
    for number in range(40):
        organisations.create(
            SYSTEM, build(OrganisationInput, {"name": f"Before {number}", "kind": "ngo"})
        )
    db.session.commit()
    stop, failures = threading.Event(), []
    writers = [
        threading.Thread(target=_write_until, args=(app, stop, failures)) for _ in range(WRITERS)
    ]
    for writer in writers:
        writer.start()
    try:
        paths = [tmp_path / f"backup-{n}.gz" for n in range(3)]
        for path in paths:  # several backups, so at least one overlaps the writers
            write_backup(SYSTEM, path)
    finally:
        stop.set()
        for writer in writers:
            writer.join(timeout=60)
    assert not failures, failures
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Organisation)) > 40

    for path in paths:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        db.session.rollback()  # TRUNCATE waits for every open read of the table
        truncate_all()
        counts = restore_backup(SYSTEM, path)
        created = set(
            db.session.scalars(
                sa.select(AuditEvent.object_id).where(AuditEvent.action == "organisation.create")
            )
        )
        ids = set(db.session.scalars(sa.select(Organisation.id)))
        assert ids and ids == created, (path.name, ids ^ created)
        assert counts["organisation"] == len(ids)
        assert verify_chain().ok
        db.session.rollback()


def test_a_backup_file_is_private_even_over_an_open_file(app: Flask, tmp_path: Path) -> None:
    path = tmp_path / "backup.gz"
    path.write_text("old")
    path.chmod(0o644)
    organisations.create(SYSTEM, build(OrganisationInput, {"name": "One", "kind": "ngo"}))
    write_backup(SYSTEM, path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_restore_with_missing_rows_is_refused_and_keeps_nothing(
    app: Flask, tmp_path: Path
) -> None:
    for number in range(3):
        organisations.create(
            SYSTEM, build(OrganisationInput, {"name": f"Org {number}", "kind": "ngo"})
        )
    path, cut = tmp_path / "backup.gz", tmp_path / "cut.gz"
    write_backup(SYSTEM, path)
    with gzip.open(path, "rt", encoding="utf-8") as source:
        lines = source.readlines()
    dropped = next(i for i, line in enumerate(lines) if '"table": "organisation"' in line)
    with gzip.open(cut, "wt", encoding="utf-8") as target:
        target.writelines(lines[:dropped] + lines[dropped + 1 :])
    assert json.loads(lines[-1])["counts"]["organisation"] == 3
    db.session.rollback()
    truncate_all()
    with pytest.raises(Invalid):
        restore_backup(SYSTEM, cut)
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Organisation)) == 0


def test_the_sqlite_database_file_is_private(app: Flask) -> None:
    url = db.engine.url
    if url.get_backend_name() != "sqlite":
        pytest.skip("a SQLite file only")
    db.session.execute(sa.text("SELECT 1"))
    assert stat.S_IMODE(Path(url.database).stat().st_mode) == 0o600
