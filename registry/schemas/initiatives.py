"""Initiatives."""

from __future__ import annotations

from marshmallow import fields, validate

from ..models.enums import CONFIDENTIALITY_LEVELS, INITIATIVE_STATUSES, METHODS, MODES, TRACKS
from ..services.inputs.initiatives import InitiativeChanges, InitiativeInput
from .base import MAX_ID, Id, StrictBoolean, StrictSchema, VersionedSchema

_IDS = fields.List(Id())


class InitiativeSchema(VersionedSchema):
    """An initiative, with every field of SPEC section 2 (readers see what the policy allows).

    Shape only: date order and "at least one issue" are the service's rules.
    """

    creates = InitiativeInput
    changes = InitiativeChanges

    conflict_id = Id(required=True)
    title = fields.String(required=True, validate=validate.Length(min=1, max=300))
    summary = fields.String(allow_none=True, validate=validate.Length(max=20_000))
    sponsor_id = Id()
    funder_ids = _IDS
    track = fields.String(required=True, validate=validate.OneOf(TRACKS))
    mode = fields.String(required=True, validate=validate.OneOf(MODES))
    method = fields.String(required=True, validate=validate.OneOf(METHODS))
    status = fields.String(required=True, validate=validate.OneOf(INITIATIVE_STATUSES))
    start_date = fields.Date(allow_none=True)
    end_date = fields.Date(allow_none=True)
    issue_ids = fields.List(Id(), required=True)
    region_ids = _IDS
    intra_party = StrictBoolean()
    confidentiality = fields.String(validate=validate.OneOf(CONFIDENTIALITY_LEVELS))
    external_id = fields.String(allow_none=True, validate=validate.Length(max=120))
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
