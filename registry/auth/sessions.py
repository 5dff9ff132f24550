"""Session and bearer-token authentication, session limits and cookie settings."""

from __future__ import annotations

import time
from datetime import timedelta

from flask import Flask, g, request, session
from flask_login import current_user, logout_user

from ..extensions import csrf, login_manager
from .step_up import mark_authenticated
from .two_factor import register_two_factor_gate

IDLE_LIMIT = timedelta(minutes=30)
ABSOLUTE_LIMIT = timedelta(hours=12)
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def configure_cookies(app: Flask) -> None:
    """HttpOnly, SameSite=Lax cookies everywhere; Secure and __Host- prefixed in production."""
    app.config.update(
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        PERMANENT_SESSION_LIFETIME=ABSOLUTE_LIMIT,
        REMEMBER_COOKIE_DURATION=timedelta(0),
        WTF_CSRF_TIME_LIMIT=None,  # the token lives as long as the session, no longer
    )
    if app.config["ENV"] == "production":
        app.config.update(
            SESSION_COOKIE_NAME="__Host-session",
            SESSION_COOKIE_SECURE=True,
            SESSION_COOKIE_PATH="/",
            SESSION_COOKIE_DOMAIN=None,
        )


def _bearer_user(flask_request):  # type: ignore[no-untyped-def]
    """Load the user of an `Authorization: Bearer` token (Flask-Login request loader)."""
    from ..services.authentication import user_for_token

    header = flask_request.headers.get("Authorization", "")
    scheme, _, raw = header.partition(" ")
    if scheme.lower() != "bearer" or not raw.strip():
        return None
    user = user_for_token(raw.strip())
    if user is not None:
        g.authenticated_by = "token"
    return user


def start_session() -> None:
    """Stamp a new session with its start, for the absolute and idle limits."""
    now = int(time.time())
    session.permanent = True
    session["signed_in_at"] = now
    session["seen_at"] = now
    mark_authenticated()


def _enforce_session_limits() -> None:
    """End a session idle for 30 minutes or older than 12 hours, before the view runs."""
    if "signed_in_at" not in session:
        return
    now = int(time.time())
    idle = now - int(session.get("seen_at", 0))
    age = now - int(session["signed_in_at"])
    if idle > IDLE_LIMIT.total_seconds() or age > ABSOLUTE_LIMIT.total_seconds():
        logout_user()
        session.clear()
        g.session_expired = True
        return
    # Write the stamp back at most once a minute, so reads do not rewrite the cookie.
    if now - int(session.get("seen_at", 0)) >= 60:
        session["seen_at"] = now


def _protect_session_writes() -> None:
    """Require a CSRF token on state-changing API requests authenticated by the session cookie."""
    if (
        request.method in UNSAFE_METHODS
        and request.path.startswith("/api/")
        and current_user.is_authenticated
        and g.get("authenticated_by") != "token"
    ):
        csrf.protect()


def register_sessions(app: Flask) -> None:
    """Wire the request loader, the session limits and CSRF for session-authenticated API calls."""
    configure_cookies(app)
    login_manager.request_loader(_bearer_user)
    login_manager.session_protection = "basic"
    app.before_request(_enforce_session_limits)
    app.before_request(_protect_session_writes)
    register_two_factor_gate(app)
