"""The OpenAPI document declares what SPEC 6.2's conventions make every operation answer."""

from __future__ import annotations

import json
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from registry.services import identities
from tests.factories import (
    OrganisationFactory,
    PersonFactory,
    editor_of,
    initiative_on,
    one_transaction,
    participate,
    scope,
)
from tests.helpers import SYSTEM, bearer_for

OPERATIONS = ("get", "post", "patch", "put", "delete")


@pytest.fixture
def document(client: FlaskClient) -> dict[str, Any]:
    """Return the served OpenAPI document."""
    answer: dict[str, Any] = client.get("/api/v1/openapi.json").get_json()
    return answer


def _operations(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (path, method, operation)
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if method in OPERATIONS
    ]


def test_every_list_declares_x_pagination_as_json_header_content(document: dict[str, Any]) -> None:
    lists = [
        operation["responses"]["200"]
        for _, method, operation in _operations(document)
        if method == "get"
        and operation["responses"]
        .get("200", {})
        .get("content", {})
        .get("application/json", {})
        .get("schema", {})
        .get("type")
        == "array"
    ]
    assert len(lists) >= 15
    for response in lists:
        header = response["headers"]["X-Pagination"]
        assert "schema" not in header
        assert header["content"]["application/json"]["schema"]["type"] == "object"


def test_operations_that_serve_visitors_declare_optional_authentication(
    document: dict[str, Any],
) -> None:
    optional = [{}, {"bearer": []}, {"session": []}]
    paths = document["paths"]
    for path in ("/api/v1/initiatives", "/api/v1/conflicts", "/api/v1/exports/initiatives"):
        assert paths[path]["get"]["security"] == optional
    assert "security" not in paths["/api/v1/people"]["get"]  # signed-in users only


def test_every_patch_declares_412_and_every_operation_503_with_retry_after(
    document: dict[str, Any],
) -> None:
    for path, method, operation in _operations(document):
        responses = operation["responses"]
        assert "Retry-After" in responses["503"]["headers"], (method, path)
        if method == "patch":
            assert {"409", "412", "415", "422"} <= set(responses), path


def test_answers_do_not_require_what_a_reader_may_not_see(document: dict[str, Any]) -> None:
    schemas = document["components"]["schemas"]
    answer = document["paths"]["/api/v1/initiatives/{initiative_id}"]["get"]["responses"]["200"]
    ref = answer["content"]["application/json"]["schema"]["$ref"]
    assert ref.endswith("/InitiativeAnswer")
    assert "required" not in schemas["InitiativeAnswer"]
    assert "title" in schemas["Initiative"]["required"]  # a create still requires it
    booleans = schemas["Initiative"]["properties"]["intra_party"]
    assert booleans["type"] == "boolean"


@pytest.fixture
def issue_and_editor(app: Flask) -> tuple[Any, dict[str, str], Any]:
    with one_transaction():
        where = scope()
        ngo = OrganisationFactory()
        editor = editor_of(ngo.id)
        initiative = initiative_on(where, ngo.id)
    return where, bearer_for(editor), initiative


@pytest.mark.parametrize("value", [0, 1, "yes", "true", None])
def test_a_json_boolean_must_be_true_or_false(
    client: FlaskClient, issue_and_editor: tuple[Any, dict[str, str], Any], value: Any
) -> None:
    _, headers, initiative = issue_and_editor
    url = f"/api/v1/initiatives/{initiative.id}"
    response = client.patch(url, json={"intra_party": value}, headers=headers)
    assert response.status_code == 422
    assert "intra_party" in response.get_json()["errors"]["json"]


def test_a_json_boolean_true_is_taken(
    client: FlaskClient, issue_and_editor: tuple[Any, dict[str, str], Any]
) -> None:
    _, headers, initiative = issue_and_editor
    url = f"/api/v1/initiatives/{initiative.id}"
    response = client.patch(url, json={"intra_party": True}, headers=headers)
    assert response.status_code == 200
    assert response.get_json()["intra_party"] is True


@pytest.mark.parametrize("value", ["1", "yes", "True", "on"])
def test_a_query_boolean_must_be_true_or_false(
    client: FlaskClient, issue_and_editor: tuple[Any, dict[str, str], Any], value: str
) -> None:
    _, headers, _ = issue_and_editor
    response = client.get(f"/api/v1/exports/initiatives?format=csv&hxl={value}", headers=headers)
    assert response.status_code == 422
    assert "hxl" in response.get_json()["errors"]["query"]


def test_the_reveal_request_list_is_paginated(app: Flask, client: FlaskClient) -> None:
    """A regression: this list was the one without X-Pagination (schemathesis found it)."""
    from registry.services import users

    with one_transaction():
        where, ngo, hub = scope(), OrganisationFactory(), OrganisationFactory()
        initiative = initiative_on(where, ngo.id)
        person = PersonFactory(organisation_id=ngo.id)
        participate(initiative.id, person.id)
        coordinator = editor_of(hub.id)
        users.assign_coordinator(SYSTEM, coordinator.id, where.conflict.id)
    identities.request_reveal(coordinator, person.id, "To brief the envoy")
    response = client.get("/api/v1/reveal-requests?page_size=1", headers=bearer_for(coordinator))
    assert response.status_code == 200
    assert len(response.get_json()) == 1
    assert json.loads(response.headers["X-Pagination"])["total"] == 1
