"""People (participant identities) of one's own organisation."""

from __future__ import annotations

from marshmallow import fields, validate

from ..models.enums import GENDERS, IDENTITY_VISIBILITIES, PROXIMITIES, SECTORS
from ..services.inputs.people import PersonChanges, PersonInput
from .base import Id, StrictSchema, VersionedSchema


class PersonSchema(VersionedSchema):
    """A person; `full_name` is shown only to those allowed to read it."""

    creates = PersonInput
    changes = PersonChanges

    organisation_id = Id()
    full_name = fields.String(required=True, validate=validate.Length(min=1, max=300))
    alias = fields.String(allow_none=True, validate=validate.Length(min=1, max=120))
    birth_year = fields.Integer(
        allow_none=True, strict=True, validate=validate.Range(min=1900, max=2100)
    )
    gender = fields.String(required=True, validate=validate.OneOf(GENDERS))
    sector = fields.String(required=True, validate=validate.OneOf(SECTORS))
    proximity = fields.Integer(required=True, strict=True, validate=validate.OneOf(PROXIMITIES))
    designated_affiliation = fields.String(allow_none=True, validate=validate.Length(max=300))
    identity_visibility = fields.String(validate=validate.OneOf(IDENTITY_VISIBILITIES))


class MergeSchema(StrictSchema):
    """Which record to merge into the one named in the path (it is then deleted)."""

    from_person_id = Id(required=True)
