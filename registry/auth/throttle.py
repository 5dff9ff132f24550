"""Sign-in throttling per account and address pair and per address, before any hashing.

The account limit counts the attempts on one account from one address: a stranger
hammering an account from elsewhere exhausts only their own pair's budget, so the
owner's right password still works from the owner's address. The per-address limit
stops one address from spraying many accounts; two-factor codes have their own
per-account limit (`per_code_user`), since a code is short.
"""

from __future__ import annotations

from collections.abc import Mapping

from flask import current_app, request, session

from ..extensions import limiter

DEFAULT_ACCOUNT_LIMIT = "5 per minute;20 per hour"
DEFAULT_ADDRESS_LIMIT = "20 per minute;200 per hour"
DEFAULT_CODE_LIMIT = "5 per minute;30 per hour"


def named_email() -> str:
    """Return the normalised email a sign-in attempt names (form or JSON)."""
    payload = request.get_json(silent=True) if request.is_json else request.form
    email = payload.get("email", "") if isinstance(payload, Mapping) else ""
    return str(email).strip().lower()


def _account_key() -> str:
    """Key attempts by the email they name and the address they come from."""
    return f"signin-account:{named_email()}:{request.remote_addr}"


def _code_key() -> str:
    """Key two-factor code attempts by the user waiting for a code or signed in."""
    from flask_login import current_user

    pending = session.get("pending_two_factor") or {}
    user_id = pending.get("user_id") or getattr(current_user, "id", None)
    return f"two-factor-code:{user_id or named_email() or request.remote_addr}"


def _address_key() -> str:
    return f"signin-address:{request.remote_addr}"


def _account_limit() -> str:
    return str(current_app.config.get("SIGNIN_ACCOUNT_LIMIT", DEFAULT_ACCOUNT_LIMIT))


def _address_limit() -> str:
    return str(current_app.config.get("SIGNIN_ADDRESS_LIMIT", DEFAULT_ADDRESS_LIMIT))


def _code_limit() -> str:
    return str(current_app.config.get("TWO_FACTOR_CODE_LIMIT", DEFAULT_CODE_LIMIT))


# Decorators for the sign-in page and the token endpoint. They count POSTs only, and
# share one budget across both routes so alternating between them gains nothing.
per_account = limiter.shared_limit(
    _account_limit, scope="signin-account", key_func=_account_key, methods=["POST"]
)
per_address = limiter.shared_limit(
    _address_limit, scope="signin-address", key_func=_address_key, methods=["POST"]
)
# Two-factor codes and step-up confirmations, per user, shared by every form that takes one.
per_code_user = limiter.shared_limit(
    _code_limit, scope="two-factor-code", key_func=_code_key, methods=["POST"]
)
