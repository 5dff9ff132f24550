"""Hostile input never reaches the database: 422 naming the field, nothing changed, no traceback."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from registry.extensions import db
from registry.inputs import MAX_JSON_DEPTH, clean_identity, json_depth
from registry.models import Person
from tests.helpers import assert_error, row_counts, sign_in_as
from tests.world import World, build_world, member


@pytest.fixture
def world(app: Flask) -> World:
    """An NGO with an editor, on a conflict with one issue."""
    return build_world(users={"editor": member("ngo")}, tokens=("editor",))


def person(**data: Any) -> dict[str, Any]:
    return {
        "full_name": "Grace Chepkoech",
        "gender": "female",
        "sector": "women",
        "proximity": 1,
        **data,
    }


def initiative(world: World, **data: Any) -> dict[str, Any]:
    return {
        "conflict_id": world.conflict.id,
        "title": "Water-sharing dialogue",
        "track": "2",
        "mode": "hard",
        "method": "problem_solving_workshop",
        "status": "planned",
        "issue_ids": [world.issue.id],
        **data,
    }


def raw_post(client: FlaskClient, url: str, text: str, headers: dict[str, str]) -> Any:
    """POST a JSON text as sent (lone surrogates survive only as \\u escapes)."""
    return client.post(url, data=text, headers={**headers, "Content-Type": "application/json"})


BAD_TEXTS = {
    "nul": '"Grace\\u0000Chepkoech"',
    "lone-high-surrogate": '"Grace\\ud800"',
    "lone-low-surrogate": '"\\udfffGrace"',
}


@pytest.mark.parametrize("field", ["full_name", "alias", "designated_affiliation"])
@pytest.mark.parametrize("kind", sorted(BAD_TEXTS))
def test_unstorable_text_in_a_person_is_a_422_naming_the_field(
    client: FlaskClient, world: World, field: str, kind: str, caplog: pytest.LogCaptureFixture
) -> None:
    body = json.dumps(person()).replace("}", f', "{field}": {BAD_TEXTS[kind]}}}')
    before = row_counts()
    with caplog.at_level(logging.DEBUG):
        response = raw_post(client, "/api/v1/people", body, world.headers["editor"])
    assert_error(response, 422, field)
    assert row_counts() == before
    assert "Traceback" not in caplog.text and "\\u0000" not in caplog.text


@pytest.mark.parametrize("kind", sorted(BAD_TEXTS))
def test_unstorable_text_in_an_initiative_title_is_a_422(
    client: FlaskClient, world: World, kind: str
) -> None:
    body = json.dumps(initiative(world)).replace('"Water-sharing dialogue"', BAD_TEXTS[kind])
    assert_error(
        raw_post(client, "/api/v1/initiatives", body, world.headers["editor"]), 422, "title"
    )


@pytest.mark.parametrize("url", ["/api/v1/initiatives", "/api/v1/auth/tokens"])
def test_json_nested_beyond_the_bound_is_a_422(
    client: FlaskClient, world: World, url: str, caplog: pytest.LogCaptureFixture
) -> None:
    headers = world.headers["editor"] if "tokens" not in url else {}
    deep = "[" * 100_000 + "]" * 100_000
    with caplog.at_level(logging.DEBUG):
        response = raw_post(client, url, '{"title": ' + deep + "}", headers)
    assert_error(response, 422, "_schema")
    assert "Traceback" not in caplog.text


def test_json_at_the_bound_is_not_refused_for_its_depth(client: FlaskClient, world: World) -> None:
    nested = "[" * (MAX_JSON_DEPTH - 1) + "]" * (MAX_JSON_DEPTH - 1)
    response = raw_post(
        client, "/api/v1/initiatives", '{"title": ' + nested + "}", world.headers["editor"]
    )
    assert_error(response, 422, "title")  # refused by the schema (not a string), not for depth


def test_depth_ignores_brackets_inside_strings() -> None:
    assert json_depth(b'{"a": "[[[[{{{\\"[[["}') == 1
    assert json_depth(b'[[1], {"b": [2]}]') == 3


def test_a_list_of_100000_ids_is_a_422_naming_it(client: FlaskClient, world: World) -> None:
    before = row_counts()
    body = initiative(world, issue_ids=list(range(1, 100_001)))
    response = client.post("/api/v1/initiatives", json=body, headers=world.headers["editor"])
    assert_error(response, 422, "issue_ids")
    assert row_counts() == before


def test_anonymous_token_request_with_a_huge_list_is_a_422(client: FlaskClient) -> None:
    response = client.post("/api/v1/auth/tokens", json={"email": ["x"] * 100_000, "password": "p"})
    assert_error(response, 422, "email")


@pytest.mark.parametrize(
    "query",
    [
        "status=planned&status=active",
        "page=1&page=2",
        "conflict_id=1&conflict_id=2",
    ],
)
def test_a_repeated_query_parameter_is_a_422_in_the_api(
    client: FlaskClient, world: World, query: str
) -> None:
    response = client.get(f"/api/v1/initiatives?{query}", headers=world.headers["editor"])
    assert_error(response, 422, query.split("=")[0])


def test_nul_in_a_query_parameter_is_a_422(client: FlaskClient, world: World) -> None:
    response = client.get("/api/v1/initiatives?status=plan%00ned", headers=world.headers["editor"])
    assert_error(response, 422, "status")


def test_pages_refuse_a_repeated_single_value_but_keep_multi_value_filters(
    client: FlaskClient, world: World
) -> None:
    sign_in_as(client, world.editor)
    assert client.get("/initiatives?page=1&page=2").status_code == 422
    assert client.get("/search?q=a&q=b").status_code == 422
    ok = client.get(f"/conflicts/{world.conflict.id}/findings?code=X&code=Y")
    assert ok.status_code != 422


def test_nul_in_a_form_field_is_a_422_page(client: FlaskClient, world: World) -> None:
    sign_in_as(client, world.editor)
    before = row_counts()
    response = client.post("/people/", data={**person(full_name="Grace\x00Chepkoech")})
    assert response.status_code == 422
    assert "full_name" in response.get_data(as_text=True) or "full name" in response.get_data(
        as_text=True
    )
    assert row_counts() == before


def test_nul_in_the_sign_in_form_is_a_422(client: FlaskClient) -> None:
    response = client.post("/signin", data={"email": "a\x00@b.org", "password": "x"})
    assert response.status_code == 422


@pytest.mark.parametrize(
    ("sent", "stored"),
    [
        ("Amina\u202e Lokiru", "Amina Lokiru"),  # right-to-left override
        ("\u200fAmina Lokiru\u2066", "Amina Lokiru"),  # RLM and an isolate
        ("Zo\u0065\u0301 Ekai", "Zo\u00e9 Ekai"),  # decomposed é becomes one code point
        ("Amina\ufeff Lokiru", "Amina Lokiru"),  # zero-width no-break space
        (
            "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645",
            "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645",
        ),
    ],
)
def test_identity_fields_are_normalised_before_storage(
    client: FlaskClient, world: World, sent: str, stored: str
) -> None:
    body = person(full_name=sent, alias=sent, designated_affiliation=sent)
    response = client.post("/api/v1/people", json=body, headers=world.headers["editor"])
    assert response.status_code == 201, response.get_json()
    created = response.get_json()
    assert created["full_name"] == stored
    assert created["alias"] == stored
    assert created["designated_affiliation"] == stored
    record = db.session.get(Person, created["id"])
    assert record is not None and record.alias == stored


def test_a_name_of_format_controls_only_is_refused(client: FlaskClient, world: World) -> None:
    body = person(full_name="\u202e\u2066\u200f")
    response = client.post("/api/v1/people", json=body, headers=world.headers["editor"])
    assert_error(response, 422, "full_name")


def test_clean_identity_keeps_joiners_and_drops_controls() -> None:
    assert clean_identity("a\u200db\u200cc\u202ad\u061ce") == "a\u200db\u200ccde"
