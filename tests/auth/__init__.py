"""Tests of signing in, sessions, tokens, throttling, CSRF and the access policy.

Helpers shared by these modules: apps with their own settings, and reading forms.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from flask import Flask

from registry.extensions import db, limiter
from tests.conftest import IsolatedClient, make_app, truncate_all

REDIS_URL = "redis://127.0.0.1:6379/15"
PASSWORD = "correct horse battery staple"  # UserFactory's default

_HIDDEN_CSRF = re.compile(r'<input type="hidden" name="csrf_token" value="([^"]+)"')
_META_CSRF = re.compile(r'<meta name="csrf-token" content="([^"]+)">')


@contextmanager
def custom_app(database_url: str, instance_path: Path, **overrides: object) -> Iterator[Flask]:
    """Build a separate testing app (for settings read only at start-up) on a clean database.

    Settings read per request (limits, CSRF) are better set on the `app` fixture's
    config. Building an app rebinds the one global limiter to the new app's store, so
    the store of the shared test app is put back afterwards: later tests must not
    count in this app's store (a Redis one is shared with other processes).
    """
    # Private attributes: flask-limiter offers no public way to rebind its store.
    saved = limiter._storage, limiter._limiter
    app = make_app(database_url, instance_path, **overrides)
    app.test_client_class = IsolatedClient
    try:
        with app.app_context():
            truncate_all()
            try:
                yield app
            finally:
                db.session.rollback()
                db.engine.dispose()
    finally:
        limiter._storage, limiter._limiter = saved


def form_csrf_token(html: str) -> str:
    """Return the CSRF token of the first form on a page."""
    match = _HIDDEN_CSRF.search(html)
    assert match, "the page has no form with a CSRF token"
    return match.group(1)


def meta_csrf_token(html: str) -> str:
    """Return the CSRF token a page offers its scripts in <meta name="csrf-token">."""
    match = _META_CSRF.search(html)
    assert match, "the page has no csrf-token meta tag"
    return match.group(1)


def flush_redis() -> None:
    """Empty the Redis database the rate-limit tests use, or skip when Redis is not running."""
    import pytest
    import redis

    try:
        redis.Redis.from_url(REDIS_URL).flushdb()
    except redis.exceptions.ConnectionError:
        pytest.skip(f"Redis is not reachable at {REDIS_URL}")
