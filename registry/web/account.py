"""The account page: password, two-factor sign-in, API tokens and confirming identity."""

from __future__ import annotations

import segno
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import login_user
from werkzeug.wrappers import Response

from ..auth.access import SIGNED_IN, access, current_user
from ..auth.sessions import start_session
from ..auth.step_up import mark_authenticated, same_site_path, step_up_required
from ..auth.throttle import per_code_user
from ..auth.two_factor import must_enrol
from ..schemas.credentials import CodeSchema, ConfirmSchema, PasswordChangeSchema, TokenLabelSchema
from ..services import authentication, two_factor, users
from .forms import SECRET, TEXT, FormState, attempt, submitted

bp = Blueprint("account", __name__, url_prefix="/account")


PASSWORD_LABELS = {
    "current_password": "Current password",
    "new_password": "New password (at least 12 characters)",
}
PASSWORD_KINDS = {"current_password": SECRET, "new_password": SECRET}
TOKEN_LABELS = {"label": "What the token is for"}
CODE_LABELS = {"code": "Code from your authenticator app"}
CONFIRM_LABELS = {"secret": "Your password or a two-factor code"}
NOT_YOU = "This is neither your password nor a current code."


def _render(
    password: FormState | None = None, token: FormState | None = None, new_token: str | None = None
) -> str:
    user = current_user()
    return render_template(
        "account/show.html",
        user=user,
        password_state=password or FormState(PASSWORD_LABELS),
        token_state=token or FormState(TOKEN_LABELS),
        tokens=authentication.tokens_of(user),
        new_token=new_token,
        recovery_left=two_factor.remaining_recovery_codes(user) if user.has_two_factor else 0,
        must_enrol=must_enrol(user),
    )


@bp.get("/")
@access(SIGNED_IN)
def show_account() -> str:
    """Show the account, its tokens and the password form."""
    return _render()


@bp.post("/password")
@access(SIGNED_IN)
def change_password() -> Response | tuple[str, int]:
    """Change the password; other sessions end, this one continues."""
    state, loaded = submitted(PasswordChangeSchema(), PASSWORD_LABELS, PASSWORD_KINDS)
    user = loaded and attempt(
        state,
        lambda: users.change_own_password(
            current_user(), loaded["current_password"], loaded["new_password"]
        ),
    )
    if not user:
        return _render(password=state), 422
    login_user(user)
    start_session()
    flash("Your password is changed; other sessions were signed out.", "success")
    return redirect(url_for("account.show_account"))


@bp.post("/tokens")
@access(SIGNED_IN)
@step_up_required
def create_token() -> str | tuple[str, int]:
    """Create an API token and show it once."""
    state, loaded = submitted(TokenLabelSchema(), TOKEN_LABELS, {"label": TEXT})
    if loaded is None:
        return _render(token=state), 422
    raw, _ = authentication.issue_token(current_user(), loaded["label"])
    return _render(new_token=raw)


@bp.post("/tokens/<int:token_id>/revoke")
@access(SIGNED_IN)
def revoke_token(token_id: int) -> Response:
    """Revoke one of the user's tokens."""
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
        return render_template("account/two_factor.html", user=actor)
    return _render_enrolment(secret or two_factor.start_enrolment(actor), FormState(CODE_LABELS))


def _render_enrolment(secret: str, state: FormState) -> str:
    """Render the set-up page: the QR code drawn here (no outside service) and the secret."""
    actor = current_user()
    uri = two_factor.provisioning_uri(actor, secret)
    return render_template(
        "account/two_factor.html",
        user=actor,
        secret=secret,
        qr_code=segno.make(uri, error="m").svg_data_uri(scale=5, border=2),
        state=state,
        must_enrol=must_enrol(actor),
    )


@bp.post("/two-factor/start")
@access(SIGNED_IN)
@step_up_required
def start_two_factor() -> Response:
    """Start setting up a new authenticator (the current one works until it is confirmed)."""
    two_factor.start_enrolment(current_user())
    return redirect(url_for("account.show_two_factor"))


@bp.post("/two-factor")
@access(SIGNED_IN)
@per_code_user
def confirm_two_factor() -> Response | str | tuple[str, int]:
    """Enrol once a code of the new secret is right, and show the recovery codes once."""
    secret = two_factor.pending_secret(current_user())
    if secret is None:
        return redirect(url_for("account.show_two_factor"))
    state, loaded = submitted(CodeSchema(), CODE_LABELS, {"code": SECRET})
    codes = loaded and attempt(
        state, lambda: two_factor.confirm_enrolment(current_user(), loaded["code"])
    )
    if not codes:
        return _render_enrolment(secret, state), 422
    mark_authenticated()
    return render_template("account/recovery_codes.html", codes=codes, enrolled=True)


@bp.post("/recovery-codes")
@access(SIGNED_IN)
@step_up_required
def renew_recovery_codes() -> str:
    """Replace the recovery codes with ten new ones, shown once."""
    codes = two_factor.new_recovery_codes(current_user())
    return render_template("account/recovery_codes.html", codes=codes, enrolled=False)


@bp.route("/confirm", methods=["GET", "POST"])
@access(SIGNED_IN)
@per_code_user
def confirm_identity() -> Response | str:
    """Ask again for the password or a code before a sensitive action, then go back to it."""
    target = same_site_path(request.args.get("next")) or url_for("account.show_account")
    state = FormState(CONFIRM_LABELS)
    if request.method == "POST":
        state, loaded = submitted(ConfirmSchema(), CONFIRM_LABELS, {"secret": SECRET})
        if loaded is not None:
            if authentication.confirm_identity(current_user(), loaded["secret"]):
                mark_authenticated()
                flash("Thank you; you may continue for the next 5 minutes.", "success")
                return redirect(target)
            state.errors["secret"] = [NOT_YOU]
    return render_template("account/confirm.html", state=state, target=target)
