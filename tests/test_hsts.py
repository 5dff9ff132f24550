"""HSTS: every response of a production app says HTTPS-only; development and tests do not."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from registry.extensions import db
from tests.helpers import make_app

REDIS = "redis://127.0.0.1:6379/14"


def _boom() -> None:
    raise RuntimeError("internal detail")


@pytest.fixture
def production(migrated: str, tmp_path: Path) -> Iterator[Flask]:
    app = make_app(migrated, tmp_path / "instance", ENV="production", RATELIMIT_STORAGE_URI=REDIS)
    app.add_url_rule("/_test/boom", "_test_boom", _boom)
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("GET", "/healthz", 200),
        ("GET", "/", 200),
        ("GET", "/no-such-page", 404),
        ("GET", "/api/v1/no-such-thing", 404),
        ("POST", "/api/v1/auth/tokens", 422),
        ("GET", "/_test/boom", 500),
        ("GET", "/static/css/registry.css", 200),
    ],
)
def test_every_production_response_carries_hsts(
    production: Flask, method: str, path: str, status: int
) -> None:
    response = production.test_client().open(
        path, method=method, json={} if method == "POST" else None
    )
    assert response.status_code == status
    assert response.headers["Strict-Transport-Security"] == "max-age=63072000; includeSubDomains"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_hsts_can_be_configured(migrated: str, tmp_path: Path) -> None:
    app = make_app(
        migrated, tmp_path / "i", ENV="production", RATELIMIT_STORAGE_URI=REDIS, HSTS_SECONDS=300
    )
    response = app.test_client().get("/healthz")
    assert response.headers["Strict-Transport-Security"] == "max-age=300; includeSubDomains"


def test_no_hsts_outside_production(client: object) -> None:
    response = client.get("/healthz")  # type: ignore[attr-defined]
    assert response.status_code == 200
    assert "Strict-Transport-Security" not in response.headers
