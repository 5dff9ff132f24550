"""Server-rendered pages and operational endpoints."""

from __future__ import annotations

from typing import Any

from flask import Flask, request, url_for
from werkzeug.exceptions import UnsupportedMediaType


def register_web(app: Flask) -> None:
    """Register the web blueprints and what every template may use."""
    from ..auth.password_gate import register_password_gate
    from . import (
        account,
        admin,
        analysis,
        api_docs,
        auth,
        calendar,
        channels,
        conflicts,
        freshness,
        health,
        home,
        imports,
        inbox,
        initiatives,
        links,
        participants,
        people,
        people_records,
        portfolio,
        public,
        reference,
        screening,
        search,
        security,
    )

    security.register_security_headers(app)
    freshness.register(app)
    register_password_gate(app)
    pages = (health, public, auth, home, portfolio, search, account, admin, api_docs, screening)
    registration = (initiatives, participants, channels, people, links, reference, imports)
    analyses = (analysis, conflicts, calendar, inbox, people_records)
    for module in (*pages, *registration, *analyses):
        app.register_blueprint(module.bp)
    app.context_processor(_navigation)
    app.add_template_filter(_code_label, "code_label")
    app.before_request(_refuse_json_posts)


def _navigation() -> dict[str, Any]:
    """Give templates the sign-in and sign-out addresses, and which menu entries to offer."""
    from .. import policy
    from ..auth.access import current_actor
    from ..readers import funded

    actor = current_actor()
    return {
        "signin_url": url_for("auth.show_signin"),
        "signout_url": url_for("auth.sign_out"),
        "can_administer": policy.can_administer(current_actor()),
        "is_focal_point": bool(policy.focal_body_ids(current_actor())),
        "funds_initiatives": actor.is_authenticated and funded.funds_any(actor),
    }


def _code_label(code: str) -> str:
    """Name a finding code in words, as the code registry labels it."""
    from ..analysis.codes import LABELS

    return LABELS.get(code, code.replace("_", " ").capitalize())


def _refuse_json_posts() -> None:
    """Answer 415 to JSON sent to a page: pages take forms, the API takes JSON."""
    unsafe = request.method in ("POST", "PUT", "PATCH", "DELETE")
    if unsafe and request.is_json and not request.path.startswith("/api/"):
        raise UnsupportedMediaType("Pages take HTML forms; send JSON to /api/v1.")
