"""People (participant identities) of one's own organisation."""

from __future__ import annotations

from marshmallow import fields, validate

from ..models.enums import GENDERS, IDENTITY_VISIBILITIES, PROXIMITIES, SECTORS
from ..services.inputs.people import PersonChanges, PersonInput
from .base import Id, StrictSchema, VersionedSchema
from .words import OFFERED, Choice, Number, Text, missing

_PROXIMITY = "Choose how close the person is to decision makers."


class PersonSchema(VersionedSchema):
    """A person; `full_name` is shown only to those allowed to read it."""

    creates = PersonInput
    changes = PersonChanges

    organisation_id = Id()
    full_name = Text(300, required=True)
    alias = Text(120, allow_none=True)
    birth_year = Number(1900, 2100, allow_none=True)
    gender = Choice(GENDERS, words="Choose the gender (or 'Undisclosed').", required=True)
    sector = Choice(SECTORS, words="Choose the sector.", required=True)
    proximity = fields.Integer(
        required=True,
        strict=True,
        validate=validate.OneOf(PROXIMITIES, error=OFFERED),
        error_messages={**missing(_PROXIMITY), "invalid": OFFERED},
    )
    designated_affiliation = Text(300, blank=None, allow_none=True)
    identity_visibility = Choice(IDENTITY_VISIBILITIES)


class MergeSchema(StrictSchema):
    """Which record to merge into the one named in the path (it is then deleted)."""

    from_person_id = Id(required=True, words="Choose the record to merge into this one.")
