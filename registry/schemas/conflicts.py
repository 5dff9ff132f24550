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
from .words import Choice, Text

COUNTRY = "Use a two-letter country code (ISO 3166-1), such as KE."


class ConflictSchema(VersionedSchema):
    """A conflict."""

    creates = ConflictInput
    changes = ConflictChanges

    slug = Text(80, required=True)
    name = Text(200, required=True)
    summary = Text(10_000, blank=None, allow_none=True)
    countries = fields.List(
        fields.String(validate=validate.Regexp(r"^[A-Za-z]{2}$", error=COUNTRY))
    )
    track_one_status = Choice(
        TRACK_ONE_STATUSES, words="Choose the Track One status.", required=True
    )
    escalation_stage = Choice(
        ESCALATION_STAGES, words="Choose the escalation stage.", required=True
    )


class _ReferenceSchema(VersionedSchema):
    conflict_id = fields.Integer(dump_only=True)
    name = Text(200, required=True)


class PartySchema(_ReferenceSchema):
    """A party to a conflict."""

    creates = PartyInput
    changes = PartyChanges

    kind = Choice(PARTY_KINDS, words="Choose the kind.", required=True)
    potential_spoiler = StrictBoolean()


class IssueSchema(_ReferenceSchema):
    """An issue in dispute."""

    creates = IssueInput
    changes = IssueChanges

    description = Text(10_000, blank=None, allow_none=True)
    on_track_one_agenda = StrictBoolean()


class RegionSchema(_ReferenceSchema):
    """A region."""

    creates = RegionInput
    changes = RegionChanges


class TrackOneBodySchema(_ReferenceSchema):
    """An official recipient of Track Two output."""

    creates = TrackOneBodyInput
    changes = TrackOneBodyChanges

    kind = Choice(TRACK_ONE_BODY_KINDS, words="Choose the kind.", required=True)
    party_id = Id(allow_none=True)


REFERENCE_SCHEMAS = {
    "party": PartySchema,
    "issue": IssueSchema,
    "region": RegionSchema,
    "track_one_body": TrackOneBodySchema,
}
