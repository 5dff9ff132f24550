"""An NGO editor imports a spreadsheet through the page in a real browser: check, then confirm."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from tests.helpers import PASSWORD, initiative_titles
from tests.helpers.browser import sign_in
from tests.world import build_world, member, org, place

pytestmark = pytest.mark.browser

ROWS = (
    "Title,Conflict,Track,Mode,Method,Status,Start date,Issues,Regions\n"
    "Elders' water forum,valley,Track 2,Soft,Dialogue,Active,2026-02-01,Cattle raids,Kolowa\n"
    "Youth grazing talks,valley,Track 3,Soft,Dialogue,Planned,2026-04-01,Cattle raids,\n"
    "Women's peace table,valley,Track 2,Hard,Problem-solving workshop,Active,2026-03-15,"
    "Cattle raids,Kolowa\n"
)


@dataclass(frozen=True)
class Desk:
    """An editor's email and the conflict's name, as plain values the browser thread reads."""

    email: str
    conflict: str


@pytest.fixture
def desk(live_app: Flask) -> Desk:
    made = build_world(
        scopes={
            "where": place(
                only=("issue", "region"),
                names={"issue": "Cattle raids", "region": "Kolowa"},
                slug="valley",
                name="Valley conflict",
            )
        },
        organisations={"ngo": org(name="Amani")},
        users={"editor": member("ngo", password=PASSWORD)},
    )
    return Desk(email=made.editor.email, conflict=made.conflict.name)


def test_an_editor_imports_a_three_row_csv_through_the_page(
    desk: Desk, in_browser: Any, tmp_path: Path
) -> None:
    sheet = tmp_path / "initiatives.csv"
    sheet.write_text(ROWS, encoding="utf-8")

    def scenario(page: Any) -> tuple[str, str]:
        sign_in(page, desk.email)
        page.goto("/initiatives/")
        page.get_by_role("link", name="Import a spreadsheet").click()
        page.get_by_label("Conflict").select_option(label=desk.conflict)
        page.get_by_label("CSV or XLSX file").set_input_files(str(sheet))
        page.get_by_role("button", name="Check the file").click()
        report = page.locator("#import-report").inner_text()
        page.get_by_role("button", name="Import 3 rows").click()
        page.wait_for_url("**/initiatives/")
        return report, page.locator("main").inner_text()

    report, listing = in_browser(scenario)

    assert "3 rows read: 3 would be new" in report
    assert initiative_titles() == [
        "Elders' water forum",
        "Women's peace table",
        "Youth grazing talks",
    ]
    assert "Imported 3 rows: 3 new initiatives" in listing
    assert "Youth grazing talks" in listing
