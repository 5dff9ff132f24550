"""A coordinator works through a conflict's analysis in a real browser: map, details, triage."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask

from registry.extensions import db
from registry.models import Finding
from tests.helpers import PASSWORD
from tests.helpers.browser import scroll_map_into_view, sign_in
from tests.world import build_world, initiative, member, org, person, place

pytestmark = pytest.mark.browser


@dataclass(frozen=True)
class Desk:
    """A coordinator and two overlapping initiatives, as plain values the browser thread reads."""

    conflict_id: int
    email: str
    first: int
    second: int


@pytest.fixture
def desk(live_app: Flask) -> Desk:
    elder = {
        "full_name": "Shared Elder",
        "birth_year": 1960,
        "gender": "male",
        "sector": "traditional_leader",
        "proximity": 2,
    }
    made = build_world(
        scopes={
            "where": place(
                only=("issue", "party"),
                names={"issue": "Water sharing", "party": "Upstream herders"},
                track_one_status="formal_talks",
                escalation_stage="discussion",
            )
        },
        organisations={"first_ngo": org(), "second_ngo": org(), "hub": org()},
        initiatives={
            "first": initiative("first_ngo", title="Wells dialogue"),
            "second": initiative("second_ngo", title="River talks"),
        },
        people={
            "elder": person("first_ngo", ("first",), party=True, **elder),
            "their_elder": person("second_ngo", ("second",), party=True, **elder),
        },
        users={"coordinator": member("hub", "viewer", ("where",), password=PASSWORD)},
    )
    return Desk(made.conflict.id, made.coordinator.email, made.first.id, made.second.id)


def test_the_map_draws_the_network_and_shows_an_initiative_on_click(
    in_browser: Any, desk: Desk
) -> None:
    def scenario(page: Any) -> dict[str, Any]:
        sign_in(page, desk.email)
        page.get_by_role("link", name="overlap map").click()
        # Read a node's position only once the layout has settled and stopped moving it.
        page.wait_for_selector("#overlap-map[data-layout=done] canvas")
        # Click the first initiative's node where Cytoscape drew it.
        scroll_map_into_view(page)
        box = page.locator("#overlap-map").bounding_box()
        position = page.evaluate(
            "id => { const holder = document.getElementById('overlap-map');"
            " const cy = holder._cyreg ? holder._cyreg.cy : null;"
            " const node = cy.getElementById(String(id)); return node.renderedPosition(); }",
            desk.first,
        )
        page.mouse.click(box["x"] + position["x"], box["y"] + position["y"])
        details = page.locator("#map-details")
        details.wait_for(state="visible")
        return {
            "details": details.inner_text(),
            "link": page.locator("#map-details-links a").first.get_attribute("href"),
            "rows": page.locator("table tbody tr").count(),
        }

    seen = in_browser(scenario)
    assert "Wells dialogue" in seen["details"] and "Overlaps" in seen["details"]
    assert seen["link"] == f"/initiatives/{desk.first}"
    assert seen["rows"] == 3  # one overlap, two initiatives


def test_a_coordinator_dismisses_a_finding_after_being_asked_why(
    in_browser: Any, desk: Desk
) -> None:
    def scenario(page: Any) -> str:
        sign_in(page, desk.email)
        page.goto(f"/conflicts/{desk.conflict_id}/findings?code=duplicate_initiative")
        finding = page.locator("li.finding").first
        finding.get_by_text("Triage").click()
        finding.get_by_label("Status").select_option("dismissed")
        finding.get_by_role("button", name="Save").click()
        refused = page.locator("li.finding").first
        refused.get_by_text("Say why you dismiss this finding.").wait_for()
        refused.get_by_label("Why (required to dismiss)").fill("One programme, two phases")
        refused.get_by_role("button", name="Save").click()
        page.wait_for_url("**/findings?code=duplicate_initiative*")  # then focus=<id>
        return page.locator("main").inner_text()

    text = in_browser(scenario)
    assert "is now dismissed" in text and "Reason: One programme, two phases" in text
    db.session.rollback()
    status = db.session.scalar(sa.select(Finding.status).filter_by(code="duplicate_initiative"))
    assert status == "dismissed"
