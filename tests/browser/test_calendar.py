"""The Track One calendar in a real browser: a coordinator adds a round on the overview, an
editor records a transfer for it, the focal point acknowledges it in /inbox, and the round's
page shows it delivered."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from registry.services import focal_points
from tests.factories import SYSTEM
from tests.helpers import PASSWORD
from tests.helpers.browser import sign_in
from tests.world import build_world, initiative, member, org, place

pytestmark = pytest.mark.browser


@dataclass(frozen=True)
class Calendar:
    """Who takes part, as plain values the browser thread reads."""

    conflict_id: int
    initiative_id: int
    body: str
    issue: str
    coordinator: str
    editor: str
    focal: str


@pytest.fixture
def world(live_app: Flask) -> Calendar:
    """An NGO's initiative with a channel to a body, its coordinator and the body's focal point."""
    made = build_world(
        scopes={"where": place(name="Valley conflict")},
        organisations={
            "ngo": org(name="Amani Bridges"),
            "hub": org("coordination_body", name="Envoy Support Unit"),
            "office": org("government", name="Ministry of Talks"),
        },
        initiatives={"initiative": initiative("ngo", title="Upland water dialogue")},
        channels={"route": "initiative"},
        users={
            "coordinator": member("hub", "viewer", ("where",), password=PASSWORD),
            "focal": member("office", "viewer", password=PASSWORD),
            "editor": member("ngo", password=PASSWORD),
        },
    )
    focal_points.assign(SYSTEM, made.body.id, made.focal.email)
    return Calendar(
        conflict_id=made.conflict.id,
        initiative_id=made.initiative.id,
        body=made.body.name,
        issue=made.issue.name,
        coordinator=made.coordinator.email,
        editor=made.editor.email,
        focal=made.focal.email,
    )


def add_round(page: Any, world: Calendar) -> None:
    """The coordinator adds a round from the conflict overview."""
    sign_in(page, world.coordinator)
    page.goto(f"/conflicts/{world.conflict_id}")
    page.get_by_role("link", name="Add a round").click()
    page.get_by_label("Title").fill("Fifth round")
    page.get_by_label("Starts on").fill("2027-01-10")
    page.get_by_label("Ends on").fill("2027-01-12")
    page.get_by_label(world.body).check()
    page.get_by_label(world.issue).check()
    page.get_by_role("button", name="Add the round").click()
    page.get_by_text("“Fifth round” is on the calendar.").wait_for()
    assert page.get_by_role("link", name="Fifth round").is_visible()


def record_transfer(page: Any, world: Calendar) -> None:
    """The editor records a transfer for the round through the initiative's channel."""
    sign_in(page, world.editor)
    page.goto(f"/initiatives/{world.initiative_id}/transfers")
    page.get_by_label("Channel it went through").select_option(index=1)
    page.get_by_label("Title").fill("Water-sharing principles")
    page.get_by_label("Kind of output").select_option("principles")
    page.get_by_label(world.issue).check()
    page.get_by_label("Delivered on").fill(date.today().isoformat())
    page.get_by_label("Round of talks it was delivered for").select_option(
        label="Fifth round (10–12 January 2027)"
    )
    page.get_by_role("button", name="Record the transfer").click()
    page.get_by_text("The transfer is recorded as claimed.").wait_for()


def acknowledge(page: Any, world: Calendar) -> None:
    """The focal point acknowledges it in its inbox, then opens the round's page."""
    sign_in(page, world.focal)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Inbox").click()
    row = page.get_by_role("row", name="Water-sharing principles")
    row.get_by_role("button", name="Acknowledge").click()
    page.get_by_text("Recorded: acknowledged").wait_for()
    assert "Acknowledged" in page.get_by_role("row", name="Water-sharing principles").inner_text()


def see_it_delivered(page: Any, world: Calendar, shots: Path) -> str:
    """The coordinator reads the round's page: the transfer, delivered and acknowledged."""
    sign_in(page, world.coordinator)
    page.goto(f"/conflicts/{world.conflict_id}")
    page.get_by_role("link", name="Fifth round").click()
    page.get_by_role("heading", name="Delivered for this round").wait_for()
    for width, name in ((1280, "desktop"), (390, "phone")):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(shots / f"round-{name}.png"), full_page=True)
        wide = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
        assert not wide, f"the round's page scrolls sideways at {width} px"
    return str(page.get_by_role("row", name="Water-sharing principles").inner_text())


def test_a_round_is_added_delivered_to_and_acknowledged(
    in_browser: Any, world: Calendar, tmp_path: Path
) -> None:
    def scenario(page: Any) -> str:
        add_round(page, world)
        record_transfer(page, world)
        acknowledge(page, world)
        return see_it_delivered(page, world, tmp_path)

    row = in_browser(scenario)

    assert "Upland water dialogue" in row
    assert "Acknowledged" in row
    assert f"the focal point of {world.body} confirmed it on" in row
