"""Sign-in and sign-out pages."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, flash, g, redirect, render_template, request, session, url_for
from flask_login import login_user, logout_user
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired, Length

from ..auth.access import PUBLIC, SIGNED_IN, access, current_actor
from ..auth.passwords import MAX_LENGTH
from ..auth.sessions import start_session
from ..auth.throttle import per_account, per_address
from ..services import authentication

bp = Blueprint("auth", __name__)


class SignInForm(FlaskForm):
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
        if user is not None:
            session.clear()  # a fresh session: no fixation across sign-in
            login_user(user)
            start_session()
            return redirect(_safe_next(request.args.get("next")))
        form.password.errors.append("The email or password is not right.")
    expired = bool(g.get("session_expired"))
    return render_template("auth/signin.html", form=form, expired=expired)


@bp.post("/signout")
@access(SIGNED_IN)
def sign_out() -> Response:
    """Sign out here and everywhere else this user is signed in."""
    actor = current_actor()
    authentication.sign_out_everywhere(actor, actor.id)
    logout_user()
    session.clear()
    flash("You are signed out.", "info")
    return redirect(url_for("public.list_public_initiatives"))
