"""Organisations, users and API tokens."""

from __future__ import annotations

from marshmallow import fields, validate

from ..auth.passwords import MAX_LENGTH
from ..models.enums import ORGANISATION_KINDS, ROLES
from .base import Id, StrictBoolean, StrictSchema, VersionedSchema

_CODE = fields.String(
    validate=validate.Regexp(r"^[A-Za-z]{2,3}$", error="Use a 2- or 3-letter code.")
)


class OrganisationSchema(VersionedSchema):
    """An organisation."""

    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    kind = fields.String(required=True, validate=validate.OneOf(ORGANISATION_KINDS))
    country = fields.String(
        allow_none=True,
        validate=validate.Regexp(r"^[A-Za-z]{2}$", error="Use an ISO 3166-1 alpha-2 code."),
    )
    jurisdictions = fields.List(_CODE)


class UserSchema(VersionedSchema):
    """A user; the password is write-only."""

    email = fields.Email(required=True, validate=validate.Length(max=254))
    display_name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    organisation_id = Id()
    role = fields.String(required=True, validate=validate.OneOf(ROLES))
    password = fields.String(load_only=True, validate=validate.Length(max=MAX_LENGTH))
    is_active = StrictBoolean()
    coordinated_conflict_ids = fields.Method("_coordinated", dump_only=True)

    def _coordinated(self, user: object) -> list[int]:
        return sorted(getattr(user, "coordinated_conflict_ids", ()))


class TokenRequestSchema(StrictSchema):
    """Credentials exchanged for an API token."""

    email = fields.String(required=True, validate=validate.Length(max=254))
    password = fields.String(
        required=True, load_only=True, validate=validate.Length(max=MAX_LENGTH)
    )
    code = fields.String(load_only=True, validate=validate.Length(max=40))
    label = fields.String(load_only=True, validate=validate.Length(max=120))


class TokenSchema(StrictSchema):
    """A new token, shown once."""

    token = fields.String(dump_only=True)
    expires_at = fields.DateTime(dump_only=True)
