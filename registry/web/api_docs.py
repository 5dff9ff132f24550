"""The API documentation page, served from vendored Swagger UI (no CDN, no inline script)."""

from __future__ import annotations

from flask import Blueprint, render_template, url_for

from ..auth.access import PUBLIC, access

bp = Blueprint("api_docs", __name__)


@bp.get("/api/v1/docs")
@access(PUBLIC)
def show_api_docs() -> str:
    """Show the interactive API documentation."""
    return render_template("api/docs.html", spec_url=url_for("api-docs.openapi_json"))
