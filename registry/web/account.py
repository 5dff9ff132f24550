"""The account page: password, two-factor sign-in, API tokens and confirming identity."""

from __future__ import annotations

import segno
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import login_user
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Length

from ..auth.access import SIGNED_IN, access, current_user
from ..auth.sessions import start_session
from ..auth.step_up import mark_authenticated, same_site_path, step_up_required
from ..auth.throttle import per_code_user
from ..auth.two_factor import must_enrol
from ..errors import Invalid
from ..services import authentication, two_factor, users

bp = Blueprint("account", __name__, url_prefix="/account")


class PasswordForm(FlaskForm):  # type: ignore[misc]  # flask-wtf has no hints
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


class TokenForm(FlaskForm):  # type: ignore[misc]  # flask-wtf has no hints
    """A label for a new API token."""

    label = StringField("What the token is for", validators=[DataRequired(), Length(max=120)])


class CodeForm(FlaskForm):  # type: ignore[misc]  # flask-wtf has no hints
    """The 6-digit code an authenticator app shows."""

    code = StringField(
        "Code from your authenticator app",
        validators=[DataRequired(), Length(max=10)],
        render_kw={"autocomplete": "one-time-code", "inputmode": "numeric"},
    )


class ConfirmForm(FlaskForm):  # type: ignore[misc]  # flask-wtf has no hints
    """The password, or a two-factor code, to confirm a sensitive action."""

    secret = PasswordField(
        "Your password or a two-factor code",
        validators=[DataRequired(), Length(max=128)],
        render_kw={"autocomplete": "current-password", "autofocus": True},
    )


class EmptyForm(FlaskForm):  # type: ignore[misc]  # flask-wtf has no hints
    """A form that carries only the CSRF token (revoke, sign out)."""


def _render(password_form: PasswordForm | None = None, new_token: str | None = None) -> str:
    actor = current_user()
    return render_template(
        "account/show.html",
        user=actor,
        password_form=password_form or PasswordForm(prefix="password"),
        token_form=TokenForm(prefix="token"),
        action_form=EmptyForm(),
        tokens=authentication.tokens_of(actor),
        new_token=new_token,
        recovery_left=two_factor.remaining_recovery_codes(actor) if actor.has_two_factor else 0,
        must_enrol=must_enrol(actor),
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
                current_user(), form.current_password.data or "", form.new_password.data or ""
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
@step_up_required
def create_token() -> str | Response:
    """Create an API token and show it once."""
    form = TokenForm(prefix="token")
    if not form.validate_on_submit():
        flash("Give the token a label.", "warning")
        return redirect(url_for("account.show_account"))
    raw, _ = authentication.issue_token(current_user(), form.label.data or "")
    return _render(new_token=raw)


@bp.post("/tokens/<int:token_id>/revoke")
@access(SIGNED_IN)
def revoke_token(token_id: int) -> Response:
    """Revoke one of the user's tokens."""
    if EmptyForm().validate_on_submit():
        authentication.revoke_token(current_user(), token_id)
        flash("The token is revoked.", "success")
    return redirect(url_for("account.show_account"))


@bp.get("/two-factor")
@access(SIGNED_IN)
def show_two_factor() -> str:
    """Show the QR code and secret of a two-factor set-up, starting one when none waits."""
    actor = current_user()
    secret = two_factor.pending_secret(actor)
    if secret is None and actor.has_two_factor:
        return render_template("account/two_factor.html", user=actor, action_form=EmptyForm())
    return _render_enrolment(secret or two_factor.start_enrolment(actor), CodeForm())


def _render_enrolment(secret: str, form: CodeForm) -> str:
    """Render the set-up page: the QR code drawn here (no outside service) and the secret."""
    actor = current_user()
    uri = two_factor.provisioning_uri(actor, secret)
    return render_template(
        "account/two_factor.html",
        user=actor,
        secret=secret,
        qr_code=segno.make(uri, error="m").svg_data_uri(scale=5, border=2),
        form=form,
        must_enrol=must_enrol(actor),
    )


@bp.post("/two-factor/start")
@access(SIGNED_IN)
@step_up_required
def start_two_factor() -> Response:
    """Start setting up a new authenticator (the current one works until it is confirmed)."""
    if EmptyForm().validate_on_submit():
        two_factor.start_enrolment(current_user())
    return redirect(url_for("account.show_two_factor"))


@bp.post("/two-factor")
@access(SIGNED_IN)
@per_code_user
def confirm_two_factor() -> Response | str | tuple[str, int]:
    """Enrol once a code of the new secret is right, and show the recovery codes once."""
    form = CodeForm()
    secret = two_factor.pending_secret(current_user())
    if secret is None or not form.validate_on_submit():
        return redirect(url_for("account.show_two_factor"))
    try:
        codes = two_factor.confirm_enrolment(current_user(), form.code.data or "")
    except Invalid as error:
        form.code.errors = list(error.errors["json"]["code"])
        return _render_enrolment(secret, form), 422
    mark_authenticated()
    return render_template("account/recovery_codes.html", codes=codes, enrolled=True)


@bp.post("/recovery-codes")
@access(SIGNED_IN)
@step_up_required
def renew_recovery_codes() -> Response | str:
    """Replace the recovery codes with ten new ones, shown once."""
    if not EmptyForm().validate_on_submit():
        return redirect(url_for("account.show_account"))
    codes = two_factor.new_recovery_codes(current_user())
    return render_template("account/recovery_codes.html", codes=codes, enrolled=False)


@bp.route("/confirm", methods=["GET", "POST"])
@access(SIGNED_IN)
@per_code_user
def confirm_identity() -> Response | str:
    """Ask again for the password or a code before a sensitive action, then go back to it."""
    target = same_site_path(request.args.get("next")) or url_for("account.show_account")
    form = ConfirmForm()
    if form.validate_on_submit():
        if authentication.confirm_identity(current_user(), form.secret.data or ""):
            mark_authenticated()
            flash("Thank you; you may continue for the next 5 minutes.", "success")
            return redirect(target)
        form.secret.errors.append("This is neither your password nor a current code.")
    return render_template("account/confirm.html", form=form, target=target)
