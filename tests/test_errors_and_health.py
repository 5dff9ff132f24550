"""Health probes and the one place errors become responses (JSON under /api, HTML elsewhere)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import abort
from flask.testing import FlaskClient

from registry.errors import Invalid, NotFound, PermissionDenied, PreconditionFailed, StateConflict
from registry.extensions import db
from tests.helpers import make_app

INTERNAL_DETAIL = "psycopg.OperationalError at /srv/registry/secret_module.py line 42"


# Health probes ----------------------------------------------------------------------------


def test_healthz_answers_200_ok(client: FlaskClient) -> None:
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


def test_readyz_answers_ready_on_the_migrated_database(client: FlaskClient) -> None:
    response = client.get("/readyz")

    assert response.status_code == 200
    assert response.get_json() == {"status": "ready", "database": "up"}


def _probe(url: str, instance: Path) -> tuple[int, dict[str, str]]:
    app = make_app(url, instance)
    try:
        response = app.test_client().get("/readyz")
        return response.status_code, response.get_json()
    finally:
        with app.app_context():
            db.engine.dispose()


def test_readyz_answers_503_migrations_pending_on_an_empty_database(tmp_path: Path) -> None:
    status, body = _probe(f"sqlite:///{tmp_path / 'empty.sqlite'}", tmp_path / "instance")

    assert (status, body) == (503, {"status": "migrations_pending", "database": "up"})


def test_readyz_answers_503_unavailable_when_the_database_cannot_be_opened(
    tmp_path: Path,
) -> None:
    unreachable = f"sqlite:///{tmp_path / 'no-such-directory' / 'registry.sqlite'}"

    status, body = _probe(unreachable, tmp_path / "instance")

    assert (status, body) == (503, {"status": "unavailable", "database": "down"})


# Error responses --------------------------------------------------------------------------


def _raise(error: BaseException) -> None:
    raise error


ROUTES = {
    "invalid": lambda: _raise(Invalid.field("title", "Enter a title.")),
    "not-found": lambda: _raise(NotFound()),
    "forbidden": lambda: _raise(PermissionDenied()),
    "conflict": lambda: _raise(StateConflict("This link was already agreed.")),
    "stale": lambda: _raise(PreconditionFailed()),
    "too-large": lambda: abort(413),
    "boom": lambda: _raise(RuntimeError(INTERNAL_DETAIL)),
}


@pytest.fixture
def errors_client(migrated: str, tmp_path: Path) -> Iterator[FlaskClient]:
    """Return a client of an app with routes that fail in each way, under /api and elsewhere."""
    app = make_app(migrated, tmp_path / "instance")
    for name, view in ROUTES.items():
        for prefix in ("/api/v1/_test", "/_test"):
            app.add_url_rule(f"{prefix}/{name}", f"{prefix}_{name}".replace("/", "_"), view)
    yield app.test_client()
    with app.app_context():
        db.engine.dispose()


@pytest.mark.parametrize(
    ("name", "status"),
    [
        ("invalid", 422),
        ("not-found", 404),
        ("forbidden", 403),
        ("conflict", 409),
        ("stale", 412),
        ("too-large", 413),
        ("boom", 500),
    ],
)
def test_api_error_answers_json_with_code_status_and_message(
    errors_client: FlaskClient, name: str, status: int
) -> None:
    response = errors_client.get(f"/api/v1/_test/{name}")

    assert response.status_code == status
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert body["code"] == status
    assert isinstance(body["status"], str)
    assert body["status"]
    assert body["message"]


def test_api_invalid_input_names_the_field_by_location(errors_client: FlaskClient) -> None:
    body = errors_client.get("/api/v1/_test/invalid").get_json()

    assert body["status"] == "Unprocessable Entity"
    assert body["errors"] == {"json": {"title": ["Enter a title."]}}


def test_api_conflict_carries_the_services_message(errors_client: FlaskClient) -> None:
    body = errors_client.get("/api/v1/_test/conflict").get_json()

    assert body["message"] == "This link was already agreed."


def test_api_method_not_allowed_answers_json(errors_client: FlaskClient) -> None:
    response = errors_client.delete("/api/v1/_test/conflict")

    assert response.status_code == 405
    assert response.get_json()["code"] == 405


@pytest.mark.parametrize(
    ("name", "status"),
    [("invalid", 422), ("not-found", 404), ("forbidden", 403), ("conflict", 409), ("boom", 500)],
)
def test_page_error_answers_an_html_page(
    errors_client: FlaskClient, name: str, status: int
) -> None:
    response = errors_client.get(f"/_test/{name}")

    assert response.status_code == status
    assert response.mimetype == "text/html"
    assert "<html" in response.get_data(as_text=True).lower()


def test_page_for_invalid_input_lists_the_field(errors_client: FlaskClient) -> None:
    page = errors_client.get("/_test/invalid").get_data(as_text=True)

    assert "title" in page
    assert "Enter a title." in page


def test_page_not_found_reads_like_a_missing_page(errors_client: FlaskClient) -> None:
    page = errors_client.get("/_test/not-found").get_data(as_text=True)

    assert "Page not found" in page


def test_unexpected_api_error_says_nothing_of_the_internals(errors_client: FlaskClient) -> None:
    response = errors_client.get("/api/v1/_test/boom")

    text = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "RuntimeError" not in text
    assert "secret_module" not in text
    assert "Traceback" not in text
    assert set(response.get_json()) <= {"code", "status", "message"}


def test_unexpected_page_error_says_nothing_of_the_internals(errors_client: FlaskClient) -> None:
    response = errors_client.get("/_test/boom")

    text = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "RuntimeError" not in text
    assert "secret_module" not in text
    assert "Traceback" not in text


def test_error_responses_are_never_cached(errors_client: FlaskClient) -> None:
    response = errors_client.get("/api/v1/_test/boom")

    assert response.headers["Cache-Control"] == "no-store"


def test_unexpected_error_is_logged_for_the_operators(
    errors_client: FlaskClient, caplog: pytest.LogCaptureFixture
) -> None:
    errors_client.get("/api/v1/_test/boom")

    assert any(record.exc_info for record in caplog.records)
