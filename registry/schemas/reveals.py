"""Requests to reveal a pseudonymous participant's name."""

from __future__ import annotations

from marshmallow import fields, validate

from .base import RecordSchema, StrictSchema


class RevealRequestSchema(RecordSchema):
    """A reveal request and its answer."""

    person_id = fields.Integer(dump_only=True)
    requested_by_id = fields.Integer(dump_only=True)
    conflict_id = fields.Integer(dump_only=True)
    reason = fields.String(required=True, validate=validate.Length(min=1, max=2000))
    status = fields.String(dump_only=True)
    decided_by_id = fields.Integer(dump_only=True, allow_none=True)
    decided_at = fields.DateTime(dump_only=True, allow_none=True)
    decision_note = fields.String(dump_only=True, allow_none=True)
    expires_at = fields.DateTime(dump_only=True, allow_none=True)
    version = fields.Integer(dump_only=True)


class RevealDecisionSchema(StrictSchema):
    """An org admin's answer."""

    status = fields.String(required=True, validate=validate.OneOf(("approved", "refused")))
    decision_note = fields.String(validate=validate.Length(max=2000))
    version = fields.Integer()
