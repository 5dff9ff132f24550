"""Designated entities."""

from __future__ import annotations

from marshmallow import fields, validate

from .base import VersionedSchema


class DesignatedEntitySchema(VersionedSchema):
    """An entity on a designated-entities list."""

    name = fields.String(required=True, validate=validate.Length(min=1, max=300))
    aliases = fields.List(fields.String(validate=validate.Length(min=1, max=300)))
    list_name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    jurisdictions = fields.List(
        fields.String(
            validate=validate.Regexp(r"^[A-Za-z]{2,3}$", error="Use a 2- or 3-letter code.")
        )
    )
