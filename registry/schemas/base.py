"""Schema conventions shared by every resource."""

from __future__ import annotations

from typing import Any

from marshmallow import RAISE, Schema, ValidationError, fields, pre_load, validate

from ..inputs import faults


class StrictSchema(Schema):
    """Refuse unknown fields (422), as the API promises."""

    class Meta:
        unknown = RAISE

    @pre_load
    def _refuse_unstorable_text(self, data: Any, **kwargs: Any) -> Any:
        """Refuse NUL bytes, lone surrogates and overlong lists, naming the field."""
        found: dict[str, list[str]] = {}
        for field, message in faults(data):
            found.setdefault(field, []).append(message)
        if found:
            raise ValidationError(found)
        return data


class RecordSchema(StrictSchema):
    """Fields every record has."""

    id = fields.Integer(dump_only=True)
    created_at = fields.DateTime(dump_only=True)
    updated_at = fields.DateTime(dump_only=True)


class VersionedSchema(RecordSchema):
    """An editable record: `version` is read, and may be sent back on PATCH."""

    version = fields.Integer(strict=True, validate=validate.Range(min=1, max=2**31 - 1))


MAX_ID = 2**31 - 1  # the largest id PostgreSQL's integer and every path converter hold


def Id(*, strict: bool = True, **kwargs: Any) -> fields.Integer:
    """Return an integer id field, limited to what the database can hold.

    JSON bodies must send numbers (strict); query strings are text, so their ids are not.
    """
    return fields.Integer(strict=strict, validate=validate.Range(min=1, max=MAX_ID), **kwargs)
