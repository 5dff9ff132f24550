"""Liveness and readiness probes for load balancers and orchestrators."""

from __future__ import annotations

from flask import Blueprint, Flask, Response, g, jsonify, request

from ..auth.access import PUBLIC, access
from ..extensions import login_manager

bp = Blueprint("health", __name__)


@bp.get("/healthz")
@access(PUBLIC)
def show_health() -> Response:
    """Answer 200 while the process serves requests."""
    return jsonify(status="ok")


@bp.get("/readyz")
@access(PUBLIC)
def show_readiness() -> tuple[Response, int]:
    """Answer 200 when the database answers and its schema is at the migrations' head."""
    from ..services.maintenance import schema_state

    state = schema_state()
    state["database"] = "down" if state["status"] == "unavailable" else "up"
    response = jsonify(state)
    if state["status"] != "ready":
        response.headers["Retry-After"] = "5"
    return response, 200 if state["status"] == "ready" else 503


PROBES = frozenset(("health.show_health", "health.show_readiness"))


def _probes_never_load_a_user() -> None:
    """Answer probes as a visitor: an Authorization header must not make them read users."""
    if request.endpoint in PROBES:
        # Flask-Login reads g._login_user before it would call the user or request loader.
        g._login_user = login_manager.anonymous_user()


def register_probe_guard(app: Flask) -> None:
    """Run before every other hook, so none of them loads the user for a probe."""
    app.before_request(_probes_never_load_a_user)
