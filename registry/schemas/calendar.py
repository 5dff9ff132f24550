"""Rounds of the Track One talks, focal points and a focal point's inbox."""

from __future__ import annotations

from marshmallow import fields, validate

from ..models.enums import EVIDENCE_LEVELS, ROUND_STATUSES, TRANSFER_KINDS
from ..services.inputs.calendar import RoundChanges, RoundInput
from .base import Id, RecordSchema, StrictSchema, VersionedSchema
from .words import FILL_IN, SHORTER, Choice, Day, Text, missing


class RoundSchema(VersionedSchema):
    """A round of the Track One talks (its rules, such as date order, are the service's)."""

    creates = RoundInput
    changes = RoundChanges
    conflict_id = fields.Integer(dump_only=True)
    title = Text(300, required=True)
    track_one_body_ids = fields.List(
        Id(), required=True, error_messages=missing("Choose the Track One bodies that meet.")
    )
    starts_on = Day(required=True, words="Enter the date the round starts.")
    ends_on = Day(required=True, words="Enter the date the round ends.")
    agenda_issue_ids = fields.List(Id())
    status = Choice(ROUND_STATUSES, words="Choose the status.", required=True)
    notes = Text(10_000, blank=None, allow_none=True)


class RoundQuerySchema(StrictSchema):
    """Filters of a conflict's calendar."""

    status = fields.String(validate=validate.OneOf(ROUND_STATUSES))


class FocalPointRequestSchema(StrictSchema):
    """Assign a focal point by the exact email of its user account."""

    email = fields.String(
        required=True,
        validate=[
            validate.Length(min=3, error="Enter the email address of the user's account."),
            validate.Length(max=254, error=SHORTER),
        ],
        error_messages=missing(FILL_IN),
    )


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
