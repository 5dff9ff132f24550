"""The designated-entities list through /api/v1: platform admins only; CSV import upserts."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from registry.extensions import db
from registry.models import DesignatedEntity
from registry.services import screening
from registry.services.inputs import build
from registry.services.inputs.organisations import (
    DesignatedEntityInput,
)
from tests.factories import SYSTEM
from tests.helpers import assert_error
from tests.world import World, build_world, member, org, place

URL = "/api/v1/designated-entities"
IMPORT_URL = "/api/v1/designated-entities/import"
CSV = (
    "name,aliases,list_name,jurisdictions\n"
    "Example Liberation Front,ELF;Front for Example,US FTO list,US\n"
    "Example Brigade,,UK proscribed,GB;EU\n"
)


@pytest.fixture
def world(app: Flask) -> World:
    """Users in every role (headers by user) and one designated entity."""
    made = build_world(
        scopes={"where": place(only=())},
        organisations={"ngo": org(), "ops": org("other"), "hub": org("coordination_body")},
        users={
            "coordinator": member("hub", role="org_admin", coordinates=("where",)),
            "operator": member("ops", role="platform_admin"),
            "editor": member("ngo"),
            "org_admin": member("ngo", role="org_admin"),
            "viewer": member("ngo", role="viewer"),
        },
        tokens=("operator", "editor", "org_admin", "viewer", "coordinator"),
    )
    entity = screening.create(
        SYSTEM,
        build(
            DesignatedEntityInput,
            {"name": "Example Brigade", "list_name": "UK proscribed", "jurisdictions": ["GB"]},
        ),
    )
    return made.adding(entity=entity)


def entities() -> dict[tuple[str, str], DesignatedEntity]:
    db.session.rollback()
    db.session.expire_all()
    return {(e.list_name, e.name): e for e in db.session.scalars(sa.select(DesignatedEntity))}


NON_ADMINS = ["editor", "org_admin", "viewer", "coordinator"]


# GET and POST /designated-entities


def test_list_as_platform_admin_answers_the_entries(client: FlaskClient, world: World) -> None:
    response = client.get(URL, headers=world.headers["operator"])

    assert response.status_code == 200
    body = response.get_json()
    assert [item["name"] for item in body] == ["Example Brigade"]
    assert {"id", "name", "aliases", "list_name", "jurisdictions", "version"} <= set(body[0])
    assert json.loads(response.headers["X-Pagination"])["total"] == 1


@pytest.mark.parametrize("who", NON_ADMINS)
def test_list_as_anyone_else_answers_403(client: FlaskClient, world: World, who: str) -> None:
    response = client.get(URL, headers=world.headers[who])

    assert_error(response, 403)
    assert "Brigade" not in response.get_data(as_text=True)


def test_list_anonymously_answers_401(client: FlaskClient, world: World) -> None:
    assert_error(client.get(URL), 401)


def test_create_as_platform_admin_answers_201(client: FlaskClient, world: World) -> None:
    response = client.post(
        URL,
        json={
            "name": "Example Front",
            "aliases": ["EF", " Front of Example "],
            "list_name": "US FTO list",
            "jurisdictions": ["us"],
        },
        headers=world.headers["operator"],
    )

    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["aliases"] == ["EF", "Front of Example"]
    assert body["jurisdictions"] == ["US"]
    assert ("US FTO list", "Example Front") in entities()


def test_create_without_aliases_and_jurisdictions_has_empty_lists(
    client: FlaskClient, world: World
) -> None:
    body = client.post(
        URL, json={"name": "Lone Cell", "list_name": "UN list"}, headers=world.headers["operator"]
    ).get_json()

    assert body["aliases"] == [] and body["jurisdictions"] == []


@pytest.mark.parametrize("who", NON_ADMINS)
def test_create_as_anyone_else_answers_403(client: FlaskClient, world: World, who: str) -> None:
    response = client.post(
        URL, json={"name": "Example Front", "list_name": "US FTO list"}, headers=world.headers[who]
    )

    assert_error(response, 403)
    assert len(entities()) == 1


def test_create_duplicate_on_the_same_list_answers_422_naming_name(
    client: FlaskClient, world: World
) -> None:
    response = client.post(
        URL,
        json={"name": "Example Brigade", "list_name": "UK proscribed"},
        headers=world.headers["operator"],
    )

    assert_error(response, 422, "name")


def test_create_same_name_on_another_list_answers_201(client: FlaskClient, world: World) -> None:
    response = client.post(
        URL,
        json={"name": "Example Brigade", "list_name": "EU list"},
        headers=world.headers["operator"],
    )

    assert response.status_code == 201


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"list_name": "US FTO list"}, "name"),
        ({"name": "X"}, "list_name"),
        ({"name": "X", "list_name": "L", "jurisdictions": ["not a code"]}, "jurisdictions"),
        ({"name": "X", "list_name": "L", "source": "web"}, "source"),
    ],
)
def test_create_with_bad_input_answers_422_naming_the_field(
    client: FlaskClient, world: World, body: dict[str, Any], field: str
) -> None:
    assert_error(client.post(URL, json=body, headers=world.headers["operator"]), 422, field)


# POST /designated-entities/import


def test_import_csv_body_creates_and_updates(client: FlaskClient, world: World) -> None:
    response = client.post(
        IMPORT_URL, data=CSV.encode(), content_type="text/csv", headers=world.headers["operator"]
    )

    assert response.status_code == 200, response.get_json()
    assert response.get_json() == {"created": 1, "updated": 1}
    stored = entities()
    assert stored["US FTO list", "Example Liberation Front"].aliases == ["ELF", "Front for Example"]
    assert stored["UK proscribed", "Example Brigade"].jurisdictions == ["EU", "GB"]
    assert stored["UK proscribed", "Example Brigade"].id == world.entity.id
    assert len(stored) == 2


def test_import_the_same_file_twice_only_updates(client: FlaskClient, world: World) -> None:
    headers = world.headers["operator"]
    client.post(IMPORT_URL, data=CSV.encode(), content_type="text/csv", headers=headers)

    response = client.post(IMPORT_URL, data=CSV.encode(), content_type="text/csv", headers=headers)

    assert response.get_json() == {"created": 0, "updated": 2}
    assert len(entities()) == 2


def test_import_as_a_multipart_upload_with_a_bom(client: FlaskClient, world: World) -> None:
    upload = (io.BytesIO(("\ufeff" + CSV).encode()), "list.csv")

    response = client.post(
        IMPORT_URL,
        data={"file": upload},
        content_type="multipart/form-data",
        headers=world.headers["operator"],
    )

    assert response.status_code == 200, response.get_json()
    assert response.get_json() == {"created": 1, "updated": 1}


@pytest.mark.parametrize("who", NON_ADMINS)
def test_import_as_anyone_else_answers_403_and_writes_nothing(
    client: FlaskClient, world: World, who: str
) -> None:
    response = client.post(
        IMPORT_URL, data=CSV.encode(), content_type="text/csv", headers=world.headers[who]
    )

    assert_error(response, 403)
    assert len(entities()) == 1


def test_import_anonymously_answers_401(client: FlaskClient, world: World) -> None:
    assert_error(client.post(IMPORT_URL, data=CSV.encode(), content_type="text/csv"), 401)


def test_import_without_the_name_column_answers_422(client: FlaskClient, world: World) -> None:
    response = client.post(
        IMPORT_URL,
        data=b"title,list_name\nX,Y\n",
        content_type="text/csv",
        headers=world.headers["operator"],
    )

    assert_error(response, 422, "file")


def test_import_with_one_bad_row_writes_nothing(client: FlaskClient, world: World) -> None:
    response = client.post(
        IMPORT_URL,
        data=(CSV + ",,US FTO list,US\n").encode(),
        content_type="text/csv",
        headers=world.headers["operator"],
    )

    assert_error(response, 422)
    assert len(entities()) == 1


def test_import_empty_body_answers_422(client: FlaskClient, world: World) -> None:
    response = client.post(
        IMPORT_URL, data=b"  \n", content_type="text/csv", headers=world.headers["operator"]
    )

    assert_error(response, 422, "file")


def test_import_non_utf8_answers_422(client: FlaskClient, world: World) -> None:
    response = client.post(
        IMPORT_URL,
        data="name,list_name\nFr\u00e9mont,L\n".encode("latin-1"),
        content_type="text/csv",
        headers=world.headers["operator"],
    )

    assert_error(response, 422, "file")


def test_import_as_xlsx_answers_415(client: FlaskClient, world: World) -> None:
    response = client.post(
        IMPORT_URL,
        data=b"PK\x03\x04",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers=world.headers["operator"],
    )

    assert_error(response, 415)
