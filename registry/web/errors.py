"""Turn domain and HTTP errors into responses at the edge: JSON under /api, HTML elsewhere."""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

from flask import Flask, Response, jsonify, redirect, render_template, request, url_for
from werkzeug.exceptions import HTTPException, InternalServerError
from werkzeug.wrappers import Response as BaseResponse

from ..auth.access import current_actor
from ..errors import PermissionDenied, RegistryError, Unauthenticated, Unavailable
from ..request_ids import current_request_id
from ..services.audit import record_denial
from ..services.requests import DATABASE_DOWN, abandon

log = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 5
DATABASE_DOWN_MESSAGE = (
    "The registry cannot reach its database just now, and nothing was changed. "
    "Please try again in a few seconds."
)
INTERNAL_MESSAGE = "Something went wrong on our side; nothing was changed."


def wants_json() -> bool:
    """Tell whether the current request is answered in JSON."""
    return request.path.startswith("/api/")


def error_response(
    status: int, message: str, errors: dict[str, Any] | None = None, plain: bool = False
) -> Response:
    """Render an error as JSON {code, status, message, errors} or as an HTML page.

    `plain` renders the page that needs no database; it is also the fallback when
    the full page (its menu reads the database) cannot be rendered.
    """
    phrase = HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ else "Error"
    if wants_json():
        body: dict[str, Any] = {"code": status, "status": phrase, "message": message}
        if errors:
            body["errors"] = errors
        response = jsonify(body)
    else:
        html = None if plain else _full_page(status, phrase, message, errors)
        response = Response(html or _plain_page(status, phrase, message), mimetype="text/html")
    response.status_code = status
    return response


def _full_page(status: int, phrase: str, message: str, errors: dict[str, Any] | None) -> str | None:
    """Render the error page in the site's layout, or None when that fails."""
    template = f"errors/{status}.html" if status in (400, 401, 403, 404, 429, 503) else None
    try:
        return render_template(
            template or "errors/generic.html",
            status=status,
            phrase=phrase,
            message=message,
            errors=errors or {},
        )
    except Exception as error:  # the layout's menu may need the database that just failed
        log.warning("error page fell back to the plain one (%s)", type(error).__name__)
        return None


def _plain_page(status: int, phrase: str, message: str) -> str:
    """Render the standalone error page: no context processors, so no database."""
    from flask import current_app

    template = current_app.jinja_env.get_template("errors/plain.html")
    heading = "Please try again shortly" if status == 503 else phrase
    return template.render(
        status=status,
        phrase=phrase,
        heading=heading,
        message=message,
        reference=current_request_id(),
        request=request,
    )


def database_unavailable(error: Exception) -> Response:
    """Answer a database outage with a generic 503, Retry-After and the request's reference."""
    try:
        abandon()
    except Exception:  # the connection is gone; the pool discards it
        log.debug("rollback during a database outage failed")
    reference = current_request_id()
    cause = type(getattr(error, "orig", None) or error).__name__
    log.warning(
        "database unavailable on %s %s (%s) [request %s]",
        request.method,
        request.url_rule,
        cause,
        reference,
    )
    message = f"{DATABASE_DOWN_MESSAGE} Reference: {reference}."
    response = error_response(503, message, plain=True)
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def _audit_denial() -> None:
    """Record a permission denial in the audit log, in a transaction of its own."""
    abandon()
    record_denial(current_actor(), request.endpoint, request.method)


def register_error_handlers(app: Flask) -> None:
    """Map domain and HTTP errors to responses, replacing flask-smorest's app-wide handler."""

    @app.errorhandler(RegistryError)
    def _registry_error(error: RegistryError) -> BaseResponse:
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
        original = getattr(error, "original_exception", None) or error
        if isinstance(original, DATABASE_DOWN):
            return database_unavailable(original)
        reference = current_request_id()
        log.exception(
            "unhandled error on %s %s [request %s]", request.method, request.url_rule, reference
        )
        try:
            abandon()
        except Exception:
            log.exception("rollback after an unhandled error failed")
        return error_response(500, f"{INTERNAL_MESSAGE} Reference: {reference}.")

    for kind in DATABASE_DOWN:
        app.register_error_handler(kind, database_unavailable)
