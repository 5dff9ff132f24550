"""Step-up: sensitive actions need a password or code entered in the last five minutes.

Use `@step_up_required` under `@access(...)` on a view, or call `step_up_response()`
inside one when only some requests need it (approving, not refusing, a reveal). A
browser session whose last authentication is older than the window is sent to
`/account/confirm`, which asks for the password or a two-factor code and returns to
the page. Requests authenticated by a bearer token are not asked: the token endpoint
itself takes the password (and the code of an enrolled user), and every password
change, disable or role change revokes the tokens.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from typing import Any, TypeVar
from urllib.parse import urlsplit

from flask import flash, g, redirect, request, session, url_for
from werkzeug.wrappers import Response

from ..errors import Unauthenticated

F = TypeVar("F", bound=Callable[..., Any])

STEP_UP_WINDOW = timedelta(minutes=5)
SESSION_KEY = "authenticated_at"


def now() -> int:
    """Return the current time in whole seconds (a seam for tests that shift time)."""
    return int(time.time())


def mark_authenticated() -> None:
    """Record in the session that the user has just proved who they are."""
    session[SESSION_KEY] = now()


def is_recent() -> bool:
    """Tell whether this request's user authenticated within the step-up window."""
    if g.get("authenticated_by") == "token":
        return True
    stamp = session.get(SESSION_KEY)
    if not isinstance(stamp, int):
        return False
    return 0 <= now() - stamp <= STEP_UP_WINDOW.total_seconds()


def same_site_path(target: str | None) -> str | None:
    """Return the path (and query) of a same-site address, or None for another site."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.netloc and parts.netloc != request.host:
        return None
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    if not path.startswith("/") or path.startswith("//"):
        return None
    return path


def step_up_response() -> Response | None:
    """Return where to confirm identity when the last authentication is too old, else None.

    Pages go to the confirmation page and come back (a GET to itself, a POST to the
    page its form was on); the API answers 401 naming the remedy.
    """
    if is_recent():
        return None
    if request.path.startswith("/api/"):
        raise Unauthenticated(
            "This action needs your password or a two-factor code entered in the last "
            "5 minutes: confirm it at /account/confirm, or use an API token."
        )
    if request.method == "GET":
        back = request.full_path.rstrip("?")
    else:
        back = same_site_path(request.referrer) or url_for("home.show_home")
    flash("Confirm it is you to continue: this action needs a recent sign-in.", "info")
    return redirect(url_for("account.confirm_identity", next=back))


def step_up_required(view: F) -> F:
    """Require a password or code entered in the last 5 minutes before the view runs."""

    @wraps(view)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        return step_up_response() or view(*args, **kwargs)

    return guarded  # type: ignore[return-value]
