"""Form messages are written once, in the schemas, and shown beside their fields verbatim."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from marshmallow import Schema, fields, validate

from registry.schemas.accounts import OrganisationSchema, UserSchema
from registry.schemas.analysis import TriageSchema
from registry.schemas.calendar import RoundSchema
from registry.schemas.conflicts import REFERENCE_SCHEMAS, ConflictSchema
from registry.schemas.engagement import (
    ChannelSchema,
    CoordinationLinkSchema,
    ParticipationSchema,
    TransferSchema,
)
from registry.schemas.initiatives import InitiativeSchema
from registry.schemas.people import PersonSchema
from registry.schemas.reveals import RevealDecisionSchema, RevealRequestSchema
from registry.schemas.screening import DesignatedEntitySchema
from tests.factories import OrganisationFactory, UserFactory
from tests.helpers import signed_in

FORM_SCHEMAS: list[type[Schema]] = [
    InitiativeSchema,
    PersonSchema,
    ParticipationSchema,
    ChannelSchema,
    TransferSchema,
    CoordinationLinkSchema,
    RoundSchema,
    ConflictSchema,
    *REFERENCE_SCHEMAS.values(),
    TriageSchema,
    OrganisationSchema,
    UserSchema,
    RevealRequestSchema,
    RevealDecisionSchema,
    DesignatedEntitySchema,
]
DEFAULTS = set(fields.Field.default_error_messages.values()) | {
    fields.Integer.default_error_messages["invalid"],
    fields.Date.default_error_messages["invalid"],
}
WORDED = (validate.Length, validate.Range, validate.OneOf)


def _loaded_fields(schema: Schema) -> list[tuple[str, fields.Field]]:
    """Return every field a form fills, with the items of a list field."""
    found = []
    for name, field in schema.load_fields.items():
        if name == "version":  # sent back by the page itself, never typed by a person
            continue
        found.append((name, field))
        if isinstance(field, fields.List):
            found.append((f"{name}[]", field.inner))
    return found


@pytest.mark.parametrize("schema_class", FORM_SCHEMAS, ids=lambda cls: cls.__name__)
def test_every_field_a_form_fills_carries_its_own_plain_words(schema_class: type) -> None:
    for name, field in _loaded_fields(schema_class()):
        for key in ("required", "null", "invalid") if field.required else ("invalid",):
            message = field.error_messages.get(key)
            assert message not in DEFAULTS, f"{name} uses marshmallow's {key!r} message"
        for check in field.validators:
            if isinstance(check, WORDED):
                assert check.error, f"{name}: {type(check).__name__} has no message of its own"


@pytest.fixture
def editor(app: Flask) -> Any:
    return UserFactory(organisation_id=OrganisationFactory().id)


def _error_beside(page: str, field_id: str) -> str:
    assert re.search(rf'aria-describedby="[^"]*\b{field_id}-error"', page), "not linked"
    shown = rf'<div id="{field_id}-error" class="invalid-feedback d-block">([^<]*)<'
    match = re.search(shown, page)
    assert match, f"no error beside {field_id}"
    return match.group(1)


def test_a_schema_message_is_shown_beside_its_field_word_for_word(
    editor: Any, client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Give the schema marshmallow's own English: any rewording of it on the way would show.
    plain = fields.Integer(allow_none=True, validate=validate.Range(min=1900, max=2100))
    monkeypatch.setitem(PersonSchema._declared_fields, "birth_year", plain)
    signed_in(client, editor)
    form = {"full_name": "A" * 301, "birth_year": "1700", "gender": "female", "sector": ""}

    page = client.post("/people/", data=form).get_data(as_text=True)

    assert _error_beside(page, "birth_year") == (
        "Must be greater than or equal to 1900 and less than or equal to 2100."
    )
    assert _error_beside(page, "full_name") == "Make this shorter: at most 300 characters."
    assert _error_beside(page, "sector") == "Choose the sector."
