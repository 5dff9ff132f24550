"""People through /api/v1: one's own organisation only, names to their owners, strict input."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from registry.extensions import db
from registry.models import Person
from tests.helpers import assert_error, stored
from tests.world import World, build_world, member, org, person

PERSON_FIELDS = {
    "id",
    "created_at",
    "updated_at",
    "version",
    "organisation_id",
    "full_name",
    "alias",
    "birth_year",
    "gender",
    "sector",
    "proximity",
    "designated_affiliation",
    "identity_visibility",
}


@pytest.fixture
def world(app: Flask) -> World:
    """Two NGOs, each with one person, and users of both; headers by user key."""
    return build_world(
        scopes=(),
        organisations={"ngo": org(), "other": org(), "ops": org("other")},
        people={
            "ours": person(
                "ngo",
                full_name="Amina Lokiru",
                alias="Elder from the river",
                birth_year=1961,
                designated_affiliation="Valley Youth Front",
            ),
            "theirs": person("other", full_name="Peter Ekai"),
        },
        users={
            "editor": member("ngo"),
            "viewer": member("ngo", role="viewer"),
            "stranger": member("other"),  # editor of other
            "operator": member("ops", role="platform_admin"),
        },
        tokens=("editor", "viewer", "stranger", "operator"),
    )


def new_person(**data: Any) -> dict[str, Any]:
    return {
        "full_name": "Grace Chepkoech",
        "gender": "female",
        "sector": "women",
        "proximity": 1,
        **data,
    }


def people_count() -> int:
    db.session.rollback()
    return db.session.scalar(sa.select(sa.func.count()).select_from(Person))


# GET /people


def test_list_answers_only_the_organisations_people_with_names(
    client: FlaskClient, world: World
) -> None:
    response = client.get("/api/v1/people", headers=world.headers["viewer"])

    assert response.status_code == 200
    body = response.get_json()
    assert [item["id"] for item in body] == [world.ours.id]
    assert set(body[0]) == PERSON_FIELDS
    assert body[0]["full_name"] == "Amina Lokiru"
    assert body[0]["designated_affiliation"] == "Valley Youth Front"
    assert json.loads(response.headers["X-Pagination"])["total"] == 1


def test_list_as_another_organisation_never_shows_our_people(
    client: FlaskClient, world: World
) -> None:
    response = client.get("/api/v1/people", headers=world.headers["stranger"])

    assert [item["id"] for item in response.get_json()] == [world.theirs.id]
    assert "Amina" not in response.get_data(as_text=True)


def test_list_as_platform_admin_shows_nobody_elses_people(
    client: FlaskClient, world: World
) -> None:
    response = client.get("/api/v1/people", headers=world.headers["operator"])

    assert response.status_code == 200
    assert response.get_json() == []


def test_list_anonymously_answers_401(client: FlaskClient, world: World) -> None:
    assert_error(client.get("/api/v1/people"), 401)


def test_list_with_page_size_501_answers_422(client: FlaskClient, world: World) -> None:
    response = client.get(
        "/api/v1/people", query_string={"page_size": 501}, headers=world.headers["viewer"]
    )

    assert_error(response, 422, "page_size")


# GET /people/{id}


def test_show_own_person_answers_the_full_name(client: FlaskClient, world: World) -> None:
    response = client.get(f"/api/v1/people/{world.ours.id}", headers=world.headers["viewer"])

    assert response.status_code == 200
    assert response.get_json()["full_name"] == "Amina Lokiru"
    assert response.get_json()["alias"] == "Elder from the river"


@pytest.mark.parametrize("who", ["stranger", "operator"])
def test_show_another_organisations_person_answers_404_like_a_missing_one(
    client: FlaskClient, world: World, who: str
) -> None:
    headers = world.headers[who]

    response = client.get(f"/api/v1/people/{world.ours.id}", headers=headers)
    missing = client.get("/api/v1/people/999999", headers=headers)

    assert_error(response, 404)
    assert response.get_json() == missing.get_json()
    assert "Amina" not in response.get_data(as_text=True)


def test_show_person_anonymously_answers_401(client: FlaskClient, world: World) -> None:
    assert_error(client.get(f"/api/v1/people/{world.ours.id}"), 401)


# POST /people


def test_create_answers_201_with_the_name_and_defaults(client: FlaskClient, world: World) -> None:
    response = client.post("/api/v1/people", json=new_person(), headers=world.headers["editor"])

    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert set(body) == PERSON_FIELDS
    assert body["full_name"] == "Grace Chepkoech"
    assert body["organisation_id"] == world.ngo.id
    assert body["identity_visibility"] == "pseudonymous"
    assert body["birth_year"] is None and body["designated_affiliation"] is None
    assert body["version"] == 1


def test_create_without_alias_generates_one(client: FlaskClient, world: World) -> None:
    first = client.post(
        "/api/v1/people", json=new_person(), headers=world.headers["editor"]
    ).get_json()
    second = client.post(
        "/api/v1/people", json=new_person(full_name="Other Person"), headers=world.headers["editor"]
    ).get_json()

    assert first["alias"] and second["alias"]
    assert first["alias"] != second["alias"]
    assert "Grace" not in first["alias"] and "Chepkoech" not in first["alias"]
    assert re.fullmatch(r"P-[0-9A-Z]{6}", first["alias"])


def test_create_with_null_alias_generates_one(client: FlaskClient, world: World) -> None:
    body = client.post(
        "/api/v1/people", json=new_person(alias=None), headers=world.headers["editor"]
    ).get_json()

    assert body["alias"]


def test_create_with_given_alias_keeps_it(client: FlaskClient, world: World) -> None:
    body = client.post(
        "/api/v1/people", json=new_person(alias="Teacher K"), headers=world.headers["editor"]
    ).get_json()

    assert body["alias"] == "Teacher K"


def test_create_with_alias_taken_in_the_organisation_answers_422_naming_alias(
    client: FlaskClient, world: World
) -> None:
    response = client.post(
        "/api/v1/people",
        json=new_person(alias="Elder from the river"),
        headers=world.headers["editor"],
    )

    assert_error(response, 422, "alias")


def test_create_stores_the_name_encrypted(client: FlaskClient, world: World) -> None:
    body = client.post(
        "/api/v1/people", json=new_person(), headers=world.headers["editor"]
    ).get_json()

    person = stored(Person, body["id"])
    assert person.full_name_encrypted
    assert "Grace" not in person.full_name_encrypted
    assert "Grace" not in person.name_fingerprint


def test_create_with_unknown_field_answers_422_naming_it(client: FlaskClient, world: World) -> None:
    response = client.post(
        "/api/v1/people", json=new_person(nickname="Gracie"), headers=world.headers["editor"]
    )

    assert_error(response, 422, "nickname")
    assert people_count() == 2


@pytest.mark.parametrize("year", [1899, 2101, "1970", 1970.5])
def test_create_with_birth_year_out_of_range_or_not_an_integer_answers_422(
    client: FlaskClient, world: World, year: Any
) -> None:
    response = client.post(
        "/api/v1/people", json=new_person(birth_year=year), headers=world.headers["editor"]
    )

    assert_error(response, 422, "birth_year")
    assert people_count() == 2


@pytest.mark.parametrize("year", [1900, 2100])
def test_create_with_birth_year_at_the_bounds_answers_201(
    client: FlaskClient, world: World, year: int
) -> None:
    response = client.post(
        "/api/v1/people", json=new_person(birth_year=year), headers=world.headers["editor"]
    )

    assert response.status_code == 201, response.get_json()


@pytest.mark.parametrize(
    ("field", "value"),
    [("gender", "unknown"), ("sector", "sports"), ("proximity", 4), ("identity_visibility", "x")],
)
def test_create_with_value_outside_the_enumeration_answers_422_naming_it(
    client: FlaskClient, world: World, field: str, value: Any
) -> None:
    response = client.post(
        "/api/v1/people", json=new_person(**{field: value}), headers=world.headers["editor"]
    )

    assert_error(response, 422, field)


@pytest.mark.parametrize("field", ["full_name", "gender", "sector", "proximity"])
def test_create_without_a_required_field_answers_422_naming_it(
    client: FlaskClient, world: World, field: str
) -> None:
    body = new_person()
    del body[field]

    assert_error(
        client.post("/api/v1/people", json=body, headers=world.headers["editor"]), 422, field
    )


def test_create_for_another_organisation_answers_422_naming_organisation_id(
    client: FlaskClient, world: World
) -> None:
    response = client.post(
        "/api/v1/people",
        json=new_person(organisation_id=world.other.id),
        headers=world.headers["editor"],
    )

    assert_error(response, 422, "organisation_id")
    assert people_count() == 2


def test_create_as_viewer_answers_403(client: FlaskClient, world: World) -> None:
    assert_error(
        client.post("/api/v1/people", json=new_person(), headers=world.headers["viewer"]), 403
    )
    assert people_count() == 2


def test_create_anonymously_answers_401(client: FlaskClient, world: World) -> None:
    assert_error(client.post("/api/v1/people", json=new_person()), 401)


# PATCH /people/{id}


def test_patch_own_person_answers_200_with_the_new_name(client: FlaskClient, world: World) -> None:
    response = client.patch(
        f"/api/v1/people/{world.ours.id}",
        json={"full_name": "Amina L. Lokiru", "identity_visibility": "named"},
        headers={**world.headers["editor"], "If-Match": '"1"'},
    )

    assert response.status_code == 200, response.get_json()
    assert response.get_json()["full_name"] == "Amina L. Lokiru"
    assert response.get_json()["identity_visibility"] == "named"
    assert response.get_json()["version"] == 2


def test_patch_with_stale_version_answers_412(client: FlaskClient, world: World) -> None:
    response = client.patch(
        f"/api/v1/people/{world.ours.id}",
        json={"sector": "youth", "version": 9},
        headers=world.headers["editor"],
    )

    assert_error(response, 412)
    assert stored(Person, world.ours.id).sector == "civil_society"


@pytest.mark.parametrize("who", ["stranger", "operator"])
def test_patch_another_organisations_person_answers_404_like_a_missing_one(
    client: FlaskClient, world: World, who: str
) -> None:
    headers = world.headers[who]

    response = client.patch(
        f"/api/v1/people/{world.ours.id}", json={"sector": "youth"}, headers=headers
    )
    missing = client.patch("/api/v1/people/999999", json={"sector": "youth"}, headers=headers)

    assert_error(response, 404)
    assert response.get_json() == missing.get_json()
    assert stored(Person, world.ours.id).sector == "civil_society"


def test_patch_as_viewer_answers_403(client: FlaskClient, world: World) -> None:
    response = client.patch(
        f"/api/v1/people/{world.ours.id}", json={"sector": "youth"}, headers=world.headers["viewer"]
    )

    assert_error(response, 403)


def test_patch_with_unknown_field_answers_422_naming_it(client: FlaskClient, world: World) -> None:
    response = client.patch(
        f"/api/v1/people/{world.ours.id}", json={"nickname": "A"}, headers=world.headers["editor"]
    )

    assert_error(response, 422, "nickname")


def test_patch_birth_year_out_of_range_answers_422(client: FlaskClient, world: World) -> None:
    response = client.patch(
        f"/api/v1/people/{world.ours.id}",
        json={"birth_year": 1800},
        headers=world.headers["editor"],
    )

    assert_error(response, 422, "birth_year")
    assert stored(Person, world.ours.id).birth_year == 1961


def test_patch_to_another_organisation_answers_422_naming_organisation_id(
    client: FlaskClient, world: World
) -> None:
    response = client.patch(
        f"/api/v1/people/{world.ours.id}",
        json={"organisation_id": world.other.id},
        headers=world.headers["editor"],
    )

    assert_error(response, 422, "organisation_id")
    assert stored(Person, world.ours.id).organisation_id == world.ngo.id


# PATCH: a field left out keeps its value, one sent as null clears it


def _patch(client: FlaskClient, world: World, body: dict[str, Any]) -> Person:
    response = client.patch(
        f"/api/v1/people/{world.ours.id}", json=body, headers=world.headers["editor"]
    )
    assert response.status_code == 200, response.get_json()
    return stored(Person, world.ours.id)


def test_patch_leaving_birth_year_out_keeps_it(client: FlaskClient, world: World) -> None:
    person = _patch(client, world, {"sector": "media"})

    assert (person.sector, person.birth_year) == ("media", 1961)
    assert person.alias == "Elder from the river"


def test_patch_sending_null_birth_year_clears_it(client: FlaskClient, world: World) -> None:
    person = _patch(client, world, {"birth_year": None})

    assert person.birth_year is None
    assert person.designated_affiliation_encrypted is not None


def test_patch_sending_null_affiliation_clears_it(client: FlaskClient, world: World) -> None:
    person = _patch(client, world, {"designated_affiliation": None})

    assert person.designated_affiliation_encrypted is None
    assert person.affiliation_fingerprint is None
    assert person.birth_year == 1961
