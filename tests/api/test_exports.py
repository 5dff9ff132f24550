"""GET /api/v1/exports/initiatives: the policy exactly, labels, safe cells, round trips."""

from __future__ import annotations

import csv
import io
from typing import Any

import openpyxl
import pytest
from flask import Flask
from flask.testing import FlaskClient

from registry.transfer_files import XLSX_MIMETYPE
from tests.factories import (
    ConflictFactory,
    InitiativeFactory,
    OrganisationFactory,
    editor_of,
    reference,
)
from tests.helpers import bearer_for
from tests.helpers.imports import counts, problems_of
from tests.world import BARINGO_TURKANA, World, build_world, initiative, member, org

URL = "/api/v1/exports/initiatives"
IMPORT_URL = "/api/v1/imports/initiatives"
PUBLIC_COLUMNS = [
    "Title",
    "Conflict",
    "Track",
    "Mode",
    "Status",
    "Start date",
    "End date",
    "Issues",
    "Regions",
    "Sponsor",
    "Registry ID",
]
LEVELS = ("public", "registry", "restricted", "sealed")


@pytest.fixture
def readers(app: Flask) -> World:
    """Create one NGO initiative per confidentiality level, funded by a donor, and readers.

    headers: a reader's in each relation to the NGO's initiatives (anonymous: {}).
    """
    return build_world(
        scopes={"where": BARINGO_TURKANA},
        organisations={
            "ngo": org(name="Amani Dialogue Trust"),
            "donor": org("donor", name="Example Donor Fund"),
            "member_organisation": org(name="Bridges Peace Centre"),
        },
        initiatives={
            level: initiative(
                "ngo",
                funders=("donor",),
                in_region=True,
                title=f"{level.capitalize()} talks",
                confidentiality=level,
                method="problem_solving_workshop",
                external_id=f"REF-{level}",
            )
            for level in LEVELS
        },
        users={
            "coordinator": member("member_organisation", role="viewer", coordinates=("where",)),
            "sponsor": member("ngo"),
            "funder": member("donor", role="viewer"),
            "member": member("member_organisation", role="viewer"),
        },
        tokens=("sponsor", "coordinator", "funder", "member"),
    )


def rows_of(response: Any) -> list[dict[str, str]]:
    """Return a CSV export's rows as dicts by header."""
    assert response.status_code == 200, response.data[:300]
    return list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig"))))


def export(client: FlaskClient, auth: dict[str, str], query: str = "") -> Any:
    """Ask for an export (CSV unless the query says otherwise)."""
    return client.get(f"{URL}?{query}", headers=auth)


@pytest.mark.parametrize(
    ("relation", "levels"),
    [
        ("sponsor", LEVELS),
        ("coordinator", LEVELS),
        ("funder", ("public", "registry", "restricted")),
        ("member", ("public", "registry")),
        ("anonymous", ("public",)),
    ],
)
def test_export_holds_exactly_the_initiatives_the_reader_may_see(
    client: FlaskClient, readers: World, relation: str, levels: tuple[str, ...]
) -> None:
    rows = rows_of(export(client, readers.headers[relation]))

    assert [row["Title"] for row in rows] == [f"{level.capitalize()} talks" for level in levels]


def test_anonymous_export_has_only_the_public_columns(client: FlaskClient, readers: World) -> None:
    rows = rows_of(export(client, {}))

    assert list(rows[0]) == PUBLIC_COLUMNS


def test_member_export_has_every_import_column(client: FlaskClient, readers: World) -> None:
    rows = rows_of(export(client, readers.headers["member"]))

    assert {"Summary", "Funders", "Confidentiality", "Your reference"} <= set(rows[0])


def test_csv_export_is_utf8_with_a_bom_and_never_cached(
    client: FlaskClient, readers: World
) -> None:
    response = export(client, readers.headers["sponsor"])

    assert response.data.startswith(b"\xef\xbb\xbfTitle,")
    assert response.mimetype == "text/csv" and response.mimetype_params["charset"] == "utf-8"
    assert "no-store" in response.headers["Cache-Control"]
    assert response.headers["Content-Disposition"].startswith("attachment;")


def test_export_writes_names_and_labels_not_ids_and_codes(
    client: FlaskClient, readers: World
) -> None:
    row = rows_of(export(client, readers.headers["sponsor"]))[2]

    assert row["Conflict"] == "Baringo–Turkana pastoral conflict"
    assert row["Sponsor"] == "Amani Dialogue Trust"
    assert row["Funders"] == "Example Donor Fund"
    assert (row["Issues"], row["Regions"]) == ("Water", "Kapedo")
    assert (row["Method"], row["Track"], row["Mode"]) == (
        "Problem-solving workshop",
        "Track 2",
        "Soft",
    )
    assert (row["Status"], row["Confidentiality"], row["Intra-party"]) == (
        "Active",
        "Restricted",
        "No",
    )
    assert row["Start date"] == "2026-01-01"


def test_formula_cells_are_neutralised_in_csv_and_xlsx(client: FlaskClient, readers: World) -> None:
    conflict = ConflictFactory(slug="border-dispute")
    issue = reference("issue", conflict.id, name="@SUM(A1)")
    sponsor = OrganisationFactory(name="=Formula Org")
    InitiativeFactory(
        title="=cmd|' /C calc'!A0",
        summary="\t+1",
        external_id="-2+3",
        conflict_id=conflict.id,
        sponsor_id=sponsor.id,
        issue_ids=[issue.id],
        confidentiality="public",
    )
    query = f"conflict_id={conflict.id}"

    row = rows_of(export(client, readers.headers["member"], query))[0]
    sheet = openpyxl.load_workbook(
        io.BytesIO(export(client, readers.headers["member"], query + "&format=xlsx").data)
    ).active

    expected = ("'=cmd|' /C calc'!A0", "'\t+1", "'-2+3", "'@SUM(A1)", "'=Formula Org")
    fields = ("Title", "Summary", "Your reference", "Issues", "Sponsor")
    assert tuple(row[name] for name in fields) == expected
    cells = {cell.value: cell for cell in next(sheet.iter_rows(min_row=2, max_row=2))}
    assert all(cells[value].data_type == "s" for value in expected)


def test_hxl_row_follows_the_header_row(client: FlaskClient, readers: World) -> None:
    response = export(client, {}, "hxl=true")

    lines = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert lines[0][:2] == ["Title", "Conflict"]
    assert lines[1][:2] == ["#activity+name", "#crisis+name"]
    assert all(tag.startswith("#") for tag in lines[1])
    assert lines[2][0] == "Public talks"


def test_xlsx_export_holds_the_same_table_as_csv(client: FlaskClient, readers: World) -> None:
    auth = readers.headers["funder"]
    response = export(client, auth, "format=xlsx")

    assert response.mimetype == XLSX_MIMETYPE
    sheet = openpyxl.load_workbook(io.BytesIO(response.data)).active
    values = list(sheet.iter_rows(values_only=True))
    table = rows_of(export(client, auth))
    assert list(values[0]) == list(table[0])
    assert [row[0] for row in values[1:]] == [row["Title"] for row in table]


@pytest.mark.parametrize("query", ["format=csv", "format=csv&hxl=true", "format=xlsx"])
def test_sponsor_reimports_its_export_without_duplicates(
    client: FlaskClient, readers: World, query: str
) -> None:
    auth = readers.headers["sponsor"]
    exported = export(client, auth, query).data
    before = counts()

    response = client.post(
        IMPORT_URL, data=exported, content_type="application/octet-stream", headers=auth
    )

    assert response.status_code == 200, response.get_json()
    assert response.get_json()["updated"] == len(LEVELS)
    assert response.get_json()["created"] == 0
    assert counts()[0] == before[0]


def test_another_organisation_cannot_import_the_export_it_read(
    client: FlaskClient, readers: World
) -> None:
    editor = bearer_for(editor_of(readers.member_organisation.id))
    exported = export(client, editor).data

    response = client.post(IMPORT_URL, data=exported, content_type="text/csv", headers=editor)

    assert response.status_code == 422
    assert problems_of(response.get_json()["report"]) == {
        (row, column) for row in (2, 3) for column in ("Sponsor", "Registry ID")
    }


def test_conflict_filter_keeps_one_conflict(client: FlaskClient, readers: World) -> None:
    other = ConflictFactory(slug="border-dispute")
    InitiativeFactory(
        conflict_id=other.id,
        sponsor_id=OrganisationFactory().id,
        issue_ids=[reference("issue", other.id).id],
        confidentiality="public",
    )

    rows = rows_of(export(client, {}, f"conflict_id={readers.conflict.id}"))

    assert [row["Title"] for row in rows] == ["Public talks"]


@pytest.mark.parametrize(
    ("query", "status"),
    [("format=pdf", 422), ("conflict_id=abc", 422), ("conflict_id=999999", 404)],
)
def test_bad_export_options_are_refused(
    client: FlaskClient, readers: World, query: str, status: int
) -> None:
    assert export(client, {}, query).status_code == status
