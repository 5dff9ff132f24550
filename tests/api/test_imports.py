"""POST /api/v1/imports/initiatives: all rows or none, precise reports, defended parsing."""

from __future__ import annotations

import io
import time
import zipfile
from datetime import date
from typing import Any

import openpyxl
import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from registry.extensions import db
from registry.models import Initiative
from registry.transfer_files import MAX_BYTES, MAX_ROWS, XLSX_MIMETYPE
from tests.factories import (
    ConflictFactory,
    InitiativeFactory,
    reference,
)
from tests.helpers import refreshed
from tests.helpers.imports import HEADER, counts, csv_bytes, problems_of, row
from tests.world import BARINGO_TURKANA, World, build_world, member, org

URL = "/api/v1/imports/initiatives"


@pytest.fixture
def world(app: Flask) -> World:
    """An NGO with an editor and a viewer, a donor, and one conflict with its names."""
    made = build_world(
        scopes={"where": BARINGO_TURKANA},
        organisations={
            "ngo": org(name="Amani Dialogue Trust"),
            "donor": org("donor", name="Example Donor Fund"),
            "other": org(name="Bridges Peace Centre"),
        },
        users={
            "editor": member("ngo"),
            "viewer": member("ngo", role="viewer"),
            "other_editor": member("other"),
        },
        tokens=("editor", "viewer", "other_editor"),
    )
    grazing = reference("issue", made.conflict.id, name="Grazing land")
    return made.adding(water=made.where.issue, grazing=grazing, kapedo=made.where.region)


def post(client: FlaskClient, auth: dict[str, str], content: bytes, **options: Any) -> Any:
    """Upload a file as the raw body (text/csv unless content_type says otherwise)."""
    content_type = options.pop("content_type", "text/csv")
    query = "?dry_run=true" if options.pop("dry_run", False) else ""
    return client.post(URL + query, data=content, content_type=content_type, headers=auth)


def stored(reference_id: str) -> Initiative:
    """Return the initiative registered under a reference, as committed now."""
    refreshed()
    found = db.session.scalar(sa.select(Initiative).filter_by(external_id=reference_id))
    assert found is not None
    return found


# writing ------------------------------------------------------------------------------


def test_import_creates_every_row_of_a_valid_file(client: FlaskClient, world: World) -> None:
    rows = [row(), row(Title="Grazing talks", Your_reference="BT-2", Track="1.5")]
    before = counts()

    response = post(client, world.headers["editor"], csv_bytes(rows))

    assert response.status_code == 200, response.get_json()
    assert response.get_json() == {
        "rows": 2,
        "created": 2,
        "updated": 0,
        "errors": [],
        "dry_run": False,
    }
    assert counts() == (before[0] + 2, before[1] + 3)  # two creations and the import itself
    first = stored("BT-1")
    assert first.sponsor_id == world.ngo.id
    assert first.issue_ids == [world.water.id, world.grazing.id]
    assert first.region_ids == [world.kapedo.id]
    assert first.funder_ids == [world.donor.id]
    assert (first.method, first.mode, first.start_date) == (
        "problem_solving_workshop",
        "soft",
        date(2026, 2, 1),
    )
    assert stored("BT-2").track == "1.5"


@pytest.mark.parametrize(
    ("column", "text", "code"),
    [
        ("Method", "problem_solving_workshop", "problem_solving_workshop"),
        ("Method", "PROBLEM SOLVING WORKSHOP", "problem_solving_workshop"),
        ("Method", "back-channel", "back_channel"),
        ("Track", "1.5", "1.5"),
        ("Track", "track 3", "3"),
        ("Status", "CONCLUDED", "concluded"),
        ("Confidentiality", "restricted", "restricted"),
    ],
)
def test_import_accepts_codes_and_labels_in_any_case(
    client: FlaskClient, world: World, column: str, text: str, code: str
) -> None:
    response = post(client, world.headers["editor"], csv_bytes([row(**{column: text})]))

    assert response.status_code == 200, response.get_json()
    field = {"Method": "method", "Track": "track", "Status": "status"}.get(column, column.lower())
    assert getattr(stored("BT-1"), field) == code


def test_reimport_updates_by_reference_instead_of_duplicating(
    client: FlaskClient, world: World
) -> None:
    post(client, world.headers["editor"], csv_bytes([row()]))
    before = counts()

    response = post(client, world.headers["editor"], csv_bytes([row(Title="Renamed", End_date="")]))

    assert response.get_json()["updated"] == 1 and response.get_json()["created"] == 0
    assert counts()[0] == before[0]
    again = stored("BT-1")
    assert (again.title, again.end_date) == ("Renamed", None)


def test_reimport_by_registry_id_updates_that_initiative(client: FlaskClient, world: World) -> None:
    mine = InitiativeFactory(
        conflict_id=world.conflict.id, sponsor_id=world.ngo.id, issue_ids=[world.water.id]
    )
    header = (*HEADER, "Registry ID", "Sponsor")
    values = row(Registry_ID=str(mine.id), Sponsor="AMANI DIALOGUE TRUST", Your_reference="")

    response = post(client, world.headers["editor"], csv_bytes([values], header))

    assert response.get_json()["updated"] == 1, response.get_json()
    refreshed()
    assert db.session.get(Initiative, mine.id).title == "Water-sharing dialogue"


def test_blank_confidentiality_keeps_the_level_of_an_update(
    client: FlaskClient, world: World
) -> None:
    post(client, world.headers["editor"], csv_bytes([row(Confidentiality="Sealed")]))

    post(client, world.headers["editor"], csv_bytes([row(Confidentiality="")]))

    assert stored("BT-1").confidentiality == "sealed"


def test_formula_payloads_outside_titles_are_stored_as_plain_text(
    client: FlaskClient, world: World
) -> None:
    payload = '=HYPERLINK("http://evil.example","click")'
    values = row(Summary=payload, Your_reference="+cmd|' /C calc'!A0")

    response = post(client, world.headers["editor"], csv_bytes([values]))

    assert response.status_code == 200, response.get_json()
    assert stored("+cmd|' /C calc'!A0").summary == payload


def test_multipart_upload_in_a_field_named_file(client: FlaskClient, world: World) -> None:
    upload = {"file": (io.BytesIO(csv_bytes([row()])), "initiatives.csv", "text/csv")}

    response = client.post(
        URL, data=upload, content_type="multipart/form-data", headers=world.headers["editor"]
    )

    assert response.status_code == 200, response.get_json()
    assert response.get_json()["created"] == 1


def test_csv_separated_by_semicolons_is_read(client: FlaskClient, world: World) -> None:
    values = row(Issues="Water")
    content = ";".join(HEADER) + "\n" + ";".join(values[name] for name in HEADER) + "\n"

    response = post(client, world.headers["editor"], content.encode())

    assert response.get_json()["created"] == 1, response.get_json()


def test_xlsx_with_date_cells_and_numbers_is_imported(client: FlaskClient, world: World) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    values = row(Track="", Your_reference="")
    cells: list[Any] = [values[name] for name in HEADER]
    cells[HEADER.index("Track")] = 2
    cells[HEADER.index("Start date")] = date(2026, 2, 1)
    cells[HEADER.index("Your reference")] = 1001
    sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)

    response = post(client, world.headers["editor"], buffer.getvalue(), content_type=XLSX_MIMETYPE)

    assert response.status_code == 200, response.get_json()
    created = stored("1001")
    assert (created.track, created.start_date) == ("2", date(2026, 2, 1))


# refusing -------------------------------------------------------------------------------


def test_file_with_problems_reports_each_by_row_and_column_and_writes_nothing(
    client: FlaskClient, world: World
) -> None:
    rows = [
        row(Your_reference="A"),  # row 2: valid
        row(Start_date="01/02/2026", Method="Dialog", Your_reference="B"),  # row 3
        row(Issues="Watter; Water", Your_reference="C"),  # row 4
        row(Your_reference="A"),  # row 5: the reference of row 2 again
        row(Title='=HYPERLINK("http://x")', Your_reference="D"),  # row 6
        row(Track="", Regions="Nowhere", Your_reference="E"),  # row 7
    ]
    before = counts()

    response = post(client, world.headers["editor"], csv_bytes(rows))

    body = response.get_json()
    assert response.status_code == 422, body
    assert body["code"] == 422 and "nothing was imported" in body["message"]
    report = body["report"]
    assert problems_of(report) == {
        (3, "Start date"),
        (3, "Method"),
        (4, "Issues"),
        (5, "Your reference"),
        (6, "Title"),
        (7, "Track"),
        (7, "Regions"),
    }
    messages = {(p["row"], p["column"]): p["message"] for p in report["errors"]}
    assert messages[4, "Issues"].startswith("No issue named 'Watter' in baringo-turkana.")
    assert "Did you mean 'Water'?" in messages[4, "Issues"]
    assert messages[5, "Your reference"] == "The reference 'A' is also on row 2."
    assert "YYYY-MM-DD" in messages[3, "Start date"]
    assert "Problem-solving workshop" in messages[3, "Method"]
    assert "formula" in messages[6, "Title"]
    assert (report["rows"], report["created"], report["updated"]) == (6, 0, 0)
    assert body["errors"]["file"]["row 4, Issues"] == [messages[4, "Issues"]]
    assert counts() == before


def test_dry_run_reports_every_problem_and_counts_the_valid_rows(
    client: FlaskClient, world: World
) -> None:
    rows = [row(Your_reference="A"), row(Your_reference="B", End_date="2020-01-01")]
    before = counts()

    response = post(client, world.headers["editor"], csv_bytes(rows), dry_run=True)

    assert response.status_code == 200
    body = response.get_json()
    assert (body["rows"], body["created"], body["dry_run"]) == (2, 1, True)
    assert body["errors"] == [
        {
            "row": 3,
            "column": "End date",
            "message": "The end date must not be before the start date.",
        }
    ]
    assert counts() == before


def test_dry_run_of_a_valid_file_writes_nothing(client: FlaskClient, world: World) -> None:
    before = counts()

    response = post(client, world.headers["editor"], csv_bytes([row()]), dry_run=True)

    assert response.get_json()["created"] == 1
    assert counts() == before


def test_unknown_and_missing_headers_are_reported_on_the_header_row(
    client: FlaskClient, world: World
) -> None:
    header = (*(name for name in HEADER if name != "Issues"), "Colour")

    response = post(client, world.headers["editor"], csv_bytes([row()], header), dry_run=True)

    assert problems_of(response.get_json()) == {(1, "Issues"), (1, "Colour")}


def test_row_of_another_sponsor_or_its_initiative_is_refused(
    client: FlaskClient, world: World
) -> None:
    theirs = InitiativeFactory(
        conflict_id=world.conflict.id, sponsor_id=world.other.id, issue_ids=[world.water.id]
    )
    header = (*HEADER, "Registry ID", "Sponsor")
    rows = [
        row(Sponsor="Bridges Peace Centre"),
        row(Registry_ID=str(theirs.id), Your_reference="X"),
    ]

    response = post(client, world.headers["editor"], csv_bytes(rows, header))

    assert response.status_code == 422
    assert problems_of(response.get_json()["report"]) == {(2, "Sponsor"), (3, "Registry ID")}


def test_conflict_of_an_imported_initiative_never_changes(
    client: FlaskClient, world: World
) -> None:
    post(client, world.headers["editor"], csv_bytes([row()]))
    other = ConflictFactory(slug="border-dispute")
    reference("issue", other.id, name="Water")

    response = post(client, world.headers["editor"], csv_bytes([row(Conflict="border-dispute")]))

    assert (2, "Conflict") in problems_of(response.get_json()["report"])


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        ("Title,Conflict\n".encode("utf-16"), "UTF-8"),
        (b"\xd0\xcf\x11\xe0rest of an old workbook", ".xls"),
        (b"PK\x03\x04 not really a zip", "cannot be opened"),
    ],
)
def test_unreadable_file_is_422(
    client: FlaskClient, world: World, content: bytes, fragment: str
) -> None:
    response = post(
        client, world.headers["editor"], content, content_type="application/octet-stream"
    )

    assert response.status_code == 422
    assert fragment in response.get_json()["message"]


def test_viewer_may_not_import(client: FlaskClient, world: World) -> None:
    assert post(client, world.headers["viewer"], csv_bytes([row()])).status_code == 403


def test_anonymous_may_not_import(client: FlaskClient, world: World) -> None:
    assert post(client, {}, csv_bytes([row()])).status_code == 401


def test_json_body_is_415(client: FlaskClient, world: World) -> None:
    response = client.post(URL, json={"title": "x"}, headers=world.headers["editor"])

    assert response.status_code == 415


# limits and bombs -----------------------------------------------------------------------


def test_body_above_the_byte_cap_is_413(client: FlaskClient, world: World) -> None:
    content = csv_bytes([row()]) + b"x" * MAX_BYTES

    assert post(client, world.headers["editor"], content).status_code == 413


def test_more_rows_than_the_cap_is_413(client: FlaskClient, world: World) -> None:
    rows = [row(Your_reference=str(n)) for n in range(MAX_ROWS + 1)]

    response = post(client, world.headers["editor"], csv_bytes(rows), dry_run=True)

    assert response.status_code == 413
    assert counts()[0] == 0


def _xlsx_with(sheet_xml: bytes, name: str = "xl/worksheets/sheet1.xml") -> bytes:
    """Return a real workbook in which one part is replaced by the given bytes."""
    workbook = openpyxl.Workbook()
    workbook.active.append(HEADER)
    source = io.BytesIO()
    workbook.save(source)
    result = io.BytesIO()
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(result, "w", zipfile.ZIP_DEFLATED) as new:
        for entry in old.infolist():
            new.writestr(entry.filename, sheet_xml if entry.filename == name else old.read(entry))
    return result.getvalue()


ENTITIES = ['<!ENTITY lol0 "lol">'] + [
    f'<!ENTITY lol{n} "{("&lol" + str(n - 1) + ";") * 10}">' for n in range(1, 10)
]
BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n' + "\n".join(ENTITIES) + "\n]>\n"
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>'
    "</sheetData></worksheet>"
).encode()


@pytest.mark.parametrize("part", ["xl/worksheets/sheet1.xml", "xl/workbook.xml"])
def test_billion_laughs_workbook_is_refused_quickly(
    client: FlaskClient, world: World, part: str
) -> None:
    started = time.monotonic()

    response = post(client, world.headers["editor"], _xlsx_with(BILLION_LAUGHS, part), dry_run=True)

    assert response.status_code == 422, response.get_json()
    assert "XML" in response.get_json()["message"]
    assert time.monotonic() - started < 5


def test_openpyxl_parses_workbooks_with_defusedxml() -> None:
    from defusedxml import DefusedXmlException

    assert openpyxl.DEFUSEDXML is True
    with pytest.raises(ValueError) as refused:
        openpyxl.load_workbook(io.BytesIO(_xlsx_with(BILLION_LAUGHS)), read_only=True)

    assert isinstance(refused.value.__cause__, DefusedXmlException)


def test_zip_bomb_workbook_is_refused(client: FlaskClient, world: World) -> None:
    huge = b"<x/>" + b" " * (40 * 1024 * 1024)

    response = post(client, world.headers["editor"], _xlsx_with(huge), content_type=XLSX_MIMETYPE)

    assert response.status_code == 422
    assert "zip bomb" in response.get_json()["message"]


# the template ---------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_template_imports_as_an_empty_file(client: FlaskClient, world: World, kind: str) -> None:
    template = client.get(f"{URL}/template?format={kind}", headers=world.headers["editor"])
    assert template.status_code == 200
    assert "attachment" in template.headers["Content-Disposition"]

    response = post(
        client,
        world.headers["editor"],
        template.data,
        dry_run=True,
        content_type="application/octet-stream",
    )

    assert response.get_json() == {
        "rows": 0,
        "created": 0,
        "updated": 0,
        "errors": [],
        "dry_run": True,
    }


def test_xlsx_template_explains_every_column_on_a_second_sheet(
    client: FlaskClient, world: World
) -> None:
    template = client.get(f"{URL}/template?format=xlsx", headers=world.headers["editor"])

    workbook = openpyxl.load_workbook(io.BytesIO(template.data))
    explained = [cells[0] for cells in workbook["Columns"].iter_rows(values_only=True)]
    headers = next(workbook["Initiatives"].iter_rows(values_only=True))
    assert set(headers) <= set(explained)
