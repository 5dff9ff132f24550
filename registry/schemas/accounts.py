"""Organisations, users and API tokens."""

from __future__ import annotations

from typing import Any

from marshmallow import fields, validate

from ..auth.passwords import MAX_LENGTH
from ..models.enums import ORGANISATION_KINDS, ROLES
from ..services.inputs.organisations import OrganisationChanges, OrganisationInput
from ..services.inputs.users import UserChanges, UserInput
from .base import Id, StrictBoolean, StrictSchema, VersionedSchema
from .conflicts import COUNTRY
from .words import FILL_IN, SHORTER, Choice, Text, missing

JURISDICTION = "Use 2- or 3-letter codes, such as KE or EU."
_CODE = fields.String(validate=validate.Regexp(r"^[A-Za-z]{2,3}$", error=JURISDICTION))
EMAIL = "Enter an email address, such as name@example.org."


def Email(**kwargs: Any) -> fields.Email:
    """Return an email address field."""
    return fields.Email(
        validate=validate.Length(max=254, error=SHORTER),
        error_messages={**missing(FILL_IN), "invalid": EMAIL},
        **kwargs,
    )


def Secret(*, blank: str | None = None, **kwargs: Any) -> fields.String:
    """Return a password field (never dumped); `blank` refuses an empty one."""
    checks: list[validate.Validator] = [validate.Length(max=MAX_LENGTH, error=SHORTER)]
    if blank is not None:
        checks.insert(0, validate.Length(min=1, error=blank))
    return fields.String(
        load_only=True, validate=checks, error_messages=missing(blank or FILL_IN), **kwargs
    )


class OrganisationSchema(VersionedSchema):
    """An organisation."""

    creates = OrganisationInput
    changes = OrganisationChanges

    name = Text(200, required=True)
    kind = Choice(ORGANISATION_KINDS, words="Choose the kind.", required=True)
    country = fields.String(
        allow_none=True, validate=validate.Regexp("^[A-Za-z]{2}$", error=COUNTRY)
    )
    jurisdictions = fields.List(_CODE)


class UserSchema(VersionedSchema):
    """A user; the password is write-only."""

    creates = UserInput
    changes = UserChanges

    email = Email(required=True)
    display_name = Text(200, required=True)
    organisation_id = Id(words="Choose the organisation.")
    role = Choice(ROLES, words="Choose the role.", required=True)
    password = Secret()
    is_active = StrictBoolean()
    coordinated_conflict_ids = fields.Method("_coordinated", dump_only=True)

    def _coordinated(self, user: object) -> list[int]:
        return sorted(getattr(user, "coordinated_conflict_ids", ()))


class TokenRequestSchema(StrictSchema):
    """Credentials exchanged for an API token."""

    email = Text(254, blank=None, required=True)
    password = Secret(required=True)
    code = Text(40, blank=None, load_only=True)
    label = Text(120, blank=None, load_only=True)


class TokenSchema(StrictSchema):
    """A new token, shown once."""

    token = fields.String(dump_only=True)
    expires_at = fields.DateTime(dump_only=True)


class RoleSchema(StrictSchema):
    """Another role for a user (the service refuses roles the admin may not give)."""

    role = Choice(ROLES, words="Choose the role.", required=True)
