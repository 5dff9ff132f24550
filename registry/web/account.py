"""The account page: password, API tokens and signing out everywhere."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import login_user
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Length

from ..auth.access import SIGNED_IN, access, current_actor
from ..auth.sessions import start_session
from ..errors import Invalid
from ..services import authentication, users

bp = Blueprint("account", __name__, url_prefix="/account")


class PasswordForm(FlaskForm):
    """The current password and a new one."""

    current_password = PasswordField(
        "Current password",
        validators=[DataRequired()],
        render_kw={"autocomplete": "current-password"},
    )
    new_password = PasswordField(
        "New password (at least 12 characters)",
        validators=[DataRequired(), Length(max=128)],
        render_kw={"autocomplete": "new-password"},
    )


class TokenForm(FlaskForm):
    """A label for a new API token."""

    label = StringField("What the token is for", validators=[DataRequired(), Length(max=120)])


class EmptyForm(FlaskForm):
    """A form that carries only the CSRF token (revoke, sign out)."""


def _render(password_form: PasswordForm | None = None, new_token: str | None = None) -> str:
    actor = current_actor()
    return render_template(
        "account/show.html",
        user=actor,
        password_form=password_form or PasswordForm(prefix="password"),
        token_form=TokenForm(prefix="token"),
        action_form=EmptyForm(),
        tokens=authentication.tokens_of(actor),
        new_token=new_token,
    )


@bp.get("/")
@access(SIGNED_IN)
def show_account() -> str:
    """Show the account, its tokens and the password form."""
    return _render()


@bp.post("/password")
@access(SIGNED_IN)
def change_password() -> Response | str:
    """Change the password; other sessions end, this one continues."""
    form = PasswordForm(prefix="password")
    if form.validate_on_submit():
        try:
            user = users.change_own_password(
                current_actor(), form.current_password.data or "", form.new_password.data or ""
            )
        except Invalid as error:
            for field, messages in error.errors["json"].items():
                getattr(form, field).errors.extend(messages)
        else:
            login_user(user)
            start_session()
            flash("Your password is changed; other sessions were signed out.", "success")
            return redirect(url_for("account.show_account"))
    return _render(password_form=form)


@bp.post("/tokens")
@access(SIGNED_IN)
def create_token() -> str | Response:
    """Create an API token and show it once."""
    form = TokenForm(prefix="token")
    if not form.validate_on_submit():
        flash("Give the token a label.", "warning")
        return redirect(url_for("account.show_account"))
    raw, _ = authentication.issue_token(current_actor(), form.label.data or "")
    return _render(new_token=raw)


@bp.post("/tokens/<int:token_id>/revoke")
@access(SIGNED_IN)
def revoke_token(token_id: int) -> Response:
    """Revoke one of the user's tokens."""
    if EmptyForm().validate_on_submit():
        authentication.revoke_token(current_actor(), token_id)
        flash("The token is revoked.", "success")
    return redirect(url_for("account.show_account"))
