"""Input hygiene shared by every entry point: text the database can store, bounded JSON.

A NUL byte or a lone surrogate cannot be stored by PostgreSQL (and is never meaningful
in the registry's text), JSON nested without bound exhausts the parser's stack, and a
list of 100,000 ids overflows the database's bind parameters. Each is refused with a
422 naming the field before any of it reaches a parser, a query or a log.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterator, Mapping
from typing import Any

from flask import Flask, request

from .errors import Invalid

MAX_JSON_DEPTH = 16
MAX_LIST_LENGTH = 1000
NUL_MESSAGE = "Remove the NUL character (\\u0000): text may not contain it."
SURROGATE_MESSAGE = "Remove the unpaired surrogate: text must be valid Unicode."

# Query parameters pages read once; a repeated one would be silently ambiguous.
SINGLE_VALUED = frozenset(
    ("page", "page_size", "q", "as_of", "next", "conflict_id", "tab", "from", "initiative_id")
) | frozenset(("nodes_page", "format", "dry_run", "sponsor_id", "issue_id"))
# Zero-width joiner and non-joiner spell words in Persian, Arabic and Indic scripts.
KEPT_FORMAT_CHARACTERS = frozenset("\u200c\u200d")
_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKET = re.compile(rb"[\[\]{}]")


def text_fault(value: str) -> str | None:
    """Return why a text cannot be stored, or None when it can."""
    if "\x00" in value:
        return NUL_MESSAGE
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return SURROGATE_MESSAGE
    return None


def faults(data: Any, name: str = "_schema") -> Iterator[tuple[str, str]]:
    """Yield (field, message) for every string in data that cannot be stored or is too long."""
    if isinstance(data, str):
        if message := text_fault(data):
            yield name, message
    elif isinstance(data, Mapping):
        for key, value in data.items():
            field = key if name == "_schema" else name
            if isinstance(key, str) and (message := text_fault(key)):
                yield name, message
                continue
            yield from faults(value, str(field))
    elif isinstance(data, list | tuple):
        if len(data) > MAX_LIST_LENGTH:
            yield name, f"Send at most {MAX_LIST_LENGTH} items."
            return
        for item in data:
            yield from faults(item, name)


def refuse_faults(data: Any, location: str = "json") -> None:
    """Raise a 422 naming each field whose text cannot be stored."""
    found: dict[str, list[str]] = {}
    for field, message in faults(data):
        if message not in found.setdefault(field, []):
            found[field].append(message)
    if found:
        raise Invalid(found, location=location)


def json_depth(raw: bytes) -> int:
    """Return how deeply a JSON text nests, without parsing it (strings skipped)."""
    depth = deepest = 0
    for bracket in _BRACKET.findall(_STRING.sub(b'""', raw)):
        if bracket in (b"[", b"{"):
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest


def clean_identity(value: str | None) -> str | None:
    """Return an identity text NFC-normalised, without bidi or other format controls."""
    if value is None:
        return None
    kept = (
        character
        for character in unicodedata.normalize("NFC", value)
        if unicodedata.category(character) != "Cf" or character in KEPT_FORMAT_CHARACTERS
    )
    return "".join(kept).strip()


def _check_query() -> None:
    """Refuse unstorable text and ambiguous repeats in the query string (422)."""
    args = request.args
    refuse_faults({key: args.getlist(key) for key in args}, location="query")
    is_api = request.path.startswith("/api/")
    repeated = [key for key in args if len(args.getlist(key)) > 1]
    ambiguous = [key for key in repeated if is_api or key in SINGLE_VALUED]
    if ambiguous:
        raise Invalid({key: ["Give this parameter once."] for key in ambiguous}, location="query")


def _check_json() -> None:
    """Refuse JSON bodies nested too deeply, with overlong lists or unstorable text (422)."""
    raw = request.get_data(cache=True)
    if not raw:
        return
    if json_depth(raw) > MAX_JSON_DEPTH:
        message = f"Nest JSON at most {MAX_JSON_DEPTH} levels deep."
        raise Invalid({"_schema": [message]})
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError):
        return  # the API's own parser answers malformed JSON with its 400
    refuse_faults(data)


def check_request() -> None:
    """Check the query string, form fields and JSON body of every request."""
    _check_query()
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return
    if request.is_json:
        _check_json()
    elif request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data"):
        form = request.form
        refuse_faults({key: form.getlist(key) for key in form}, location="form")


def register_input_checks(app: Flask) -> None:
    """Check every request's input before any other hook reads it."""
    app.before_request(check_request)
