"""Liveness and readiness probes for load balancers and orchestrators."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify

from ..auth.access import PUBLIC, access
from ..extensions import csrf

bp = Blueprint("health", __name__)


@bp.get("/healthz")
@access(PUBLIC)
@csrf.exempt
def show_health() -> Response:
    """Answer 200 while the process serves requests."""
    return jsonify(status="ok")


@bp.get("/readyz")
@access(PUBLIC)
@csrf.exempt
def show_readiness() -> tuple[Response, int]:
    """Answer 200 when the database answers and its schema is at the migrations' head."""
    from ..services.maintenance import schema_state

    state = schema_state()
    return jsonify(state), 200 if state["status"] == "ready" else 503
