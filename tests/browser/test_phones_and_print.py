"""At 390 px no page of the demo scrolls sideways; a donor prints its portfolio on A4."""

from __future__ import annotations

import re
from collections import deque
from typing import Any
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa
from flask import Flask

from registry import demo
from registry.demo.data import ACCOUNTS
from registry.extensions import db
from registry.models import Initiative, Organisation
from registry.models.initiative import initiative_funder
from tests.helpers.browser import sign_in

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
USERS = (
    "editor.amani@demo.example.org",
    "viewer.northwind@demo.example.org",
    "coordinator@demo.example.org",
    "admin@demo.example.org",
)
PASSWORDS = {account.email: account.password for account in ACCOUNTS}
# Downloads and machine formats are not pages; signing out would end the crawl.
NOT_PAGES = re.compile(r"\.(csv|xlsx|json|gexf|graphml)$|/export|format=|/signout|/static/|/api/")
PER_SHAPE = 2  # pages of one route shape visited (e.g. two initiatives' pages)
MAX_PAGES = 70


@pytest.fixture
def demo_loaded(live_app: Flask) -> dict[str, int]:
    """Load the demo; return how many conflicts the donor's portfolio spans."""
    demo.load()
    northwind = db.session.scalar(sa.select(Organisation.id).filter_by(name="Northwind Peace Fund"))
    funded = sa.select(initiative_funder.c.initiative_id).where(
        initiative_funder.c.organisation_id == northwind
    )
    conflicts = db.session.scalars(
        sa.select(Initiative.conflict_id)
        .where(Initiative.id.in_(funded), Initiative.confidentiality != "sealed")
        .distinct()
    ).all()
    return {"conflicts": len(conflicts)}


def shape(path: str) -> str:
    """The route a path belongs to, ids and query values left out."""
    parts = urlsplit(path)
    keys = sorted(re.findall(r"([^&=?]+)=", parts.query))
    return re.sub(r"\d+", "N", parts.path) + "?" + "&".join(keys)


def crawl_widths(page: Any) -> dict[str, int]:
    """Visit the pages reachable from /home by links; return each page's scroll width."""
    widths: dict[str, int] = {}
    shapes: dict[str, int] = {}
    queue = deque(["/home", "/portfolio", "/search?q=a"])
    while queue and len(widths) < MAX_PAGES:
        path = queue.popleft()
        if path in widths or NOT_PAGES.search(path) or shapes.get(shape(path), 0) >= PER_SHAPE:
            continue
        shapes[shape(path)] = shapes.get(shape(path), 0) + 1
        response = page.goto(path)
        if response is None or "text/html" not in response.headers.get("content-type", ""):
            continue
        widths[path] = page.evaluate("document.documentElement.scrollWidth")
        hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
        for href in hrefs:
            parts = urlsplit(href)
            if parts.netloc == urlsplit(page.url).netloc and not parts.fragment:
                queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return widths


@pytest.mark.parametrize("email", USERS)
def test_no_page_a_demo_user_reaches_scrolls_sideways_at_390_px(
    in_browser: Any, demo_loaded: dict[str, int], email: str
) -> None:
    def scenario(page: Any) -> dict[str, int]:
        page.set_viewport_size(PHONE)
        sign_in(page, email, PASSWORDS[email])
        return crawl_widths(page)

    widths = in_browser(scenario)

    assert len(widths) >= 10, widths
    assert {path: width for path, width in widths.items() if width > PHONE["width"]} == {}


def test_the_navigation_folds_behind_a_toggler_on_a_phone(
    in_browser: Any, demo_loaded: dict[str, int]
) -> None:
    def scenario(page: Any) -> tuple[bool, bool]:
        page.set_viewport_size(PHONE)
        editor = "editor.amani@demo.example.org"
        sign_in(page, editor, PASSWORDS[editor])
        folded = not page.get_by_role("link", name="Initiatives").is_visible()
        page.get_by_role("button", name="Menu").click()
        page.get_by_role("link", name="Initiatives").wait_for(state="visible")
        return folded, page.get_by_role("link", name="Initiatives").is_visible()

    assert in_browser(scenario) == (True, True)


def test_a_donor_prints_the_portfolio_on_a4_one_conflict_a_page(
    in_browser: Any, demo_loaded: dict[str, int]
) -> None:
    def scenario(page: Any) -> tuple[bytes, bool, int]:
        donor = "viewer.northwind@demo.example.org"
        sign_in(page, donor, PASSWORDS[donor])
        page.goto("/portfolio")
        page.emulate_media(media="print")
        hidden = page.evaluate("getComputedStyle(document.querySelector('header')).display")
        breaks = page.eval_on_selector_all(
            ".portfolio-conflict", "all => all.map(s => getComputedStyle(s).breakBefore)"
        )
        return page.pdf(format="A4"), hidden == "none", breaks.count("page")

    pdf, navigation_hidden, breaks = in_browser(scenario)

    pages = len(re.findall(rb"/Type\s*/Page(?!s)", pdf))
    conflicts = demo_loaded["conflicts"]
    assert conflicts >= 2 and breaks == conflicts - 1
    assert navigation_hidden
    assert conflicts <= pages <= 6 * conflicts
    boxes = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", pdf)
    assert boxes and all(abs(float(w) - 595.3) < 1 and abs(float(h) - 841.9) < 1 for w, h in boxes)
