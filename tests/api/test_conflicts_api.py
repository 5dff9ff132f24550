"""Conflicts and their reference data through /api/v1: who manages them, 409s and 422s."""

from __future__ import annotations

import json
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from registry.extensions import db
from registry.models import Conflict, Issue, Party, Region, TrackOneBody
from tests.factories import (
    ConflictFactory,
    PersonFactory,
    channel,
    initiative_on,
    participate,
)
from tests.helpers import assert_error, bearer_for, stored
from tests.world import World, build_world, member, org

SEGMENTS = {
    "party": "parties",
    "issue": "issues",
    "region": "regions",
    "track_one_body": "track-one-bodies",
}
MODELS = {"party": Party, "issue": Issue, "region": Region, "track_one_body": TrackOneBody}
NEW = {
    "party": {"name": "Herders' council", "kind": "community", "potential_spoiler": True},
    "issue": {
        "name": "Grazing routes",
        "description": "Seasonal access",
        "on_track_one_agenda": True,
    },
    "region": {"name": "Kerio Valley"},
    "track_one_body": {"name": "Envoy's office", "kind": "mediator_office"},
}
KINDS = tuple(SEGMENTS)


@pytest.fixture
def world(app: Flask) -> World:
    """One conflict with its reference data, another conflict, and users in every role."""
    return build_world(
        scopes=("where", "elsewhere"),
        organisations={"ngo": org(), "ops": org("other"), "hub": org("coordination_body")},
        users={
            "coordinator": member("hub", role="viewer", coordinates=("where",)),
            "other_coordinator": member("hub", coordinates=("elsewhere",)),
            "operator": member("ops", role="platform_admin"),  # coordinator of nothing
            "editor": member("ngo"),
            "org_admin": member("ngo", role="org_admin"),
        },
    )


def record_of(world: World, kind: str) -> Any:
    """Return the scope's record of this kind."""
    return {
        "party": world.where.party,
        "issue": world.where.issue,
        "region": world.where.region,
        "track_one_body": world.where.body,
    }[kind]


def new_conflict(**data: Any) -> dict[str, Any]:
    return {
        "slug": "kerio-valley",
        "name": "Kerio Valley",
        "track_one_status": "exploratory",
        "escalation_stage": "segregation",
        **data,
    }


# Conflicts


def test_list_conflicts_anonymously_answers_every_conflict(
    client: FlaskClient, world: World
) -> None:
    response = client.get("/api/v1/conflicts")

    assert response.status_code == 200
    assert {c["id"] for c in response.get_json()} == {
        world.where.conflict.id,
        world.elsewhere.conflict.id,
    }
    assert json.loads(response.headers["X-Pagination"])["total"] == 2


def test_show_conflict_anonymously_answers_its_fields(client: FlaskClient, world: World) -> None:
    body = client.get(f"/api/v1/conflicts/{world.where.conflict.id}").get_json()

    assert body["slug"] == world.where.conflict.slug
    assert {"id", "name", "summary", "countries", "track_one_status", "escalation_stage"} <= set(
        body
    )
    assert {"created_at", "updated_at", "version"} <= set(body)


def test_show_missing_conflict_answers_404(client: FlaskClient, world: World) -> None:
    assert_error(client.get("/api/v1/conflicts/999999"), 404)


def test_create_conflict_as_platform_admin_answers_201_with_defaults(
    client: FlaskClient, world: World
) -> None:
    response = client.post(
        "/api/v1/conflicts", json=new_conflict(), headers=bearer_for(world.operator)
    )

    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["slug"] == "kerio-valley"
    assert body["countries"] == []
    assert body["summary"] is None
    assert body["version"] == 1


@pytest.mark.parametrize("who", ["editor", "org_admin", "coordinator"])
def test_create_conflict_as_non_platform_admin_answers_403(
    client: FlaskClient, world: World, who: str
) -> None:
    response = client.post(
        "/api/v1/conflicts", json=new_conflict(), headers=bearer_for(getattr(world, who))
    )

    assert_error(response, 403)
    assert db.session.scalar(sa.select(Conflict).filter_by(slug="kerio-valley")) is None


def test_create_conflict_anonymously_answers_401(client: FlaskClient, world: World) -> None:
    assert_error(client.post("/api/v1/conflicts", json=new_conflict()), 401)


def test_create_conflict_with_taken_slug_answers_422_naming_slug(
    client: FlaskClient, world: World
) -> None:
    response = client.post(
        "/api/v1/conflicts",
        json=new_conflict(slug=world.where.conflict.slug),
        headers=bearer_for(world.operator),
    )

    assert_error(response, 422, "slug")


def test_create_conflict_with_unknown_field_answers_422_naming_it(
    client: FlaskClient, world: World
) -> None:
    response = client.post(
        "/api/v1/conflicts", json=new_conflict(colour="red"), headers=bearer_for(world.operator)
    )

    assert_error(response, 422, "colour")


@pytest.mark.parametrize("who", ["operator", "coordinator"])
def test_patch_conflict_as_platform_admin_or_its_coordinator_answers_200(
    client: FlaskClient, world: World, who: str
) -> None:
    response = client.patch(
        f"/api/v1/conflicts/{world.where.conflict.id}",
        json={"track_one_status": "stalled"},
        headers=bearer_for(getattr(world, who)),
    )

    assert response.status_code == 200, response.get_json()
    assert response.get_json()["track_one_status"] == "stalled"
    assert stored(Conflict, world.where.conflict.id).track_one_status == "stalled"


@pytest.mark.parametrize("who", ["editor", "org_admin", "other_coordinator"])
def test_patch_conflict_as_non_admin_non_coordinator_answers_403(
    client: FlaskClient, world: World, who: str
) -> None:
    response = client.patch(
        f"/api/v1/conflicts/{world.where.conflict.id}",
        json={"track_one_status": "stalled"},
        headers=bearer_for(getattr(world, who)),
    )

    assert_error(response, 403)
    assert stored(Conflict, world.where.conflict.id).track_one_status == "formal_talks"


def test_patch_conflict_with_stale_if_match_answers_412(client: FlaskClient, world: World) -> None:
    response = client.patch(
        f"/api/v1/conflicts/{world.where.conflict.id}",
        json={"name": "Renamed"},
        headers={**bearer_for(world.operator), "If-Match": '"7"'},
    )

    assert_error(response, 412)


def test_patch_conflict_with_another_conflicts_slug_answers_422_naming_slug(
    client: FlaskClient, world: World
) -> None:
    response = client.patch(
        f"/api/v1/conflicts/{world.where.conflict.id}",
        json={"slug": world.elsewhere.conflict.slug},
        headers=bearer_for(world.operator),
    )

    assert_error(response, 422, "slug")


def test_patch_conflict_leaving_summary_out_keeps_it(client: FlaskClient, world: World) -> None:
    url = f"/api/v1/conflicts/{world.where.conflict.id}"
    headers = bearer_for(world.operator)
    client.patch(url, json={"summary": "Grazing lands"}, headers=headers)

    response = client.patch(url, json={"name": "Renamed"}, headers=headers)

    assert response.status_code == 200, response.get_json()
    assert stored(Conflict, world.where.conflict.id).summary == "Grazing lands"


def test_patch_conflict_sending_null_summary_clears_it(client: FlaskClient, world: World) -> None:
    url = f"/api/v1/conflicts/{world.where.conflict.id}"
    headers = bearer_for(world.operator)
    client.patch(url, json={"summary": "Grazing lands"}, headers=headers)

    response = client.patch(url, json={"summary": None}, headers=headers)

    assert response.status_code == 200, response.get_json()
    conflict = stored(Conflict, world.where.conflict.id)
    assert conflict.summary is None
    assert conflict.name == world.where.conflict.name


def test_patch_conflict_sending_null_name_answers_422(client: FlaskClient, world: World) -> None:
    response = client.patch(
        f"/api/v1/conflicts/{world.where.conflict.id}",
        json={"name": None},
        headers=bearer_for(world.operator),
    )

    assert_error(response, 422, "name")


# Reference data: list


@pytest.mark.parametrize("kind", KINDS)
def test_list_reference_data_anonymously_answers_only_the_conflicts_records(
    client: FlaskClient, world: World, kind: str
) -> None:
    response = client.get(f"/api/v1/conflicts/{world.where.conflict.id}/{SEGMENTS[kind]}")

    assert response.status_code == 200
    assert [r["id"] for r in response.get_json()] == [record_of(world, kind).id]
    assert response.get_json()[0]["conflict_id"] == world.where.conflict.id
    assert json.loads(response.headers["X-Pagination"])["total"] == 1


@pytest.mark.parametrize("kind", KINDS)
def test_list_reference_data_of_missing_conflict_answers_404(
    client: FlaskClient, world: World, kind: str
) -> None:
    assert_error(client.get(f"/api/v1/conflicts/999999/{SEGMENTS[kind]}"), 404)


@pytest.mark.parametrize("kind", KINDS)
def test_show_reference_record_anonymously_answers_200(
    client: FlaskClient, world: World, kind: str
) -> None:
    record = record_of(world, kind)

    response = client.get(f"/api/v1/{SEGMENTS[kind]}/{record.id}")

    assert response.status_code == 200
    assert response.get_json()["name"] == record.name


# Reference data: create


@pytest.mark.parametrize("who", ["operator", "coordinator"])
@pytest.mark.parametrize("kind", KINDS)
def test_create_reference_data_as_platform_admin_or_coordinator_answers_201(
    client: FlaskClient, world: World, kind: str, who: str
) -> None:
    response = client.post(
        f"/api/v1/conflicts/{world.where.conflict.id}/{SEGMENTS[kind]}",
        json=NEW[kind],
        headers=bearer_for(getattr(world, who)),
    )

    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["conflict_id"] == world.where.conflict.id
    assert {k: body[k] for k in NEW[kind]} == NEW[kind]
    assert stored(MODELS[kind], body["id"]).name == NEW[kind]["name"]


DEFAULTS = {
    "party": ({"name": "Traders", "kind": "community"}, {"potential_spoiler": False}),
    "issue": ({"name": "Fees"}, {"description": None, "on_track_one_agenda": False}),
    "region": ({"name": "Coast"}, {}),
    "track_one_body": ({"name": "Delegation", "kind": "government"}, {"party_id": None}),
}


@pytest.mark.parametrize("kind", KINDS)
def test_create_reference_data_with_required_fields_only_fills_the_spec_defaults(
    client: FlaskClient, world: World, kind: str
) -> None:
    required, defaults = DEFAULTS[kind]

    response = client.post(
        f"/api/v1/conflicts/{world.where.conflict.id}/{SEGMENTS[kind]}",
        json=required,
        headers=bearer_for(world.operator),
    )

    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert {name: body[name] for name in defaults} == defaults
    assert {"id", "created_at", "updated_at", "version", "conflict_id"} <= set(body)
    assert body["version"] == 1


@pytest.mark.parametrize("who", ["editor", "org_admin", "other_coordinator"])
@pytest.mark.parametrize("kind", KINDS)
def test_create_reference_data_as_non_admin_non_coordinator_answers_403(
    client: FlaskClient, world: World, kind: str, who: str
) -> None:
    response = client.post(
        f"/api/v1/conflicts/{world.where.conflict.id}/{SEGMENTS[kind]}",
        json=NEW[kind],
        headers=bearer_for(getattr(world, who)),
    )

    assert_error(response, 403)
    model = MODELS[kind]
    assert db.session.scalar(sa.select(model).filter_by(name=NEW[kind]["name"])) is None


@pytest.mark.parametrize("kind", KINDS)
def test_create_reference_data_anonymously_answers_401(
    client: FlaskClient, world: World, kind: str
) -> None:
    response = client.post(
        f"/api/v1/conflicts/{world.where.conflict.id}/{SEGMENTS[kind]}", json=NEW[kind]
    )

    assert_error(response, 401)


@pytest.mark.parametrize("kind", KINDS)
def test_create_reference_data_with_duplicate_name_answers_422_naming_name(
    client: FlaskClient, world: World, kind: str
) -> None:
    response = client.post(
        f"/api/v1/conflicts/{world.where.conflict.id}/{SEGMENTS[kind]}",
        json={**NEW[kind], "name": record_of(world, kind).name},
        headers=bearer_for(world.operator),
    )

    assert_error(response, 422, "name")


@pytest.mark.parametrize("kind", KINDS)
def test_create_reference_data_with_a_name_used_in_another_conflict_answers_201(
    client: FlaskClient, world: World, kind: str
) -> None:
    taken_elsewhere = {
        "party": world.elsewhere.party,
        "issue": world.elsewhere.issue,
        "region": world.elsewhere.region,
        "track_one_body": world.elsewhere.body,
    }[kind].name

    response = client.post(
        f"/api/v1/conflicts/{world.where.conflict.id}/{SEGMENTS[kind]}",
        json={**NEW[kind], "name": taken_elsewhere},
        headers=bearer_for(world.operator),
    )

    assert response.status_code == 201, response.get_json()


@pytest.mark.parametrize("kind", KINDS)
def test_create_reference_data_with_unknown_field_answers_422_naming_it(
    client: FlaskClient, world: World, kind: str
) -> None:
    response = client.post(
        f"/api/v1/conflicts/{world.where.conflict.id}/{SEGMENTS[kind]}",
        json={**NEW[kind], "conflict_id": world.elsewhere.conflict.id},
        headers=bearer_for(world.operator),
    )

    assert_error(response, 422, "conflict_id")


def test_create_track_one_body_with_party_of_another_conflict_answers_422_naming_party_id(
    client: FlaskClient, world: World
) -> None:
    response = client.post(
        f"/api/v1/conflicts/{world.where.conflict.id}/track-one-bodies",
        json={**NEW["track_one_body"], "party_id": world.elsewhere.party.id},
        headers=bearer_for(world.operator),
    )

    assert_error(response, 422, "party_id")


# Reference data: patch


@pytest.mark.parametrize("who", ["operator", "coordinator"])
@pytest.mark.parametrize("kind", KINDS)
def test_patch_reference_data_as_platform_admin_or_coordinator_answers_200(
    client: FlaskClient, world: World, kind: str, who: str
) -> None:
    record = record_of(world, kind)

    response = client.patch(
        f"/api/v1/{SEGMENTS[kind]}/{record.id}",
        json={"name": "Renamed"},
        headers={**bearer_for(getattr(world, who)), "If-Match": "1"},
    )

    assert response.status_code == 200, response.get_json()
    assert response.get_json()["name"] == "Renamed"
    assert response.get_json()["version"] == 2
    assert stored(MODELS[kind], record.id).name == "Renamed"


@pytest.mark.parametrize("who", ["editor", "org_admin", "other_coordinator"])
@pytest.mark.parametrize("kind", KINDS)
def test_patch_reference_data_as_non_admin_non_coordinator_answers_403(
    client: FlaskClient, world: World, kind: str, who: str
) -> None:
    record = record_of(world, kind)

    response = client.patch(
        f"/api/v1/{SEGMENTS[kind]}/{record.id}",
        json={"name": "Renamed"},
        headers=bearer_for(getattr(world, who)),
    )

    assert_error(response, 403)
    assert stored(MODELS[kind], record.id).name == record.name


@pytest.mark.parametrize("kind", KINDS)
def test_patch_reference_data_to_a_duplicate_name_answers_422_naming_name(
    client: FlaskClient, world: World, kind: str
) -> None:
    created = client.post(
        f"/api/v1/conflicts/{world.where.conflict.id}/{SEGMENTS[kind]}",
        json=NEW[kind],
        headers=bearer_for(world.operator),
    ).get_json()

    response = client.patch(
        f"/api/v1/{SEGMENTS[kind]}/{created['id']}",
        json={"name": record_of(world, kind).name},
        headers=bearer_for(world.operator),
    )

    assert_error(response, 422, "name")


@pytest.mark.parametrize("kind", KINDS)
def test_patch_reference_data_with_stale_version_answers_412(
    client: FlaskClient, world: World, kind: str
) -> None:
    record = record_of(world, kind)

    response = client.patch(
        f"/api/v1/{SEGMENTS[kind]}/{record.id}",
        json={"name": "Renamed", "version": 5},
        headers=bearer_for(world.operator),
    )

    assert_error(response, 412)
    assert stored(MODELS[kind], record.id).name == record.name


# Reference data: delete


@pytest.mark.parametrize("who", ["operator", "coordinator"])
@pytest.mark.parametrize("kind", KINDS)
def test_delete_unreferenced_reference_data_answers_204(
    client: FlaskClient, world: World, kind: str, who: str
) -> None:
    record_id = record_of(world, kind).id

    response = client.delete(
        f"/api/v1/{SEGMENTS[kind]}/{record_id}", headers=bearer_for(getattr(world, who))
    )

    assert response.status_code == 204, response.get_data(as_text=True)
    assert stored(MODELS[kind], record_id) is None
    assert_error(client.get(f"/api/v1/{SEGMENTS[kind]}/{record_id}"), 404)


@pytest.mark.parametrize("who", ["editor", "org_admin", "other_coordinator"])
@pytest.mark.parametrize("kind", KINDS)
def test_delete_reference_data_as_non_admin_non_coordinator_answers_403(
    client: FlaskClient, world: World, kind: str, who: str
) -> None:
    record = record_of(world, kind)

    response = client.delete(
        f"/api/v1/{SEGMENTS[kind]}/{record.id}", headers=bearer_for(getattr(world, who))
    )

    assert_error(response, 403)
    assert stored(MODELS[kind], record.id) is not None


@pytest.mark.parametrize("kind", KINDS)
def test_delete_reference_data_anonymously_answers_401(
    client: FlaskClient, world: World, kind: str
) -> None:
    assert_error(client.delete(f"/api/v1/{SEGMENTS[kind]}/{record_of(world, kind).id}"), 401)


@pytest.mark.parametrize("kind", KINDS)
def test_delete_missing_reference_data_answers_404(
    client: FlaskClient, world: World, kind: str
) -> None:
    response = client.delete(f"/api/v1/{SEGMENTS[kind]}/999999", headers=bearer_for(world.operator))

    assert_error(response, 404)


def refer_to(world: World, kind: str) -> None:
    """Make something refer to the scope's record of this kind."""
    where = world.where
    if kind == "issue":
        initiative_on(where, world.ngo.id)
    elif kind == "region":
        initiative_on(where, world.ngo.id, region_ids=[where.region.id])
    elif kind == "party":
        initiative = initiative_on(where, world.ngo.id)
        person = PersonFactory(organisation_id=world.ngo.id)
        participate(initiative.id, person.id, party_id=where.party.id)
    else:
        channel(initiative_on(where, world.ngo.id).id, where.body.id)


@pytest.mark.parametrize("kind", KINDS)
def test_delete_referenced_reference_data_answers_409(
    client: FlaskClient, world: World, kind: str
) -> None:
    refer_to(world, kind)
    record = record_of(world, kind)

    response = client.delete(
        f"/api/v1/{SEGMENTS[kind]}/{record.id}", headers=bearer_for(world.operator)
    )

    assert_error(response, 409)
    assert stored(MODELS[kind], record.id) is not None


def test_delete_party_a_track_one_body_belongs_to_answers_409(
    client: FlaskClient, world: World
) -> None:
    client.post(
        f"/api/v1/conflicts/{world.where.conflict.id}/track-one-bodies",
        json={**NEW["track_one_body"], "party_id": world.where.party.id},
        headers=bearer_for(world.operator),
    )

    response = client.delete(
        f"/api/v1/parties/{world.where.party.id}", headers=bearer_for(world.operator)
    )

    assert_error(response, 409)
    assert stored(Party, world.where.party.id) is not None


def test_delete_refused_with_409_leaves_the_referring_initiative_intact(
    client: FlaskClient, world: World
) -> None:
    initiative = initiative_on(world.where, world.ngo.id)

    client.delete(f"/api/v1/issues/{world.where.issue.id}", headers=bearer_for(world.operator))

    body = client.get(
        f"/api/v1/initiatives/{initiative.id}", headers=bearer_for(world.editor)
    ).get_json()
    assert body["issue_ids"] == [world.where.issue.id]


def test_reference_data_of_a_fresh_conflict_is_empty(client: FlaskClient, world: World) -> None:
    conflict = ConflictFactory()

    response = client.get(f"/api/v1/conflicts/{conflict.id}/issues")

    assert response.status_code == 200
    assert response.get_json() == []
