"""Server-rendered pages and operational endpoints."""

from __future__ import annotations

from typing import Any

from flask import Flask, request, url_for
from werkzeug.exceptions import UnsupportedMediaType


def register_web(app: Flask) -> None:
    """Register the web blueprints and what every template may use."""
    from . import (
        account,
        admin,
        analysis,
        api_docs,
        auth,
        channels,
        freshness,
        health,
        home,
        initiatives,
        links,
        participants,
        people,
        public,
        reference,
        screening,
        security,
    )

    security.register_security_headers(app)
    freshness.register(app)
    pages = (health, public, auth, home, account, admin, api_docs, screening)
    registration = (initiatives, participants, channels, people, links, reference)
    analyses = (analysis,)
    for module in (*pages, *registration, *analyses):
        app.register_blueprint(module.bp)
    app.context_processor(_navigation)
    app.before_request(_refuse_json_posts)


def _navigation() -> dict[str, Any]:
    """Give templates the sign-in and sign-out addresses."""
    return {"signin_url": url_for("auth.show_signin"), "signout_url": url_for("auth.sign_out")}


def _refuse_json_posts() -> None:
    """Answer 415 to JSON sent to a page: pages take forms, the API takes JSON."""
    unsafe = request.method in ("POST", "PUT", "PATCH", "DELETE")
    if unsafe and request.is_json and not request.path.startswith("/api/"):
        raise UnsupportedMediaType("Pages take HTML forms; send JSON to /api/v1.")
