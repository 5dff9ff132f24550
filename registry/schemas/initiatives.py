"""Initiatives."""

from __future__ import annotations

from marshmallow import fields, validate

from ..models.enums import CONFIDENTIALITY_LEVELS, INITIATIVE_STATUSES, METHODS, MODES, TRACKS
from ..services.inputs.initiatives import InitiativeChanges, InitiativeInput
from .base import MAX_ID, Id, StrictBoolean, StrictSchema, VersionedSchema
from .words import Choice, Day, Text, missing

_IDS = fields.List(Id())
_ISSUES = "Choose at least one issue."


class InitiativeSchema(VersionedSchema):
    """An initiative, with every field of SPEC section 2 (readers see what the policy allows).

    Shape only: date order and "at least one issue" are the service's rules.
    """

    creates = InitiativeInput
    changes = InitiativeChanges

    conflict_id = Id(required=True, words="Choose the conflict.")
    title = Text(300, required=True)
    summary = Text(20_000, blank=None, allow_none=True)
    sponsor_id = Id()
    funder_ids = _IDS
    track = Choice(TRACKS, words="Choose the track.", required=True)
    mode = Choice(MODES, words="Choose the mode.", required=True)
    method = Choice(METHODS, words="Choose the method.", required=True)
    status = Choice(INITIATIVE_STATUSES, words="Choose the status.", required=True)
    start_date = Day(allow_none=True)
    end_date = Day(allow_none=True)
    issue_ids = fields.List(Id(), required=True, error_messages=missing(_ISSUES))
    region_ids = _IDS
    intra_party = StrictBoolean()
    confidentiality = Choice(CONFIDENTIALITY_LEVELS)
    external_id = Text(120, blank=None, allow_none=True)
    track_one_body_ids = fields.List(fields.Integer(), dump_only=True)
    participant_counts = fields.Dict(dump_only=True)


class InitiativeQuerySchema(StrictSchema):
    """Filters of GET /initiatives."""

    conflict_id = Id(strict=False)
    sponsor_id = Id(strict=False)
    status = fields.String(validate=validate.OneOf(INITIATIVE_STATUSES))
    issue_id = Id(strict=False)
    page = fields.Integer(validate=validate.Range(min=1, max=MAX_ID))
    page_size = fields.Integer(validate=validate.Range(min=1, max=500))
