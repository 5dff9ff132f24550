"""Drive the served app from Chromium as a person does."""

from __future__ import annotations

import re
from typing import Any

from tests.helpers.http import PASSWORD

HOME = re.compile(r".*/(home|portfolio)$")  # where signing in lands


def sign_in(page: Any, email: str, password: str = PASSWORD) -> None:
    """Sign in through the form, after forgetting whoever was signed in, and reach home
    (a donor's is its portfolio)."""
    page.context.clear_cookies()
    page.goto("/signin")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(HOME)


def scroll_map_into_view(page: Any) -> None:
    """Scroll the overlap map into view and wait until Cytoscape has seen the scroll.

    Cytoscape learns where its canvas moved from the scroll event, dispatched on the next
    frame; a click sooner lands where the canvas was (as no person clicks that fast).
    """
    page.locator("#overlap-map").scroll_into_view_if_needed()
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
