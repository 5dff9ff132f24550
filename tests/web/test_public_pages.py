"""The public landing page, the security headers and the HTML and JSON error pages."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from registry.extensions import db
from registry.models import Conflict, Initiative, Issue, Organisation, Region


def _seed_initiatives(app: Flask) -> None:
    """Store one conflict with a public initiative and a registry-only one."""
    with app.app_context():
        sponsor = Organisation(name="Bridges Foundation", kind="ngo")
        conflict = Conflict(
            slug="valley",
            name="Valley conflict",
            track_one_status="stalled",
            escalation_stage="polarisation",
        )
        db.session.add_all([sponsor, conflict])
        db.session.flush()
        water = Issue(conflict_id=conflict.id, name="Water sharing")
        upland = Region(conflict_id=conflict.id, name="Upland districts")
        common = dict(
            conflict_id=conflict.id,
            sponsor_id=sponsor.id,
            track="2",
            mode="soft",
            method="dialogue",
            status="active",
        )
        db.session.add_all(
            [
                Initiative(
                    title="Upland water dialogue",
                    summary="Private summary for members only",
                    confidentiality="public",
                    issues=[water],
                    regions=[upland],
                    **common,
                ),
                Initiative(
                    title="Quiet channel", confidentiality="registry", issues=[water], **common
                ),
            ]
        )
        db.session.commit()


@contextmanager
def _count_selects(app: Flask) -> Iterator[list[str]]:
    """Collect the SELECT statements run on the app's engine inside the block."""
    statements: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            statements.append(statement)

    with app.app_context():
        engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        sa.event.remove(engine, "before_cursor_execute", record)


def test_landing_answers_html_with_empty_state(client: FlaskClient) -> None:
    response = client.get("/")

    assert response.status_code == 200
    assert response.mimetype == "text/html"
    assert "No public initiatives yet" in response.get_data(as_text=True)


def test_landing_lists_public_fields_of_public_initiatives_only(
    app: Flask, client: FlaskClient
) -> None:
    _seed_initiatives(app)

    page = client.get("/").get_data(as_text=True)

    assert "Valley conflict" in page
    assert "Upland water dialogue" in page
    assert "Bridges Foundation" in page
    assert "Water sharing" in page
    assert "Upland districts" in page
    assert "Quiet channel" not in page
    assert "Private summary" not in page
    assert "No public initiatives yet" not in page


def test_landing_reads_in_a_fixed_number_of_queries(app: Flask, client: FlaskClient) -> None:
    _seed_initiatives(app)

    with _count_selects(app) as statements:
        client.get("/")

    # The count, the page (with sponsor and conflict names), its issues and regions, and
    # the filters' options (conflicts with sponsors, then issues): never one per row.
    assert len(statements) <= 6


def test_pages_carry_a_strict_content_security_policy_and_nosniff(client: FlaskClient) -> None:
    response = client.get("/")

    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_pages_are_never_stored_in_caches(client: FlaskClient) -> None:
    response = client.get("/")

    assert response.headers["Cache-Control"] == "no-store"


def test_static_files_may_be_cached(client: FlaskClient) -> None:
    response = client.get("/static/css/registry.css")

    assert response.status_code == 200
    assert "no-store" not in response.headers.get("Cache-Control", "")
    response.close()


def test_unknown_url_answers_the_html_404_page(client: FlaskClient) -> None:
    response = client.get("/no-such-page")

    assert response.status_code == 404
    assert response.mimetype == "text/html"
    assert "Page not found" in response.get_data(as_text=True)


def test_unknown_api_url_answers_json_404(client: FlaskClient) -> None:
    response = client.get("/api/v1/nope")

    assert response.status_code == 404
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert body["code"] == 404
    assert body["status"] == "Not Found"
    assert body["message"]
