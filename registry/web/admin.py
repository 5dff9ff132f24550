"""Administration pages: organisations (platform admins) and users (org and platform admins)."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, flash, redirect, render_template, url_for
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms import EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional

from .. import policy
from ..auth.access import SIGNED_IN, access, current_actor
from ..auth.step_up import step_up_response
from ..errors import Invalid, PermissionDenied
from ..extensions import db
from ..models import AuditEvent, Organisation, Person, User
from ..models.enums import ORGANISATION_KINDS, ROLES
from ..services import identities, organisations, users

bp = Blueprint("admin", __name__, url_prefix="/admin")


class OrganisationForm(FlaskForm):
    """A new organisation."""

    name = StringField("Name", validators=[DataRequired(), Length(max=200)])
    kind = SelectField("Kind", choices=[(k, k.replace("_", " ")) for k in ORGANISATION_KINDS])
    country = StringField("Country (two-letter code)", validators=[Optional(), Length(2, 2)])
    jurisdictions = StringField(
        "Jurisdictions whose laws bind it (codes separated by spaces)",
        validators=[Optional(), Length(max=200)],
    )


class UserForm(FlaskForm):
    """A new user."""

    email = EmailField("Email", validators=[DataRequired(), Length(max=254)])
    display_name = StringField("Name shown to colleagues", validators=[DataRequired()])
    organisation_id = SelectField("Organisation", coerce=int)
    role = SelectField("Role", choices=[(r, r.replace("_", " ")) for r in ROLES])
    password = PasswordField(
        "Initial password (at least 12 characters)",
        render_kw={"autocomplete": "new-password"},
    )


def _require_admin() -> None:
    if current_actor().role not in ("org_admin", "platform_admin"):
        raise PermissionDenied("Administration is for organisation and platform admins.")


def _user_form() -> UserForm:
    actor = current_actor()
    form = UserForm(prefix="user")
    statement = sa.select(Organisation).order_by(Organisation.name)
    if not policy.is_platform_admin(actor):
        statement = statement.where(Organisation.id == actor.organisation_id)
        form.role.choices = [(r, r.replace("_", " ")) for r in ROLES if r != "platform_admin"]
    form.organisation_id.choices = [(o.id, o.name) for o in db.session.scalars(statement)]
    return form


def _render(org_form: OrganisationForm | None = None, user_form: UserForm | None = None) -> str:
    actor = current_actor()
    return render_template(
        "admin/show.html",
        is_platform_admin=policy.is_platform_admin(actor),
        organisations=db.session.scalars(sa.select(Organisation).order_by(Organisation.name)).all(),
        users=db.session.scalars(
            sa.select(User).where(policy.manageable_users(actor)).order_by(User.email)
        ).all(),
        org_form=org_form or OrganisationForm(prefix="org"),
        user_form=user_form or _user_form(),
    )


def _show_errors(form: FlaskForm, error: Invalid) -> None:
    for field, messages in error.errors.get("json", {}).items():
        target = getattr(form, field, None)
        if target is not None:
            target.errors = list(target.errors) + list(messages)
        else:
            flash(" ".join(messages), "danger")


@bp.get("/")
@access(SIGNED_IN)
def show_admin() -> str:
    """Show organisations and users the admin manages."""
    _require_admin()
    return _render()


@bp.post("/organisations")
@access(SIGNED_IN)
def create_organisation() -> Response | str:
    """Register an organisation (platform admins)."""
    form = OrganisationForm(prefix="org")
    if form.validate_on_submit():
        data = {
            "name": form.name.data,
            "kind": form.kind.data,
            "country": form.country.data or None,
            "jurisdictions": (form.jurisdictions.data or "").split(),
        }
        try:
            organisations.create(current_actor(), data)
        except Invalid as error:
            _show_errors(form, error)
        else:
            flash("The organisation is registered.", "success")
            return redirect(url_for("admin.show_admin"))
    return _render(org_form=form)


@bp.post("/users")
@access(SIGNED_IN)
def create_user() -> Response | str:
    """Create a user in an organisation the admin manages."""
    _require_admin()
    form = _user_form()
    if form.validate_on_submit():
        data = {
            "email": form.email.data,
            "display_name": form.display_name.data,
            "organisation_id": form.organisation_id.data,
            "role": form.role.data,
            "password": form.password.data or None,
        }
        try:
            users.create(current_actor(), data)
        except Invalid as error:
            _show_errors(form, error)
        else:
            flash("The user is created.", "success")
            return redirect(url_for("admin.show_admin"))
    return _render(user_form=form)


@bp.get("/name-reads")
@access(SIGNED_IN)
def list_name_reads() -> str:
    """Show an org admin who outside the organisation read its people's names."""
    actor = current_actor()
    if actor.role != "org_admin":
        raise PermissionDenied("Organisation admins see who read their people's names.")
    own_people = sa.select(Person.id).where(Person.organisation_id == actor.organisation_id)
    events = db.session.scalars(
        sa.select(AuditEvent)
        .where(
            AuditEvent.action == "person.read_full_name",
            AuditEvent.object_type == "person",
            AuditEvent.object_id.in_(own_people),
        )
        .order_by(AuditEvent.id.desc())
        .limit(500)
    ).all()
    return render_template("admin/name_reads.html", events=events)


class RevealAnswerForm(FlaskForm):
    """An org admin's answer to a reveal request."""

    note = StringField("Note to the coordinator (optional)", validators=[Length(max=2000)])


@bp.get("/reveals")
@access(SIGNED_IN)
def list_reveal_requests() -> str:
    """Show an org admin the requests to reveal its people's names."""
    actor = current_actor()
    if actor.role != "org_admin":
        raise PermissionDenied("Organisation admins answer reveal requests.")
    own = sa.select(Person.id, Person.alias).where(Person.organisation_id == actor.organisation_id)
    aliases = dict(db.session.execute(own).all())
    return render_template(
        "admin/reveals.html",
        requests=identities.requests_for_owner(actor),
        aliases=aliases,
        form=RevealAnswerForm(),
    )


@bp.post("/reveals/<int:request_id>/<any(approve, refuse):answer>")
@access(SIGNED_IN)
def answer_reveal_request(request_id: int, answer: str) -> Response:
    """Approve (for 24 hours) or refuse a reveal request; approving needs a recent sign-in."""
    if answer == "approve" and (confirm := step_up_response()):
        return confirm
    form = RevealAnswerForm()
    if form.validate_on_submit():
        identities.decide_reveal(current_actor(), request_id, answer == "approve", form.note.data)
        flash("Approved for 24 hours." if answer == "approve" else "Refused.", "success")
    return redirect(url_for("admin.list_reveal_requests"))
