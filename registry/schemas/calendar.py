"""Rounds of the Track One talks, focal points and a focal point's inbox."""

from __future__ import annotations

from marshmallow import fields, validate

from ..models.enums import EVIDENCE_LEVELS, ROUND_STATUSES, TRANSFER_KINDS
from ..services.inputs.calendar import RoundChanges, RoundInput
from .base import Id, RecordSchema, StrictSchema, VersionedSchema


class RoundSchema(VersionedSchema):
    """A round of the Track One talks (its rules, such as date order, are the service's)."""

    creates = RoundInput
    changes = RoundChanges
    conflict_id = fields.Integer(dump_only=True)
    title = fields.String(required=True, validate=validate.Length(min=1, max=300))
    track_one_body_ids = fields.List(Id(), required=True)
    starts_on = fields.Date(required=True)
    ends_on = fields.Date(required=True)
    agenda_issue_ids = fields.List(Id())
    status = fields.String(required=True, validate=validate.OneOf(ROUND_STATUSES))
    notes = fields.String(allow_none=True, validate=validate.Length(max=10_000))


class RoundQuerySchema(StrictSchema):
    """Filters of a conflict's calendar."""

    status = fields.String(validate=validate.OneOf(ROUND_STATUSES))


class FocalPointRequestSchema(StrictSchema):
    """Assign a focal point by the exact email of its user account."""

    email = fields.String(required=True, validate=validate.Length(min=3, max=254))


class FocalPointSchema(StrictSchema):
    """A focal point of a Track One body, as its managers see it."""

    track_one_body_id = fields.Integer(dump_only=True)
    user_id = fields.Integer(dump_only=True)
    email = fields.Function(lambda link: link.user.email, dump_only=True)
    display_name = fields.Function(lambda link: link.user.display_name, dump_only=True)
    organisation_id = fields.Function(lambda link: link.user.organisation_id, dump_only=True)
    created_at = fields.DateTime(dump_only=True)


class InboxTransferSchema(RecordSchema):
    """A transfer in a focal point's inbox; initiative fields only where it may see them."""

    version = fields.Integer(dump_only=True)
    kind = fields.String(dump_only=True, validate=validate.OneOf(TRANSFER_KINDS))
    issue_ids = fields.List(fields.Integer(), dump_only=True)
    delivered_on = fields.Date(dump_only=True)
    round_id = fields.Integer(dump_only=True, allow_none=True)
    evidence = fields.String(dump_only=True, validate=validate.OneOf(EVIDENCE_LEVELS))
    confirmed_on = fields.Date(dump_only=True, allow_none=True)
    confirmed_by = fields.String(dump_only=True, allow_none=True)
    title = fields.String(dump_only=True)
    initiative_id = fields.Integer(dump_only=True)
    initiative_title = fields.String(dump_only=True)
    sponsor_id = fields.Integer(dump_only=True)
    sponsor_name = fields.String(dump_only=True)
    initiative_label = fields.String(dump_only=True)
