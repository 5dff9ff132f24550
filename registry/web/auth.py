"""Sign-in (password, then a two-factor code when enrolled) and sign-out pages."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, flash, g, redirect, render_template, request, session, url_for
from flask_login import login_user, logout_user
from werkzeug.wrappers import Response

from ..auth.access import PUBLIC, SIGNED_IN, access, current_user
from ..auth.sessions import start_session
from ..auth.step_up import now
from ..auth.throttle import per_account, per_address, per_code_user
from ..models import User
from ..readers import funded
from ..schemas.credentials import CodeSchema, SignInSchema
from ..services import authentication, two_factor
from .forms import SECRET, TEXT, FormState, submitted

bp = Blueprint("auth", __name__)


SIGN_IN_LABELS = {"email": "Email", "password": "Password"}
SIGN_IN_KINDS = {"email": TEXT, "password": SECRET, "code": SECRET}
CODE_LABELS = {"code": "Code from your authenticator app (or a recovery code)"}
WRONG_CREDENTIALS = "The email, password or code is not right."
WRONG_CODE = "This code is not right, or it was already used."


# How long the password step stays valid while the code is awaited.
PENDING_SECONDS = 300


def _safe_next(target: str | None, user: User) -> str:
    """Return a same-site path to go to after signing in, never another host: the page
    asked for, else the user's home (a donor's is its portfolio, SPEC 6.1)."""
    if target:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and target.startswith("/") and "//" not in target:
            return target
    if funded.starts_at_portfolio(user):
        return url_for("portfolio.show_portfolio")
    return url_for("home.show_home")


@bp.route("/signin", methods=["GET", "POST"])
@access(PUBLIC)
@per_address
@per_account
def show_signin() -> Response | str:
    """Show the sign-in form and sign the user in."""
    state = FormState(SIGN_IN_LABELS)
    if request.method == "POST":
        state, loaded = submitted(SignInSchema(), SIGN_IN_LABELS, SIGN_IN_KINDS)
        if loaded is not None:
            user = authentication.check_credentials(loaded["email"], loaded["password"])
            answer = _continue_sign_in(user, loaded.get("code", "")) if user else None
            if answer is not None:
                return answer
            state.errors["password"] = [WRONG_CREDENTIALS]
    expired = bool(g.get("session_expired"))
    return render_template("auth/signin.html", state=state, expired=expired)


def _continue_sign_in(user: User, code: str) -> Response | None:
    """Go on after a right password: sign in, check a code sent along, or ask for one.

    Returns None when a code sent with the password is wrong.
    """
    target = _safe_next(request.args.get("next"), user)
    if not user.has_two_factor:
        _sign_in(user)
        return redirect(target)
    if code:  # sent with the password (a script, a password manager): check it now
        if not two_factor.verify(user, code):
            return None
        authentication.complete_sign_in(user)
        _sign_in(user)
        return redirect(target)
    session.clear()
    session["pending_two_factor"] = {
        "user_id": user.id,
        "generation": user.session_generation,
        "at": now(),
        "next": target,
    }
    return redirect(url_for("auth.show_code"))


def _sign_in(user: User) -> None:
    """Start a fresh session for the user: no fixation across sign-in."""
    session.clear()
    login_user(user)
    start_session()


def _pending_user() -> tuple[User, str] | None:
    """Return the user whose password was right a moment ago, and where to go next."""
    pending = session.get("pending_two_factor")
    if not isinstance(pending, dict) or now() - int(pending.get("at", 0)) > PENDING_SECONDS:
        return None
    user = authentication.active_user(int(pending.get("user_id", 0)), pending.get("generation"))
    if user is None:
        return None
    return user, _safe_next(pending.get("next"), user)


@bp.route("/signin/code", methods=["GET", "POST"])
@access(PUBLIC)
@per_code_user
def show_code() -> Response | str:
    """Ask an enrolled user for a two-factor code after the password."""
    pending = _pending_user()
    if pending is None:
        session.pop("pending_two_factor", None)
        flash("Sign in again: the password step is missing or more than 5 minutes old.", "info")
        return redirect(url_for("auth.show_signin"))
    user, target = pending
    state = FormState(CODE_LABELS)
    if request.method == "POST":
        state, loaded = submitted(CodeSchema(), CODE_LABELS, {"code": SECRET})
        if loaded is not None:
            if two_factor.verify(user, loaded["code"]):
                authentication.complete_sign_in(user)
                _sign_in(user)
                return redirect(_safe_next(target, user))
            state.errors["code"] = [WRONG_CODE]
    return render_template("auth/code.html", state=state)


@bp.post("/signout")
@access(SIGNED_IN)
def sign_out() -> Response:
    """Sign out here and everywhere else this user is signed in."""
    user = current_user()
    authentication.sign_out_everywhere(user, user.id)
    logout_user()
    session.clear()
    flash("You are signed out.", "info")
    return redirect(url_for("public.list_public_initiatives"))
