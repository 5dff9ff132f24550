"""Turn domain and HTTP errors into responses at the edge: JSON under /api, HTML elsewhere."""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

from flask import Flask, Response, jsonify, redirect, render_template, request, url_for
from werkzeug.exceptions import HTTPException, InternalServerError

from ..auth.access import current_actor
from ..errors import PermissionDenied, RegistryError, Unauthenticated, Unavailable
from ..services.audit import record_denial
from ..services.requests import abandon

log = logging.getLogger(__name__)


def wants_json() -> bool:
    """Tell whether the current request is answered in JSON."""
    return request.path.startswith("/api/")


def error_response(status: int, message: str, errors: dict[str, Any] | None = None) -> Response:
    """Render an error as JSON {code, status, message, errors} or as an HTML page."""
    phrase = HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ else "Error"
    if wants_json():
        body: dict[str, Any] = {"code": status, "status": phrase, "message": message}
        if errors:
            body["errors"] = errors
        response = jsonify(body)
    else:
        template = f"errors/{status}.html" if status in (400, 401, 403, 404, 429, 503) else None
        html = render_template(
            template or "errors/generic.html",
            status=status,
            phrase=phrase,
            message=message,
            errors=errors or {},
        )
        response = Response(html, mimetype="text/html")
    response.status_code = status
    return response


def _audit_denial() -> None:
    """Record a permission denial in the audit log, in a transaction of its own."""
    abandon()
    record_denial(current_actor(), request.endpoint, request.method)


def register_error_handlers(app: Flask) -> None:
    """Map domain and HTTP errors to responses, replacing flask-smorest's app-wide handler."""

    @app.errorhandler(RegistryError)
    def _registry_error(error: RegistryError) -> Response:
        if isinstance(error, PermissionDenied):
            _audit_denial()
        if isinstance(error, Unauthenticated) and not wants_json() and request.method == "GET":
            # A page asks for sign-in by sending there, and back here afterwards.
            return redirect(url_for("auth.show_signin", next=request.full_path.rstrip("?")))
        response = error_response(error.status, error.message, error.errors)
        if isinstance(error, Unavailable):
            response.headers["Retry-After"] = str(error.retry_after)
        return response

    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException) -> Response:
        if isinstance(error, InternalServerError):
            return _internal_error(error)
        data = getattr(error, "data", None) or {}
        messages = data.get("messages") or data.get("errors")
        message = data.get("message") or error.description or ""
        if error.code == 422 and messages and not data.get("message"):
            message = "The input is not valid."
        response = error_response(error.code or 500, message, messages)
        for name, value in getattr(error, "get_headers", lambda: [])() or []:
            if name.lower() not in ("content-type", "content-length"):
                response.headers[name] = value
        for name, value in (data.get("headers") or {}).items():
            response.headers[name] = value
        return response

    @app.errorhandler(Exception)
    def _internal_error(error: Exception) -> Response:
        log.exception("unhandled error on %s %s", request.method, request.url_rule)
        try:
            abandon()
        except Exception:
            log.exception("rollback after an unhandled error failed")
        return error_response(500, "Something went wrong on our side; nothing was changed.")
