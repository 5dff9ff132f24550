"""Form helpers shared by the pages: read typed values, load them through the API's schemas,
call a service, and keep what was typed together with the errors beside each field.

The messages are the schemas' and services' own (registry/schemas/words.py): written once
in plain words, shown here verbatim.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from flask import render_template, request
from marshmallow import Schema, ValidationError
from werkzeug.datastructures import MultiDict

from ..errors import Invalid, PreconditionFailed
from . import wording

T = TypeVar("T")

# How a form field becomes the value a schema loads (see `read`).
TEXT, OPTIONAL_TEXT, CHOICE, OPTIONAL_CHOICE = "text", "optional_text", "choice", "optional_choice"
INTEGER, OPTIONAL_INTEGER, INTEGERS = "integer", "optional_integer", "integers"
DATE, BOOLEAN, SECRET = "date", "boolean", "secret"

STALE = (
    "Someone changed this record while you were editing it. Your version is kept below: "
    "open the page again to see theirs, then make your changes once more."
)


@dataclass
class FormState:
    """What a form shows: the values as typed, and errors by field name."""

    labels: Mapping[str, str]
    values: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, list[str]] = field(default_factory=dict)

    def value(self, name: str) -> str:
        """Return the typed value of a single field ("" when none)."""
        value = self.values.get(name)
        return "" if value is None else str(value)

    def chosen(self, name: str) -> list[str]:
        """Return the typed values of a multi-choice field, as strings."""
        value = self.values.get(name) or []
        return [str(item) for item in (value if isinstance(value, list | tuple) else [value])]

    def add(self, messages: Mapping[str, Any]) -> None:
        """Add errors of a schema or service beside their fields, in the schema's own words."""
        for name, found in messages.items():
            target = name if name in self.labels else "_schema"
            for text in _flatten(found):
                if target == "_schema" and name != "_schema":
                    text = f"{name.replace('_', ' ')}: {text}"
                if text not in self.errors.setdefault(target, []):
                    self.errors[target].append(text)

    def ordered_errors(self) -> list[tuple[str, list[str]]]:
        """Return the errors in the order of the form's fields, those of no field first."""
        order = {name: index for index, name in enumerate(self.labels)}
        return sorted(self.errors.items(), key=lambda item: order.get(item[0], -1))


def _flatten(found: Any) -> list[str]:
    """Return the messages of one field, however marshmallow nested them (lists by index)."""
    if isinstance(found, str):
        return [found]
    if isinstance(found, Mapping):
        return [message for value in found.values() for message in _flatten(value)]
    return [message for value in found for message in _flatten(value)]


def read(
    form: MultiDict[str, str], kinds: Mapping[str, str]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Return (the values as typed, the data a schema loads) of the fields named in `kinds`.

    Blank required choices are left out so the schema names them; blank optional
    fields become null; ids that are not numbers are passed on for the schema to refuse.
    Secrets (passwords, codes) are loaded but not kept among the values the page shows.
    """
    typed: dict[str, Any] = {}
    data: dict[str, Any] = {}
    for name, kind in kinds.items():
        if kind == INTEGERS:
            typed[name] = [item for item in form.getlist(name) if item]
            data[name] = [_number(item) for item in typed[name]]
            continue
        if kind == BOOLEAN:
            typed[name] = data[name] = name in form
            continue
        if kind == SECRET:  # as typed, spaces and all, and never shown again
            data[name] = form.get(name) or ""
            continue
        raw = (form.get(name) or "").strip()
        typed[name] = raw
        if kind == TEXT:
            data[name] = raw
        elif raw:
            data[name] = _number(raw) if kind in (INTEGER, OPTIONAL_INTEGER) else raw
        elif kind in (OPTIONAL_TEXT, OPTIONAL_INTEGER, OPTIONAL_CHOICE, DATE):
            data[name] = None
    return typed, data


def _number(raw: str) -> int | str:
    return int(raw) if raw.lstrip("-").isdigit() else raw


def load(schema: Schema, data: dict[str, Any], state: FormState) -> Any:
    """Load data through a schema; on errors add them to the form state and return None."""
    try:
        loaded: dict[str, Any] = schema.load(data)
    except ValidationError as error:
        state.add(error.messages if isinstance(error.messages, dict) else {"_schema": error})
        return None
    return loaded


def submitted(
    schema: Schema, labels: Mapping[str, str], kinds: Mapping[str, str]
) -> tuple[FormState, Any]:
    """Read the posted fields named in `kinds` and load them: the form's state, and the data."""
    typed, data = read(request.form, kinds)
    state = FormState(labels, typed)
    return state, load(schema, data, state)


def attempt(state: FormState, call: Callable[[], T]) -> T | None:
    """Run a service call; on refused input (422) or a stale version (412) note it in the form."""
    try:
        return call()
    except Invalid as error:
        state.add(error.errors.get("json", {}))
    except PreconditionFailed:
        state.errors.setdefault("_schema", []).append(STALE)
    return None


def render(template: str, **context: Any) -> str:
    """Render a page with the plain words of every code at hand."""
    return render_template(template, words=wording, **context)


def options(mapping: Mapping[Any, str]) -> list[tuple[str, str]]:
    """Return (value, label) pairs for a select or radio group."""
    return [(str(value), label) for value, label in mapping.items()]


def as_typed(values: Mapping[str, Any]) -> dict[str, Any]:
    """Turn stored values into what a form shows: strings, lists of strings, booleans."""
    typed: dict[str, Any] = {}
    for name, value in values.items():
        if isinstance(value, bool) or value is None:
            typed[name] = value if value is not None else ""
        elif isinstance(value, list | tuple | set):
            typed[name] = [str(item) for item in value]
        elif hasattr(value, "isoformat"):
            typed[name] = value.isoformat()
        else:
            typed[name] = str(value)
    return typed
