"""Schema conventions shared by every resource."""

from __future__ import annotations

from typing import Any, ClassVar

from marshmallow import (
    RAISE,
    Schema,
    ValidationError,
    fields,
    post_dump,
    post_load,
    pre_load,
    validate,
)

from ..inputs import faults
from ..services.inputs import Input, build
from ..services.inputs.edits import Edit
from .words import MAX_ID, Id

__all__ = [
    "MAX_ID",
    "Id",
    "QueryBoolean",
    "RecordSchema",
    "StrictBoolean",
    "StrictSchema",
    "VersionedSchema",
]


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
    """Fields every record has.

    A schema that names its input types loads into them: a full load gives the create
    input (`version` dropped), a partial load an `Edit` of the changes and the version.
    """

    id = fields.Integer(dump_only=True)
    created_at = fields.DateTime(dump_only=True)
    updated_at = fields.DateTime(dump_only=True)
    creates: ClassVar[type[Input] | None] = None
    changes: ClassVar[type[Input] | None] = None

    @post_load
    def _to_input(self, data: dict[str, Any], *, partial: Any = None, **_: Any) -> Any:
        """Return the typed input the services take (a plain dict where none is named)."""
        if partial and self.changes is not None:
            version = data.pop("version", None)
            return Edit(build(self.changes, data), version)
        if not partial and self.creates is not None:
            data.pop("version", None)
            return build(self.creates, data)
        return data

    @post_dump(pass_original=True)
    def _leave_out_hidden(self, data: dict[str, Any], original: Any, **_: Any) -> dict[str, Any]:
        """Leave out the keys the reader hid from this reader: absent, never null."""
        for name in getattr(original, "hidden", ()):
            data.pop(name, None)
        return data


class StrictBoolean(fields.Boolean):
    """A JSON boolean: `true` or `false` only (`0`, `1`, `"yes"` are a 422, SPEC 6.2)."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> bool:
        if not isinstance(value, bool):
            raise self.make_error("invalid", input=value)
        return value


class QueryBoolean(fields.Boolean):
    """A boolean in a query string: `true` or `false` only, as the OpenAPI document says."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> bool:
        if value not in ("true", "false"):
            raise self.make_error("invalid", input=value)
        return bool(value == "true")


class VersionedSchema(RecordSchema):
    """An editable record: `version` is read, and may be sent back on PATCH."""

    version = fields.Integer(strict=True, validate=validate.Range(min=1, max=2**31 - 1))
