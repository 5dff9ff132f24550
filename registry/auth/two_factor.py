"""Who must sign in with two factors, and the gate that sends them to enrol first."""

from __future__ import annotations

from flask import Flask, current_app, redirect, request, url_for
from werkzeug.wrappers import Response

from ..errors import PermissionDenied
from .access import current_actor

# What a user who must enrol may still reach: enrolment itself, signing in and out,
# and what every page needs (assets, health checks).
ENROLMENT_ENDPOINTS = frozenset(
    {
        "account.show_account",
        "account.show_two_factor",
        "account.start_two_factor",
        "account.confirm_two_factor",
        "account.confirm_identity",
        "account.change_password",  # a one-time password is changed before enrolling
        "auth.show_signin",
        "auth.show_code",
        "auth.sign_out",
        "static",
    }
)
NOT_ENROLLED_MESSAGE = (
    "Your role requires two-factor sign-in: set it up on your account page (/account) "
    "before using the registry or its API."
)


def required_for(user: object) -> bool:
    """Tell whether REGISTRY_TWO_FACTOR_ROLES makes this user sign in with two factors."""
    roles: frozenset[str] = current_app.config.get("TWO_FACTOR_ROLES", frozenset())
    if (
        not roles
        or not getattr(user, "is_authenticated", False)
        or getattr(user, "is_system", False)
    ):
        return False
    if getattr(user, "role", None) in roles:
        return True
    return "coordinator" in roles and bool(getattr(user, "coordinated_conflict_ids", ()))


def must_enrol(user: object) -> bool:
    """Tell whether the user is required to use two factors and has not enrolled."""
    return required_for(user) and not getattr(user, "has_two_factor", False)


def _gate() -> Response | None:
    """Send a user who must enrol to the enrolment page; refuse the API with a 403."""
    endpoint = request.endpoint or ""
    if endpoint in ENROLMENT_ENDPOINTS or endpoint.startswith("health."):
        return None
    if not must_enrol(current_actor()):
        return None
    if request.path.startswith("/api/"):
        raise PermissionDenied(NOT_ENROLLED_MESSAGE)
    return redirect(url_for("account.show_two_factor"))


def register_two_factor_gate(app: Flask) -> None:
    """Check every request of a signed-in user against the two-factor requirement."""
    app.before_request(_gate)
