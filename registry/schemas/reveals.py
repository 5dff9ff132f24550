"""Requests to reveal a pseudonymous participant's name."""

from __future__ import annotations

from marshmallow import fields

from .base import RecordSchema, StrictSchema
from .words import Choice, Text


class RevealRequestSchema(RecordSchema):
    """A reveal request and its answer."""

    person_id = fields.Integer(dump_only=True)
    requested_by_id = fields.Integer(dump_only=True)
    conflict_id = fields.Integer(dump_only=True)
    reason = Text(2000, blank="Say why you need the name.", required=True)
    status = fields.String(dump_only=True)
    decided_by_id = fields.Integer(dump_only=True, allow_none=True)
    decided_at = fields.DateTime(dump_only=True, allow_none=True)
    decision_note = fields.String(dump_only=True, allow_none=True)
    expires_at = fields.DateTime(dump_only=True, allow_none=True)
    version = fields.Integer(dump_only=True)


class RevealDecisionSchema(StrictSchema):
    """An org admin's answer."""

    status = Choice(("approved", "refused"), words="Choose approve or refuse.", required=True)
    decision_note = Text(2000, blank=None)
    version = fields.Integer()
