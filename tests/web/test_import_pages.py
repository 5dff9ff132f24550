"""Imports on the web: a template in the conflict's names, a dry run by row and column, confirm."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.helpers import initiative_titles, sign_in_as
from tests.world import World, build_world, member, org, place

HEADER = ["Title", "Conflict", "Track", "Mode", "Method", "Status", "Start date", "Issues"]


@pytest.fixture
def world(app: Flask) -> World:
    """An NGO's editor and viewer, and a conflict with one issue and one region."""
    return build_world(
        scopes={
            "where": place(
                only=("issue", "region"),
                names={"issue": "Cattle raids", "region": "Kolowa"},
                slug="valley",
                name="Valley conflict",
            )
        },
        organisations={"ngo": org(name="Amani Dialogue Trust")},
        users={"editor": member("ngo"), "viewer": member("ngo", role="viewer")},
    )


def sheet(*rows: list[str]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    writer.writerows(rows)
    return buffer.getvalue().encode()


def row(title: str, issues: str = "Cattle raids", start: str = "2026-02-01") -> list[str]:
    return [title, "valley", "Track 2", "Soft", "Dialogue", "Active", start, issues]


def upload(client: FlaskClient, content: bytes) -> Any:
    return client.post(
        "/imports/",
        data={"file": (io.BytesIO(content), "initiatives.csv")},
        content_type="multipart/form-data",
    )


def test_the_template_uses_the_conflicts_own_names(client: FlaskClient, world: World) -> None:
    sign_in_as(client, world["editor"])
    response = client.get(
        "/api/v1/imports/initiatives/template",
        query_string={"conflict_id": world["conflict"].id, "format": "csv"},
    )

    text = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "#valley" in text and "#Cattle raids" in text and "#Kolowa" in text
    assert "#Amani Dialogue Trust" in text
    assert "Water" not in text and "BT-2026" not in text


def test_a_dry_run_shows_a_bad_rows_errors_by_row_and_column_and_imports_nothing(
    client: FlaskClient, world: World
) -> None:
    sign_in_as(client, world["editor"])

    response = upload(client, sheet(row("Good one"), row("Bad one", issues="Rustling")))

    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="import-problems"' in html
    assert '<th scope="row" rowspan="1">3</th><td>Issues</td>' in html
    assert "Rustling" in html
    assert 'id="confirm-import"' not in html
    assert initiative_titles() == []


def test_confirming_a_clean_dry_run_imports_every_row_without_a_second_upload(
    client: FlaskClient, world: World
) -> None:
    sign_in_as(client, world["editor"])
    checked = upload(client, sheet(row("First"), row("Second"), row("Third")))
    html = checked.get_data(as_text=True)
    assert checked.status_code == 200 and 'id="confirm-import"' in html
    assert initiative_titles() == []
    token = html.split('name="token" value="')[1].split('"')[0]

    confirmed = client.post("/imports/confirm", data={"token": token})

    assert confirmed.status_code == 302
    assert initiative_titles() == ["First", "Second", "Third"]
    again = client.post("/imports/confirm", data={"token": token})
    assert again.status_code == 409 and initiative_titles() == ["First", "Second", "Third"]


def test_another_session_cannot_confirm_a_kept_file(
    app: Flask, client: FlaskClient, world: World
) -> None:
    sign_in_as(client, world["editor"])
    html = upload(client, sheet(row("First"))).get_data(as_text=True)
    token = html.split('name="token" value="')[1].split('"')[0]
    other = sign_in_as(app.test_client(), world["editor"])

    assert other.post("/imports/confirm", data={"token": token}).status_code == 409
    assert initiative_titles() == []


def test_an_unreadable_file_is_refused_in_plain_words(client: FlaskClient, world: World) -> None:
    sign_in_as(client, world["editor"])

    response = upload(client, b"PK\x03\x04 not really a workbook")

    assert response.status_code == 422
    assert 'id="import-refusal"' in response.get_data(as_text=True)
    assert initiative_titles() == []


def test_a_viewer_may_read_the_page_but_not_import(client: FlaskClient, world: World) -> None:
    sign_in_as(client, world["viewer"])

    assert 'id="import-file"' not in client.get("/imports/").get_data(as_text=True)
    assert upload(client, sheet(row("First"))).status_code == 403
    assert initiative_titles() == []


def test_the_initiatives_list_offers_csv_xlsx_and_hxl_exports(
    client: FlaskClient, world: World
) -> None:
    html = sign_in_as(client, world["editor"]).get("/initiatives/").get_data(as_text=True)

    assert "/api/v1/exports/initiatives?format=csv" in html
    assert "/api/v1/exports/initiatives?format=xlsx" in html
    assert "format=csv&amp;hxl=true" in html
