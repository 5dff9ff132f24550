"""Fields whose messages are written here in plain words, for the API and the pages alike.

marshmallow's own messages ("Missing data for required field.", "Length must be between
1 and 300.") are meant for programmers. Every field a person fills goes through one of
these builders, so the message shown beside a form field is the schema's own, verbatim.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from marshmallow import fields, validate

FILL_IN = "Fill this in."
OFFERED = "Choose one of the options offered."
SHORTER = "Make this shorter: at most {max} characters."
NUMBER = "Enter a number."
NUMBER_RANGE = "Enter a number from {min} to {max}."
DATE = "Enter the date as year-month-day, for example 2026-03-31."
MAX_ID = 2**31 - 1  # the largest id PostgreSQL's integer and every path converter hold


Messages = dict[str, str | list[Any] | dict[Any, Any]]  # marshmallow's own hint


def missing(words: str) -> Messages:
    """Return the messages for a field left out or left empty."""
    return {"required": words, "null": words}


def Text(max_length: int, *, blank: str | None = FILL_IN, **kwargs: Any) -> fields.String:
    """Return a text field of at most `max_length` characters; `blank` refuses an empty one."""
    checks: list[validate.Validator] = [validate.Length(max=max_length, error=SHORTER)]
    if blank is not None:
        checks.insert(0, validate.Length(min=1, error=blank))
    return fields.String(validate=checks, error_messages=missing(blank or FILL_IN), **kwargs)


def Choice(options: Iterable[Any], *, words: str = OFFERED, **kwargs: Any) -> fields.String:
    """Return a field that takes one of `options`; `words` ask for it when it is missing."""
    check = validate.OneOf(tuple(options), error=OFFERED)
    return fields.String(validate=check, error_messages=missing(words), **kwargs)


def Number(low: int, high: int, **kwargs: Any) -> fields.Integer:
    """Return a whole number from `low` to `high`."""
    return fields.Integer(
        strict=True,
        validate=validate.Range(min=low, max=high, error=NUMBER_RANGE),
        error_messages={**missing(FILL_IN), "invalid": NUMBER},
        **kwargs,
    )


def Day(*, words: str = FILL_IN, **kwargs: Any) -> fields.Date:
    """Return an ISO date (year-month-day)."""
    return fields.Date(error_messages={**missing(words), "invalid": DATE}, **kwargs)


def Id(*, strict: bool = True, words: str = OFFERED, **kwargs: Any) -> fields.Integer:
    """Return an integer id field, limited to what the database can hold.

    JSON bodies must send numbers (strict); query strings are text, so their ids are not.
    An id that names nothing is, for the person choosing, not one of the options offered.
    """
    return fields.Integer(
        strict=strict,
        validate=validate.Range(min=1, max=MAX_ID, error=OFFERED),
        error_messages={**missing(words), "invalid": OFFERED},
        **kwargs,
    )
