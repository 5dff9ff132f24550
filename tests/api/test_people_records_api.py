"""Deleting and merging person records through /api/v1 (SPEC 2, "Person: deleting and merging")."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from registry.extensions import db
from registry.models import AuditEvent, Participation, Person
from tests.factories import (
    channel,
    one_transaction,
    participate,
)
from tests.helpers import assert_error
from tests.world import World, build_world, initiative, member, org, person


@pytest.fixture
def world(app: Flask) -> World:
    """One NGO with two initiatives on one issue and three records; another NGO's record."""
    made = build_world(
        organisations={"ngo": org(), "other": org()},
        initiatives={
            "first": initiative("ngo", title="Elders' forum"),
            "second": initiative("ngo", title="Grazing talks"),
        },
        people={
            "kept": person("ngo", ("first",), full_name="Amina Lokiru"),
            "variant": person("ngo", ("second",), full_name="Ameena Lokiru"),  # of kept
            "idle": person("ngo"),  # in no initiative
            "theirs": person("other"),
        },
        users={
            "editor": member("ngo"),
            "viewer": member("ngo", role="viewer"),
            "stranger": member("other"),
        },
        tokens=("editor", "viewer", "stranger"),
    )
    db.session.expunge_all()  # the tests delete records: their ids stay readable
    return made


def exists(person_id: int) -> bool:
    db.session.rollback()
    return db.session.scalar(sa.select(Person.id).filter_by(id=person_id)) is not None


def taking_part(person_id: int) -> list[int]:
    db.session.rollback()
    statement = sa.select(Participation.initiative_id).filter_by(person_id=person_id)
    return sorted(db.session.scalars(statement))


def last_event() -> AuditEvent:
    return db.session.scalars(sa.select(AuditEvent).order_by(AuditEvent.id.desc())).first()


# DELETE /people/{id}


def test_delete_answers_204_and_removes_the_participations(
    client: FlaskClient, world: World
) -> None:
    response = client.delete(f"/api/v1/people/{world.kept.id}", headers=world.headers["editor"])

    assert response.status_code == 204
    assert not exists(world.kept.id)
    assert taking_part(world.kept.id) == []
    event = last_event()
    assert (event.action, event.object_id) == ("person.delete", world.kept.id)
    assert "Amina" not in str(event.details)


def test_delete_while_a_channel_runs_through_the_person_answers_409(
    client: FlaskClient, world: World
) -> None:
    with one_transaction():
        channel(world.first.id, world.body.id, via_person_id=world.kept.id)

    response = client.delete(f"/api/v1/people/{world.kept.id}", headers=world.headers["editor"])

    assert_error(response, 409)
    assert exists(world.kept.id) and taking_part(world.kept.id) == [world.first.id]


def test_delete_another_organisations_person_answers_404(client: FlaskClient, world: World) -> None:
    response = client.delete(f"/api/v1/people/{world.theirs.id}", headers=world.headers["editor"])

    assert_error(response, 404)
    assert exists(world.theirs.id)


def test_delete_as_a_viewer_answers_403(client: FlaskClient, world: World) -> None:
    response = client.delete(f"/api/v1/people/{world.idle.id}", headers=world.headers["viewer"])

    assert_error(response, 403)
    assert exists(world.idle.id)


# POST /people/{id}/merge


def merge(client: FlaskClient, into: int, source: int, headers: dict[str, str]) -> Any:
    return client.post(
        f"/api/v1/people/{into}/merge", json={"from_person_id": source}, headers=headers
    )


def test_merge_answers_200_moves_the_participations_and_deletes_the_second(
    client: FlaskClient, world: World
) -> None:
    response = merge(client, world.kept.id, world.variant.id, world.headers["editor"])

    assert response.status_code == 200, response.get_json()
    assert response.get_json()["full_name"] == "Amina Lokiru"
    assert taking_part(world.kept.id) == sorted([world.first.id, world.second.id])
    assert not exists(world.variant.id)
    event = last_event()
    assert (event.action, event.object_id) == ("person.merge", world.kept.id)
    assert event.details["from_person_id"] == world.variant.id


def test_merge_moves_a_channel_the_second_record_carries(client: FlaskClient, world: World) -> None:
    with one_transaction():
        carried = channel(world.second.id, world.body.id, via_person_id=world.variant.id)

    assert (
        merge(client, world.kept.id, world.variant.id, world.headers["editor"]).status_code == 200
    )

    response = client.get(
        f"/api/v1/initiatives/{world.second.id}/channels", headers=world.headers["editor"]
    )
    rows = {row["id"]: row for row in response.get_json()}
    assert rows[carried.id]["via_person_id"] == world.kept.id


def test_merge_where_both_take_part_in_one_initiative_answers_409(
    client: FlaskClient, world: World
) -> None:
    with one_transaction():
        participate(world.first.id, world.variant.id)

    response = merge(client, world.kept.id, world.variant.id, world.headers["editor"])

    assert_error(response, 409)
    assert exists(world.variant.id)
    assert taking_part(world.variant.id) == sorted([world.first.id, world.second.id])


def test_merge_with_another_organisations_person_answers_404(
    client: FlaskClient, world: World
) -> None:
    assert_error(merge(client, world.kept.id, world.theirs.id, world.headers["editor"]), 404)
    assert_error(merge(client, world.theirs.id, world.kept.id, world.headers["editor"]), 404)
    assert exists(world.theirs.id) and exists(world.kept.id)


def test_merge_as_a_viewer_answers_403(client: FlaskClient, world: World) -> None:
    assert_error(merge(client, world.kept.id, world.variant.id, world.headers["viewer"]), 403)
    assert exists(world.variant.id)


def test_merge_into_itself_or_without_a_record_answers_422(
    client: FlaskClient, world: World
) -> None:
    assert_error(
        merge(client, world.kept.id, world.kept.id, world.headers["editor"]), 422, "from_person_id"
    )
    response = client.post(
        f"/api/v1/people/{world.kept.id}/merge", json={}, headers=world.headers["editor"]
    )
    assert_error(response, 422, "from_person_id")


def pair_codes(client: FlaskClient, world: World) -> set[str]:
    response = client.get(
        f"/api/v1/conflicts/{world.conflict.id}/findings",
        query_string={"initiative_id": world.second.id},
        headers=world.headers["editor"],
    )
    assert response.status_code == 200, response.get_json()
    return {
        finding["code"]
        for finding in response.get_json()
        if set(finding["initiative_ids"]) == {world.first.id, world.second.id}
    }


def test_merging_a_spelling_variant_makes_the_pair_a_duplicate(
    client: FlaskClient, world: World
) -> None:
    assert pair_codes(client, world) == {"scope_overlap"}

    assert (
        merge(client, world.kept.id, world.variant.id, world.headers["editor"]).status_code == 200
    )

    assert pair_codes(client, world) == {"duplicate_initiative"}
