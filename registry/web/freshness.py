"""Tell the reader what data an analysis answer reflects: headers, and the pages' notice.

SPEC 4.2: an answer from a stored run carries `X-Data-Version`; one being refreshed
also `X-Refreshing: true`; findings a cap left out are counted by code in
`X-Left-Out` (JSON). Pages show the same as a notice above their content.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from flask import Flask, after_this_request, g
from werkzeug.wrappers import Response

from ..services.freshness import Freshness


def announce(freshness: Freshness, left_out: Mapping[str, int] | None = None) -> None:
    """Mark this request's answer with its data version, refresh state and what caps left out."""
    counts = {code: count for code, count in (left_out or {}).items() if count}
    g.analysis_notice = {
        "refreshing": freshness.refreshing,
        "data_version": freshness.data_version,
        "left_out": counts,
        "left_out_total": sum(counts.values()),
    }

    @after_this_request
    def _headers(response: Response) -> Response:
        if freshness.data_version is not None:
            response.headers["X-Data-Version"] = str(freshness.data_version)
        if freshness.refreshing:
            response.headers["X-Refreshing"] = "true"
        if counts:
            response.headers["X-Left-Out"] = json.dumps(counts, sort_keys=True)
        return response


def notice() -> dict[str, Any] | None:
    """The notice of this request's analysis answer, for the pages' header."""
    found: dict[str, Any] | None = g.get("analysis_notice")
    return found


def register(app: Flask) -> None:
    """Let every template (and imported macros) read the notice."""
    app.jinja_env.globals["analysis_notice"] = notice
