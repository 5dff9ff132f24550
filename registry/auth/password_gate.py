"""Send a user whose password an admin reset to /account before anything else."""

from __future__ import annotations

from flask import Flask, flash, redirect, request, url_for
from werkzeug.wrappers import Response

from ..errors import PermissionDenied
from .access import current_actor
from .two_factor import ENROLMENT_ENDPOINTS

# What a user with a one-time password may still reach: the account page, its password
# form, signing out, the static files those pages need, and two-factor enrolment (a role
# that must enrol is sent there first; it changes its password once enrolled).
ALLOWED = ENROLMENT_ENDPOINTS | {"account.change_password"}


def _require_password_change() -> Response | None:
    """Redirect pages to /account and refuse the API until the one-time password is changed."""
    actor = current_actor()
    if not getattr(actor, "must_change_password", False) or request.endpoint in ALLOWED:
        return None
    if request.path.startswith("/api/"):
        raise PermissionDenied("Change your one-time password at /account first.")
    flash("An admin reset your password: choose a new one before anything else.", "warning")
    return redirect(url_for("account.show_account"))


def register_password_gate(app: Flask) -> None:
    """Run the gate before every view."""
    app.before_request(_require_password_change)
