"""Fixtures of the browser tests: the app served in a thread (CSRF on), and Chromium driven
by Playwright in a thread of its own.

Chromium comes from the system (`apt-get install chromium`), never from `playwright
install`. Without it the tests are skipped, unless CI is "true": then they fail, so that
CI cannot pass by skipping them.

Playwright's sync API keeps an event loop running in the thread that uses it, and Flask
refuses to run the database extension's async teardown in such a thread; so the browser
lives in its own thread, and tests hand it scenarios: `in_browser(lambda page: ...)`.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

import pytest
from flask import Flask
from werkzeug.serving import make_server

from tests.helpers import custom_app

R = TypeVar("R")
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


def _unavailable(reason: str) -> None:
    """Skip, or fail when CI is "true" (CI must run these tests, not skip them)."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"browser tests cannot run in CI: {reason}", pytrace=False)
    pytest.skip(reason)


# A form sent back with its errors answers 422; Chromium logs that, and it is expected.
EXPECTED = "Failed to load resource: the server responded with a status of 422"


def _is_error(message: Any) -> bool:
    return message.type == "error" and not message.text.startswith(EXPECTED)


class BrowserThread:
    """A Chromium launched and driven from one dedicated thread."""

    def __init__(self) -> None:
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="chromium")
        self._thread.submit(self._launch).result()

    def _launch(self) -> None:
        from playwright.sync_api import sync_playwright

        self._playwright = sync_playwright().start()
        self._browser = self._playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
        )

    def run(self, base_url: str, scenario: Callable[[Any], R]) -> R:
        """Run a scenario on a fresh page; fail on any console error (e.g. a CSP violation)."""
        return self._thread.submit(self._run, base_url, scenario).result()

    def _run(self, base_url: str, scenario: Callable[[Any], R]) -> R:
        context = self._browser.new_context(base_url=base_url)
        context.set_default_timeout(10_000)
        page = context.new_page()
        errors: list[str] = []
        page.on("console", lambda message: _is_error(message) and errors.append(message.text))
        page.on("pageerror", lambda error: errors.append(str(error)))
        try:
            result = scenario(page)
        finally:
            context.close()
        assert not errors, f"the browser reported errors: {errors}"
        return result

    def close(self) -> None:
        """Close Chromium and stop Playwright, in the thread that started them."""

        def stop() -> None:
            self._browser.close()
            self._playwright.stop()

        self._thread.submit(stop).result()
        self._thread.shutdown()


@pytest.fixture(scope="session")
def chromium() -> Iterator[BrowserThread]:
    """Launch the system Chromium once for the session."""
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} is missing; install it with `apt-get install chromium`")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        _unavailable("Playwright for Python is missing: pip install -e '.[test]'")
    browser = BrowserThread()
    yield browser
    browser.close()


@pytest.fixture
def live_app(migrated: str, tmp_path: Path) -> Iterator[Flask]:
    """Return an app on a clean, migrated database that checks CSRF tokens as production does."""
    with custom_app(migrated, tmp_path / "instance", WTF_CSRF_ENABLED=True) as app:
        yield app


@pytest.fixture
def base_url(live_app: Flask) -> Iterator[str]:
    """Serve the app on a free local port in a background thread; return its address."""
    server = make_server("127.0.0.1", 0, live_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)


@pytest.fixture
def in_browser(chromium: BrowserThread, base_url: str) -> Callable[[Callable[[Any], R]], R]:
    """Return a function that runs a scenario (a function of a Playwright page) in Chromium."""
    return lambda scenario: chromium.run(base_url, scenario)
