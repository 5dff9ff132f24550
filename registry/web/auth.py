"""Sign-in (password, then a two-factor code when enrolled) and sign-out pages."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, flash, g, redirect, render_template, request, session, url_for
from flask_login import login_user, logout_user
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms import EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, Length

from ..auth.access import PUBLIC, SIGNED_IN, access, current_user
from ..auth.passwords import MAX_LENGTH
from ..auth.sessions import start_session
from ..auth.step_up import now
from ..auth.throttle import per_account, per_address, per_code_user
from ..models import User
from ..services import authentication, two_factor

bp = Blueprint("auth", __name__)


class SignInForm(FlaskForm):  # type: ignore[misc]  # flask-wtf has no hints
    """Email and password."""

    email = EmailField(
        "Email",
        validators=[DataRequired(), Length(max=254)],
        render_kw={"autocomplete": "username"},
    )
    password = PasswordField(
        "Password",
        validators=[DataRequired(), Length(max=MAX_LENGTH)],
        render_kw={"autocomplete": "current-password"},
    )


class CodeForm(FlaskForm):  # type: ignore[misc]  # flask-wtf has no hints
    """A code from the authenticator app, or a recovery code."""

    code = StringField(
        "Code from your authenticator app (or a recovery code)",
        validators=[DataRequired(), Length(max=40)],
        render_kw={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True},
    )


# How long the password step stays valid while the code is awaited.
PENDING_SECONDS = 300


def _safe_next(target: str | None) -> str:
    """Return a same-site path to go to after signing in, never another host."""
    if target:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and target.startswith("/") and "//" not in target:
            return target
    return url_for("home.show_home")


@bp.route("/signin", methods=["GET", "POST"])
@access(PUBLIC)
@per_address
@per_account
def show_signin() -> Response | str:
    """Show the sign-in form and sign the user in."""
    form = SignInForm()
    if form.validate_on_submit():
        user = authentication.check_credentials(form.email.data or "", form.password.data or "")
        answer = _continue_sign_in(user, request.form.get("code", "")) if user else None
        if answer is not None:
            return answer
        form.password.errors.append("The email, password or code is not right.")
    expired = bool(g.get("session_expired"))
    return render_template("auth/signin.html", form=form, expired=expired)


def _continue_sign_in(user: User, code: str) -> Response | None:
    """Go on after a right password: sign in, check a code sent along, or ask for one.

    Returns None when a code sent with the password is wrong.
    """
    target = _safe_next(request.args.get("next"))
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
    return user, str(pending.get("next") or url_for("home.show_home"))


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
    form = CodeForm()
    if form.validate_on_submit():
        if two_factor.verify(user, form.code.data or ""):
            authentication.complete_sign_in(user)
            _sign_in(user)
            return redirect(_safe_next(target))
        form.code.errors.append("This code is not right, or it was already used.")
    return render_template("auth/code.html", form=form)


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
