"""A request id for every request: sent back as X-Request-Id, on audit rows and in log lines."""

from __future__ import annotations

import logging
import re
import uuid

from flask import Flask, Response, g, has_request_context, request

HEADER = "X-Request-Id"
LOG_FORMAT = "[%(asctime)s] %(levelname)s %(name)s request=%(request_id)s: %(message)s"
# A proxy's id is kept only when it is short and plain, so it cannot forge log lines.
_SAFE = re.compile(r"[A-Za-z0-9._-]{8,64}")
_installed = False


def current_request_id() -> str | None:
    """Return the current request's id, or None outside a request (the command line)."""
    if not has_request_context():
        return None
    if "request_id" not in g:
        given = request.headers.get(HEADER, "")
        g.request_id = given if _SAFE.fullmatch(given) else uuid.uuid4().hex
    return str(g.request_id)


def _install_record_factory() -> None:
    """Give every log record a `request_id` attribute ("-" outside a request)."""
    global _installed
    if _installed:
        return
    previous = logging.getLogRecordFactory()

    def factory(*args: object, **kwargs: object) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        try:
            record.request_id = current_request_id() or "-"
        except RuntimeError:
            record.request_id = "-"
        return record

    logging.setLogRecordFactory(factory)
    _installed = True


def register_request_ids(app: Flask) -> None:
    """Number every request, say its id in the response and in the application's log lines."""
    from flask.logging import default_handler

    _install_record_factory()
    default_handler.setFormatter(logging.Formatter(LOG_FORMAT))

    @app.after_request
    def _send_request_id(response: Response) -> Response:
        response.headers[HEADER] = current_request_id() or ""
        return response
