"""Typed inputs of the write path: what a schema loads and a service takes.

A create is a frozen dataclass whose required fields have no default. A partial update
(PATCH) is a frozen dataclass of the same fields, each defaulting to `UNSET`: a field
left out of the request stays `UNSET` (keep the stored value), one sent as null is
`None` (clear it, where the field allows). Lists are tuples, so an input cannot change
after it was checked. Nothing here imports marshmallow or Flask.
"""

from __future__ import annotations

import dataclasses
import enum
from typing import Any, ClassVar, Final, Protocol, TypeVar

T = TypeVar("T")


class Unset(enum.Enum):
    """The type of `UNSET`: a field a partial update did not send."""

    UNSET = "UNSET"

    def __repr__(self) -> str:
        return "UNSET"


UNSET: Final = Unset.UNSET


class Input(Protocol):
    """Any input dataclass (a create or a partial update)."""

    __dataclass_fields__: ClassVar[dict[str, dataclasses.Field[Any]]]


In = TypeVar("In", bound=Input)


def or_current(value: T | Unset, current: T) -> T:
    """Return the value sent, or the stored one when the field was left out."""
    return current if value is UNSET else value


def sent(data: Input) -> dict[str, object]:
    """Return the fields of an input that were sent (every field of a create)."""
    found = {field.name: getattr(data, field.name) for field in dataclasses.fields(data)}
    return {name: value for name, value in found.items() if value is not UNSET}


def build(kind: type[In], values: dict[str, Any]) -> In:
    """Build an input from loaded values: lists become tuples, unknown names are refused."""
    return kind(**{name: _frozen(value) for name, value in values.items()})


def every_field(data: Input, kind: type[In]) -> In:
    """Return a partial update that sends every field of a full input (an edit form)."""
    return build(kind, sent(data))


def _frozen(value: object) -> object:
    return tuple(value) if isinstance(value, list) else value
