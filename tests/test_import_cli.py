"""`flask registry import-initiatives FILE [--dry-run] --org NAME`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest
import sqlalchemy as sa
from click.testing import Result
from flask import Flask

from registry.extensions import db
from registry.models import AuditEvent, Initiative
from registry.transfer_files import MAX_BYTES
from tests.factories import ConflictFactory, OrganisationFactory, reference
from tests.helpers import refreshed
from tests.helpers.imports import HEADER, counts, csv_bytes, row


@pytest.fixture
def ngo(app: Flask) -> Any:
    """Create the NGO, a donor and the conflict whose names the rows use."""
    OrganisationFactory(name="Example Donor Fund", kind="donor")
    conflict = ConflictFactory(slug="baringo-turkana")
    for name in ("Water", "Grazing land"):
        reference("issue", conflict.id, name=name)
    reference("region", conflict.id, name="Kapedo")
    return OrganisationFactory(name="Amani Dialogue Trust")


def _run(app: Flask, path: Path, *options: str) -> Result:
    arguments = ["registry", "import-initiatives", str(path), *options]
    return app.test_cli_runner().invoke(args=arguments)


def _file(tmp_path: Path, content: bytes, name: str = "initiatives.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


def test_import_creates_the_rows_for_the_named_organisation(
    app: Flask, ngo: Any, tmp_path: Path
) -> None:
    path = _file(tmp_path, csv_bytes([row(), row(Your_reference="BT-2")]))

    result = _run(app, path, "--org", "amani dialogue trust")

    assert result.exit_code == 0, result.output
    assert "2 rows: created 2, updated 0." in result.output
    refreshed()
    sponsors = db.session.scalars(sa.select(Initiative.sponsor_id)).all()
    assert sponsors == [ngo.id, ngo.id]
    event = db.session.scalar(sa.select(AuditEvent).filter_by(action="initiative.import"))
    assert event is not None and event.actor_label == "system:cli"


def test_import_again_updates_instead_of_duplicating(app: Flask, ngo: Any, tmp_path: Path) -> None:
    path = _file(tmp_path, csv_bytes([row()]))
    _run(app, path, "--org", ngo.name)

    result = _run(app, path, "--org", ngo.name)

    assert "1 rows: created 0, updated 1." in result.output
    assert counts()[0] == 1


def test_dry_run_reports_and_writes_nothing(app: Flask, ngo: Any, tmp_path: Path) -> None:
    path = _file(tmp_path, csv_bytes([row()]))
    before = counts()

    result = _run(app, path, "--org", ngo.name, "--dry-run")

    assert result.exit_code == 0, result.output
    assert "would create 1" in result.output
    assert counts() == before


def test_file_with_problems_lists_them_and_writes_nothing(
    app: Flask, ngo: Any, tmp_path: Path
) -> None:
    rows = [row(), row(Issues="Watter", Your_reference="B"), row(Start_date="tomorrow")]
    path = _file(tmp_path, csv_bytes(rows))
    before = counts()

    result = _run(app, path, "--org", ngo.name)

    assert result.exit_code == 1
    assert "row 3, Issues: No issue named 'Watter' in baringo-turkana." in result.output
    assert "row 4, Start date:" in result.output
    assert "row 4, Your reference: The reference 'BT-1' is also on row 2." in result.output
    assert counts() == before


def test_dry_run_with_problems_exits_non_zero(app: Flask, ngo: Any, tmp_path: Path) -> None:
    path = _file(tmp_path, csv_bytes([row(Mode="gentle")]))

    result = _run(app, path, "--org", ngo.name, "--dry-run")

    assert result.exit_code == 1
    assert "row 2, Mode: 'gentle' is not a mode" in result.output


def test_xlsx_file_is_imported(app: Flask, ngo: Any, tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    workbook.active.append(HEADER)
    workbook.active.append([row()[name] for name in HEADER])
    path = tmp_path / "initiatives.xlsx"
    workbook.save(path)

    result = _run(app, path, "--org", ngo.name)

    assert result.exit_code == 0, result.output
    assert counts()[0] == 1


def test_unknown_organisation_is_a_usage_error(app: Flask, ngo: Any, tmp_path: Path) -> None:
    result = _run(app, _file(tmp_path, csv_bytes([row()])), "--org", "Nobody")

    assert result.exit_code == 2
    assert "no organisation is named 'Nobody'" in result.output


def test_file_above_the_byte_cap_is_refused_unread(app: Flask, ngo: Any, tmp_path: Path) -> None:
    path = _file(tmp_path, b"x" * (MAX_BYTES + 1))

    result = _run(app, path, "--org", ngo.name)

    assert result.exit_code == 1
    assert "too large" in result.output
