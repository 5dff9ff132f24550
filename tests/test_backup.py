"""Backup and restore through the command line: nothing lost, names still encrypted."""

from __future__ import annotations

import gzip
from pathlib import Path

import sqlalchemy as sa

from registry import demo
from registry.extensions import db
from registry.models import Base
from registry.services.audit import verify_chain
from tests.helpers import truncate_all


def _counts() -> dict[str, int]:
    return {
        table.name: db.session.scalar(sa.select(sa.func.count()).select_from(table))
        for table in Base.metadata.sorted_tables
    }


def test_backup_then_restore_into_an_empty_database_loses_nothing(app, tmp_path: Path) -> None:
    demo.load()
    before = _counts()
    path = tmp_path / "registry.backup.gz"
    runner = app.test_cli_runner()
    assert runner.invoke(args=["registry", "backup", str(path)]).exit_code == 0
    db.session.rollback()
    truncate_all()
    result = runner.invoke(args=["registry", "restore", str(path)])
    assert result.exit_code == 0, result.output
    after = _counts()
    assert after == {**before, "audit_event": before["audit_event"] + 1}
    assert verify_chain().ok


def test_backup_holds_no_participant_name_in_plaintext(app, tmp_path: Path) -> None:
    demo.load()
    path = tmp_path / "registry.backup.gz"
    app.test_cli_runner().invoke(args=["registry", "backup", str(path)])
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        text = handle.read()
    assert "Lokure" not in text and "Haddad" not in text


def test_restore_into_a_database_with_data_is_refused(app, tmp_path: Path) -> None:
    demo.load()
    path = tmp_path / "registry.backup.gz"
    runner = app.test_cli_runner()
    runner.invoke(args=["registry", "backup", str(path)])
    result = runner.invoke(args=["registry", "restore", str(path)])
    assert result.exit_code == 1
    assert "already holds data" in result.output


def test_ids_continue_after_a_restore(app, tmp_path: Path) -> None:
    from tests.factories import OrganisationFactory

    demo.load()
    path = tmp_path / "registry.backup.gz"
    runner = app.test_cli_runner()
    runner.invoke(args=["registry", "backup", str(path)])
    highest = db.session.scalar(sa.text("SELECT MAX(id) FROM organisation"))
    db.session.rollback()
    truncate_all()
    runner.invoke(args=["registry", "restore", str(path)])
    assert OrganisationFactory().id == highest + 1
