"""Designated entities."""

from __future__ import annotations

from marshmallow import fields, validate

from ..services.inputs.organisations import DesignatedEntityInput
from .base import VersionedSchema
from .words import Text


class DesignatedEntitySchema(VersionedSchema):
    """An entity on a designated-entities list."""

    creates = DesignatedEntityInput

    name = Text(300, required=True)
    aliases = fields.List(Text(300))
    list_name = Text(200, required=True)
    jurisdictions = fields.List(
        fields.String(
            validate=validate.Regexp(r"^[A-Za-z]{2,3}$", error="Use a 2- or 3-letter code.")
        )
    )
