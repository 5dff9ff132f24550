"""The demo's coordinator at the desk in Chromium: overview, map, and the coverage heat map.

Screenshots are test artefacts in pytest's temporary folder, never committed.
"""

from __future__ import annotations

import io
import itertools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask

from registry import demo
from registry.extensions import db
from registry.models import Conflict
from tests.helpers.browser import scroll_map_into_view, sign_in

pytestmark = pytest.mark.browser

COORDINATOR = ("coordinator@demo.example.org", "demo-coordinator-2026")
CY = "document.getElementById('overlap-map')._cyreg.cy"
POSITIONS = (
    "() => { const cy = document.getElementById('overlap-map')._cyreg.cy;"
    " const out = {}; cy.nodes().forEach(n => { const p = n.position();"
    " out[n.id()] = [Math.round(p.x * 10) / 10, Math.round(p.y * 10) / 10]; }); return out; }"
)


@dataclass(frozen=True)
class Demo:
    """The demo's Baringo–Turkana conflict, as plain values the browser thread reads."""

    conflict_id: int
    name: str


@pytest.fixture
def baringo(live_app: Flask) -> Demo:
    demo.load()
    conflict = db.session.scalars(sa.select(Conflict).filter_by(slug="baringo-turkana")).one()
    return Demo(conflict.id, conflict.name)


def open_map(page: Any, conflict_id: int, query: str = "") -> None:
    page.goto(f"/conflicts/{conflict_id}/map{query}")
    page.wait_for_selector("#overlap-map[data-layout=done] canvas")


def test_the_coordinator_opens_the_overview_from_the_home_page(
    in_browser: Any, baringo: Demo, tmp_path: Path
) -> None:
    def scenario(page: Any) -> str:
        sign_in(page, *COORDINATOR)
        page.get_by_role("link", name=baringo.name).click()
        page.wait_for_url(f"**/conflicts/{baringo.conflict_id}")
        page.screenshot(path=str(tmp_path / "overview.png"), full_page=True)
        return page.locator("main").inner_text()

    text = in_browser(scenario)
    assert "Open findings" in text and "Escalation stage" in text
    assert "Kerio Valley water-point dialogues" in text
    assert "Brokers" in text and "Reach to Track One by party" in text


def test_the_map_labels_nodes_by_title_and_an_edge_click_shows_its_sentence(
    in_browser: Any, baringo: Demo, tmp_path: Path
) -> None:
    def scenario(page: Any) -> dict[str, Any]:
        sign_in(page, *COORDINATOR)
        open_map(page, baringo.conflict_id)
        scroll_map_into_view(page)
        labels = page.evaluate(f"() => {CY}.nodes().map(n => n.data('label'))")
        # Click the middle of the first edge, where Cytoscape drew it.
        edge = page.evaluate(
            f"() => {{ const e = {CY}.edges(':visible')[0];"
            " return {point: e.renderedMidpoint(), message: e.data('message')}; }"
        )
        box = page.locator("#overlap-map").bounding_box()
        page.mouse.click(box["x"] + edge["point"]["x"], box["y"] + edge["point"]["y"])
        page.locator("#map-details-message").wait_for(state="visible")
        page.screenshot(path=str(tmp_path / "map-edge.png"), full_page=True)
        return {
            "labels": labels,
            "expected": edge["message"],
            "shown": page.locator("#map-details-message").inner_text(),
            "links": page.locator("#map-details-links a").all_inner_texts(),
        }

    seen = in_browser(scenario)
    assert any(label.startswith("Kerio Valley") for label in seen["labels"])
    assert all(not label.isdigit() for label in seen["labels"])
    assert seen["shown"] and seen["shown"] == seen["expected"]
    assert "Open the finding" in seen["links"] and "Propose coordination" in seen["links"]


def test_a_filter_changes_the_visible_edges_but_not_the_layout(
    in_browser: Any, baringo: Demo
) -> None:
    visible = f"() => {CY}.edges(':visible').length"

    def scenario(page: Any) -> dict[str, Any]:
        sign_in(page, *COORDINATOR)
        open_map(page, baringo.conflict_id)
        before, where = page.evaluate(visible), page.evaluate(POSITIONS)
        page.get_by_label("Shared participants").uncheck()
        page.get_by_role("button", name="Apply").click()
        page.wait_for_url("**code=*")
        page.wait_for_selector("#overlap-map[data-layout=done] canvas")
        return {
            "before": before,
            "after": page.evaluate(visible),
            "same_places": where == page.evaluate(POSITIONS),
        }

    seen = in_browser(scenario)
    assert seen["after"] < seen["before"]
    assert seen["same_places"]


def test_two_loads_of_the_map_place_every_node_in_the_same_place(
    in_browser: Any, baringo: Demo
) -> None:
    def scenario(page: Any) -> list[dict[str, Any]]:
        sign_in(page, *COORDINATOR)
        places = []
        for _ in range(2):
            open_map(page, baringo.conflict_id)
            places.append(page.evaluate(POSITIONS))
        return places

    first, second = in_browser(scenario)
    assert len(first) >= 5
    assert first == second


def _background(png: bytes) -> tuple[int, int, int]:
    """The colour of a cell's corner (inside its border, away from its number)."""
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB")
    return image.getpixel((4, 4))


def test_a_heat_map_cell_with_a_higher_count_is_darker_on_screen(
    in_browser: Any, baringo: Demo, tmp_path: Path
) -> None:
    def scenario(page: Any) -> list[tuple[int, bytes]]:
        sign_in(page, *COORDINATOR)
        page.goto(f"/conflicts/{baringo.conflict_id}/coverage")
        page.screenshot(path=str(tmp_path / "coverage.png"), full_page=True)
        cells = page.locator("#issues-by-parties td.heat")
        shots = []
        for index in range(cells.count()):
            cell = cells.nth(index)
            text = cell.inner_text().strip()
            shots.append((int(text) if text.isdigit() else 0, cell.screenshot()))
        return shots

    shots = in_browser(scenario)
    luminance = {}
    for count, png in shots:
        r, g, b = _background(png)
        luminance.setdefault(count, []).append(0.2126 * r + 0.7152 * g + 0.0722 * b)
    counts = sorted(luminance)
    assert len(counts) >= 3, counts  # a gap and at least two different counts
    for lower, higher in itertools.pairwise(counts):
        assert max(luminance[higher]) < min(luminance[lower]), (lower, higher, luminance)
    assert min(luminance[0]) > 240  # a gap stays white
