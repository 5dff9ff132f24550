"""Conflicts and their reference data."""

from __future__ import annotations

from marshmallow import fields, validate

from ..models.enums import (
    ESCALATION_STAGES,
    PARTY_KINDS,
    TRACK_ONE_BODY_KINDS,
    TRACK_ONE_STATUSES,
)
from ..services.inputs.conflicts import (
    ConflictChanges,
    ConflictInput,
    IssueChanges,
    IssueInput,
    PartyChanges,
    PartyInput,
    RegionChanges,
    RegionInput,
    TrackOneBodyChanges,
    TrackOneBodyInput,
)
from .base import Id, StrictBoolean, VersionedSchema

_NAME = validate.Length(min=1, max=200)


class ConflictSchema(VersionedSchema):
    """A conflict."""

    creates = ConflictInput
    changes = ConflictChanges

    slug = fields.String(required=True, validate=validate.Length(min=1, max=80))
    name = fields.String(required=True, validate=_NAME)
    summary = fields.String(allow_none=True, validate=validate.Length(max=10_000))
    countries = fields.List(
        fields.String(validate=validate.Regexp(r"^[A-Za-z]{2}$", error="Use ISO 3166-1 alpha-2."))
    )
    track_one_status = fields.String(required=True, validate=validate.OneOf(TRACK_ONE_STATUSES))
    escalation_stage = fields.String(required=True, validate=validate.OneOf(ESCALATION_STAGES))


class _ReferenceSchema(VersionedSchema):
    conflict_id = fields.Integer(dump_only=True)
    name = fields.String(required=True, validate=_NAME)


class PartySchema(_ReferenceSchema):
    """A party to a conflict."""

    creates = PartyInput
    changes = PartyChanges

    kind = fields.String(required=True, validate=validate.OneOf(PARTY_KINDS))
    potential_spoiler = StrictBoolean()


class IssueSchema(_ReferenceSchema):
    """An issue in dispute."""

    creates = IssueInput
    changes = IssueChanges

    description = fields.String(allow_none=True, validate=validate.Length(max=10_000))
    on_track_one_agenda = StrictBoolean()


class RegionSchema(_ReferenceSchema):
    """A region."""

    creates = RegionInput
    changes = RegionChanges


class TrackOneBodySchema(_ReferenceSchema):
    """An official recipient of Track Two output."""

    creates = TrackOneBodyInput
    changes = TrackOneBodyChanges

    kind = fields.String(required=True, validate=validate.OneOf(TRACK_ONE_BODY_KINDS))
    party_id = Id(allow_none=True)


REFERENCE_SCHEMAS = {
    "party": PartySchema,
    "issue": IssueSchema,
    "region": RegionSchema,
    "track_one_body": TrackOneBodySchema,
}
