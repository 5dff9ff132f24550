"""Sign-in throttling per account and per address, checked before any password is hashed."""

from __future__ import annotations

from flask import current_app, request

from ..extensions import limiter

DEFAULT_ACCOUNT_LIMIT = "5 per minute;20 per hour"
DEFAULT_ADDRESS_LIMIT = "20 per minute;200 per hour"


def _account_key() -> str:
    """Key attempts by the normalised email they name (form or JSON)."""
    payload = request.get_json(silent=True) if request.is_json else request.form
    email = payload.get("email", "") if hasattr(payload, "get") else ""
    email = str(email).strip().lower()
    return f"signin-account:{email}"


def _address_key() -> str:
    return f"signin-address:{request.remote_addr}"


def _account_limit() -> str:
    return current_app.config.get("SIGNIN_ACCOUNT_LIMIT", DEFAULT_ACCOUNT_LIMIT)


def _address_limit() -> str:
    return current_app.config.get("SIGNIN_ADDRESS_LIMIT", DEFAULT_ADDRESS_LIMIT)


# Decorators for the sign-in page and the token endpoint. They count POSTs only, and
# share one budget across both routes so alternating between them gains nothing.
per_account = limiter.shared_limit(
    _account_limit, scope="signin-account", key_func=_account_key, methods=["POST"]
)
per_address = limiter.shared_limit(
    _address_limit, scope="signin-address", key_func=_address_key, methods=["POST"]
)
