"""Server-rendered pages and operational endpoints."""

from __future__ import annotations

from typing import Any

from flask import Flask, url_for


def register_web(app: Flask) -> None:
    """Register the web blueprints and what every template may use."""
    from . import account, admin, auth, health, home, public, security

    security.register_security_headers(app)
    for module in (health, public, auth, home, account, admin):
        app.register_blueprint(module.bp)
    app.context_processor(_navigation)


def _navigation() -> dict[str, Any]:
    """Give templates the sign-in and sign-out addresses."""
    return {"signin_url": url_for("auth.show_signin"), "signout_url": url_for("auth.sign_out")}
