"""GET /api/v1/exports/initiatives: the policy exactly, labels, safe cells, round trips."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any

import openpyxl
import pytest
from flask import Flask
from flask.testing import FlaskClient

from registry.services import users
from registry.transfer_files import XLSX_MIMETYPE
from tests.api.test_imports import counts, problems_of
from tests.factories import (
    ConflictFactory,
    InitiativeFactory,
    OrganisationFactory,
    bearer_for,
    editor_of,
    reference,
)

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


@dataclass(frozen=True)
class Readers:
    """Bearer headers of a reader in each relation to the NGO's initiatives (anonymous: {})."""

    by_relation: dict[str, dict[str, str]]
    conflict: Any
    member_organisation: Any


@pytest.fixture
def readers(app: Flask) -> Readers:
    """Create one NGO initiative per confidentiality level, funded by a donor, and readers."""
    from tests.conftest import SYSTEM

    ngo = OrganisationFactory(name="Amani Dialogue Trust")
    donor = OrganisationFactory(name="Example Donor Fund", kind="donor")
    member = OrganisationFactory(name="Bridges Peace Centre")
    conflict = ConflictFactory(slug="baringo-turkana", name="Baringo–Turkana pastoral conflict")
    water = reference("issue", conflict.id, name="Water")
    kapedo = reference("region", conflict.id, name="Kapedo")
    for level in LEVELS:
        InitiativeFactory(
            title=f"{level.capitalize()} talks",
            conflict_id=conflict.id,
            sponsor_id=ngo.id,
            issue_ids=[water.id],
            region_ids=[kapedo.id],
            funder_ids=[donor.id],
            confidentiality=level,
            method="problem_solving_workshop",
            external_id=f"REF-{level}",
        )
    coordinator = editor_of(member.id, role="viewer")
    users.assign_coordinator(SYSTEM, coordinator.id, conflict.id)
    return Readers(
        by_relation={
            "sponsor": bearer_for(editor_of(ngo.id)),
            "coordinator": bearer_for(coordinator),
            "funder": bearer_for(editor_of(donor.id, role="viewer")),
            "member": bearer_for(editor_of(member.id, role="viewer")),
            "anonymous": {},
        },
        conflict=conflict,
        member_organisation=member,
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
    client: FlaskClient, readers: Readers, relation: str, levels: tuple[str, ...]
) -> None:
    rows = rows_of(export(client, readers.by_relation[relation]))

    assert [row["Title"] for row in rows] == [f"{level.capitalize()} talks" for level in levels]


def test_anonymous_export_has_only_the_public_columns(
    client: FlaskClient, readers: Readers
) -> None:
    rows = rows_of(export(client, {}))

    assert list(rows[0]) == PUBLIC_COLUMNS


def test_member_export_has_every_import_column(client: FlaskClient, readers: Readers) -> None:
    rows = rows_of(export(client, readers.by_relation["member"]))

    assert {"Summary", "Funders", "Confidentiality", "Your reference"} <= set(rows[0])


def test_csv_export_is_utf8_with_a_bom_and_never_cached(
    client: FlaskClient, readers: Readers
) -> None:
    response = export(client, readers.by_relation["sponsor"])

    assert response.data.startswith(b"\xef\xbb\xbfTitle,")
    assert response.mimetype == "text/csv" and response.mimetype_params["charset"] == "utf-8"
    assert "no-store" in response.headers["Cache-Control"]
    assert response.headers["Content-Disposition"].startswith("attachment;")


def test_export_writes_names_and_labels_not_ids_and_codes(
    client: FlaskClient, readers: Readers
) -> None:
    row = rows_of(export(client, readers.by_relation["sponsor"]))[2]

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


def test_formula_cells_are_neutralised_in_csv_and_xlsx(
    client: FlaskClient, readers: Readers
) -> None:
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

    row = rows_of(export(client, readers.by_relation["member"], query))[0]
    sheet = openpyxl.load_workbook(
        io.BytesIO(export(client, readers.by_relation["member"], query + "&format=xlsx").data)
    ).active

    expected = ("'=cmd|' /C calc'!A0", "'\t+1", "'-2+3", "'@SUM(A1)", "'=Formula Org")
    fields = ("Title", "Summary", "Your reference", "Issues", "Sponsor")
    assert tuple(row[name] for name in fields) == expected
    cells = {cell.value: cell for cell in next(sheet.iter_rows(min_row=2, max_row=2))}
    assert all(cells[value].data_type == "s" for value in expected)


def test_hxl_row_follows_the_header_row(client: FlaskClient, readers: Readers) -> None:
    response = export(client, {}, "hxl=true")

    lines = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert lines[0][:2] == ["Title", "Conflict"]
    assert lines[1][:2] == ["#activity+name", "#crisis+name"]
    assert all(tag.startswith("#") for tag in lines[1])
    assert lines[2][0] == "Public talks"


def test_xlsx_export_holds_the_same_table_as_csv(client: FlaskClient, readers: Readers) -> None:
    auth = readers.by_relation["funder"]
    response = export(client, auth, "format=xlsx")

    assert response.mimetype == XLSX_MIMETYPE
    sheet = openpyxl.load_workbook(io.BytesIO(response.data)).active
    values = list(sheet.iter_rows(values_only=True))
    table = rows_of(export(client, auth))
    assert list(values[0]) == list(table[0])
    assert [row[0] for row in values[1:]] == [row["Title"] for row in table]


@pytest.mark.parametrize("query", ["format=csv", "format=csv&hxl=true", "format=xlsx"])
def test_sponsor_reimports_its_export_without_duplicates(
    client: FlaskClient, readers: Readers, query: str
) -> None:
    auth = readers.by_relation["sponsor"]
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
    client: FlaskClient, readers: Readers
) -> None:
    editor = bearer_for(editor_of(readers.member_organisation.id))
    exported = export(client, editor).data

    response = client.post(IMPORT_URL, data=exported, content_type="text/csv", headers=editor)

    assert response.status_code == 422
    assert problems_of(response.get_json()["report"]) == {
        (row, column) for row in (2, 3) for column in ("Sponsor", "Registry ID")
    }


def test_conflict_filter_keeps_one_conflict(client: FlaskClient, readers: Readers) -> None:
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
    client: FlaskClient, readers: Readers, query: str, status: int
) -> None:
    assert export(client, {}, query).status_code == status
