"""The administration pages' forms, and how a service's 422 lands beside the field it names."""

from __future__ import annotations

from collections.abc import Mapping

from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, Regexp

from ...errors import Invalid
from ...models.enums import ESCALATION_STAGES, ORGANISATION_KINDS, ROLES, TRACK_ONE_STATUSES

CODES = Regexp(r"^[A-Za-z]{2,3}(\s+[A-Za-z]{2,3})*$", message="Use 2- or 3-letter codes.")


def choices(values: tuple[str, ...] | list[str]) -> list[tuple[str, str]]:
    """Return select choices that read as words ("org_admin" -> "org admin")."""
    return [(value, value.replace("_", " ")) for value in values]


class EmptyForm(FlaskForm):  # type: ignore[misc]  # flask-wtf has no hints
    """A form that carries only the CSRF token (disable, reset, end sessions, unassign)."""


class OrganisationForm(FlaskForm):  # type: ignore[misc]  # flask-wtf has no hints
    """An organisation: name, kind, country and the jurisdictions whose laws bind it."""

    name = StringField("Name", validators=[DataRequired(), Length(max=200)])
    kind = SelectField("Kind", choices=choices(ORGANISATION_KINDS))
    country = StringField(
        "Country (two-letter code, optional)",
        validators=[Optional(), Regexp(r"^[A-Za-z]{2}$", message="Use a two-letter code.")],
    )
    jurisdictions = StringField(
        "Jurisdictions whose laws bind it (codes separated by spaces)",
        validators=[Optional(), Length(max=200), CODES],
    )


class UserForm(FlaskForm):  # type: ignore[misc]  # flask-wtf has no hints
    """A new user."""

    email = EmailField("Email", validators=[DataRequired(), Length(max=254)])
    display_name = StringField(
        "Name shown to colleagues", validators=[DataRequired(), Length(max=200)]
    )
    organisation_id = SelectField("Organisation", coerce=int)
    role = SelectField("Role", choices=choices(ROLES))
    password = PasswordField(
        "Initial password (at least 12 characters; leave empty to set one later)",
        validators=[Optional(), Length(max=128)],
        render_kw={"autocomplete": "new-password"},
    )


class RoleForm(FlaskForm):  # type: ignore[misc]  # flask-wtf has no hints
    """Another role for a user."""

    role = SelectField("Role", choices=choices(ROLES))


class ConflictForm(FlaskForm):  # type: ignore[misc]  # flask-wtf has no hints
    """A conflict's description."""

    name = StringField("Name", validators=[DataRequired(), Length(max=200)])
    slug = StringField(
        "Short name in addresses (lower-case letters, digits and hyphens)",
        validators=[DataRequired(), Length(max=80)],
    )
    summary = TextAreaField("Summary", validators=[Optional(), Length(max=5000)])
    countries = StringField(
        "Countries (two-letter codes separated by spaces)",
        validators=[Optional(), Length(max=200), CODES],
    )
    track_one_status = SelectField("Track One status", choices=choices(TRACK_ONE_STATUSES))
    escalation_stage = SelectField("Escalation stage", choices=choices(ESCALATION_STAGES))


class CoordinatorForm(FlaskForm):  # type: ignore[misc]  # flask-wtf has no hints
    """The user to assign as coordinator, by email."""

    email = EmailField("Email of the user to assign", validators=[DataRequired(), Length(max=254)])


def show_errors(form: FlaskForm, error: Invalid, aliases: Mapping[str, str] | None = None) -> None:
    """Put a service's 422 beside the fields it names; others go above the form."""
    for name, messages in error.errors.get("json", {}).items():
        target = getattr(form, (aliases or {}).get(name, name), None)
        texts = [messages] if isinstance(messages, str) else list(messages)
        if target is not None and hasattr(target, "errors"):
            target.errors = [*target.errors, *texts]
        else:
            form.form_errors.extend(texts)


def codes(text: str | None) -> list[str]:
    """Split space- or comma-separated codes into a list."""
    return (text or "").replace(",", " ").split()
