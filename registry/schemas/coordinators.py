"""A conflict's coordinators: who is assigned, and the request to assign one."""

from __future__ import annotations

from typing import Any

from marshmallow import ValidationError, fields, validates_schema

from .base import Id, StrictSchema
from .words import Text


class CoordinatorSchema(StrictSchema):
    """A coordinator of a conflict: the user, named with its organisation (`id` is the user's)."""

    id = fields.Integer(dump_only=True, attribute="user_id")
    user_id = fields.Integer(dump_only=True)
    conflict_id = fields.Integer(dump_only=True)
    email = fields.String(dump_only=True)
    display_name = fields.String(dump_only=True)
    organisation_id = fields.Integer(dump_only=True)
    organisation_name = fields.String(dump_only=True)
    is_active = fields.Boolean(dump_only=True)
    assigned_at = fields.DateTime(dump_only=True)


class CoordinatorAssignmentSchema(StrictSchema):
    """The user to assign, by `user_id` or by `email` (one of them)."""

    user_id = Id()
    email = Text(254, blank="Give the email of the user to assign.")

    @validates_schema
    def _one_of(self, data: dict[str, Any], **kwargs: Any) -> None:
        if ("user_id" in data) == ("email" in data):
            raise ValidationError("Send either user_id or email.", "user_id")
