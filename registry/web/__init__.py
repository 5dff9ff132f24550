"""Server-rendered pages and operational endpoints."""

from __future__ import annotations

from flask import Flask


def register_web(app: Flask) -> None:
    """Register the web blueprints."""
    from . import health, public, security

    security.register_security_headers(app)
    app.register_blueprint(health.bp)
    app.register_blueprint(public.bp)
