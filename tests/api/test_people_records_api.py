"""Deleting and merging person records through /api/v1 (SPEC 2, "Person: deleting and merging")."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from registry.extensions import db
from registry.models import AuditEvent, Participation, Person
from tests.api.test_accounts_api import assert_error
from tests.factories import (
    OrganisationFactory,
    PersonFactory,
    bearer_for,
    channel,
    editor_of,
    initiative_on,
    one_transaction,
    participate,
    scope,
)


@dataclass(frozen=True)
class World:
    """One NGO with two initiatives on one issue and three records; another NGO's record."""

    conflict_id: int
    first: int  # initiative
    second: int  # initiative
    kept: int  # person in first
    variant: int  # person in second: a spelling variant of kept
    idle: int  # person in no initiative
    theirs: int  # person of another organisation
    body_id: int
    editor: dict[str, str]
    viewer: dict[str, str]
    stranger: dict[str, str]


@pytest.fixture
def world(app: Flask) -> World:
    with one_transaction():
        ngo, other = OrganisationFactory(), OrganisationFactory()
        where = scope()
        first = initiative_on(where, ngo.id, title="Elders' forum")
        second = initiative_on(where, ngo.id, title="Grazing talks")
        kept = PersonFactory(organisation_id=ngo.id, full_name="Amina Lokiru")
        variant = PersonFactory(organisation_id=ngo.id, full_name="Ameena Lokiru")
        idle = PersonFactory(organisation_id=ngo.id)
        theirs = PersonFactory(organisation_id=other.id)
        participate(first.id, kept.id)
        participate(second.id, variant.id)
        users = (editor_of(ngo.id), editor_of(ngo.id, role="viewer"), editor_of(other.id))
    return World(
        conflict_id=where.conflict.id,
        first=first.id,
        second=second.id,
        kept=kept.id,
        variant=variant.id,
        idle=idle.id,
        theirs=theirs.id,
        body_id=where.body.id,
        editor=bearer_for(users[0]),
        viewer=bearer_for(users[1]),
        stranger=bearer_for(users[2]),
    )


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
    response = client.delete(f"/api/v1/people/{world.kept}", headers=world.editor)

    assert response.status_code == 204
    assert not exists(world.kept)
    assert taking_part(world.kept) == []
    event = last_event()
    assert (event.action, event.object_id) == ("person.delete", world.kept)
    assert "Amina" not in str(event.details)


def test_delete_while_a_channel_runs_through_the_person_answers_409(
    client: FlaskClient, world: World
) -> None:
    with one_transaction():
        channel(world.first, world.body_id, via_person_id=world.kept)

    response = client.delete(f"/api/v1/people/{world.kept}", headers=world.editor)

    assert_error(response, 409)
    assert exists(world.kept) and taking_part(world.kept) == [world.first]


def test_delete_another_organisations_person_answers_404(client: FlaskClient, world: World) -> None:
    response = client.delete(f"/api/v1/people/{world.theirs}", headers=world.editor)

    assert_error(response, 404)
    assert exists(world.theirs)


def test_delete_as_a_viewer_answers_403(client: FlaskClient, world: World) -> None:
    response = client.delete(f"/api/v1/people/{world.idle}", headers=world.viewer)

    assert_error(response, 403)
    assert exists(world.idle)


# POST /people/{id}/merge


def merge(client: FlaskClient, into: int, source: int, headers: dict[str, str]) -> Any:
    return client.post(
        f"/api/v1/people/{into}/merge", json={"from_person_id": source}, headers=headers
    )


def test_merge_answers_200_moves_the_participations_and_deletes_the_second(
    client: FlaskClient, world: World
) -> None:
    response = merge(client, world.kept, world.variant, world.editor)

    assert response.status_code == 200, response.get_json()
    assert response.get_json()["full_name"] == "Amina Lokiru"
    assert taking_part(world.kept) == sorted([world.first, world.second])
    assert not exists(world.variant)
    event = last_event()
    assert (event.action, event.object_id) == ("person.merge", world.kept)
    assert event.details["from_person_id"] == world.variant


def test_merge_moves_a_channel_the_second_record_carries(client: FlaskClient, world: World) -> None:
    with one_transaction():
        carried = channel(world.second, world.body_id, via_person_id=world.variant)

    assert merge(client, world.kept, world.variant, world.editor).status_code == 200

    response = client.get(f"/api/v1/initiatives/{world.second}/channels", headers=world.editor)
    rows = {row["id"]: row for row in response.get_json()}
    assert rows[carried.id]["via_person_id"] == world.kept


def test_merge_where_both_take_part_in_one_initiative_answers_409(
    client: FlaskClient, world: World
) -> None:
    with one_transaction():
        participate(world.first, world.variant)

    response = merge(client, world.kept, world.variant, world.editor)

    assert_error(response, 409)
    assert exists(world.variant)
    assert taking_part(world.variant) == sorted([world.first, world.second])


def test_merge_with_another_organisations_person_answers_404(
    client: FlaskClient, world: World
) -> None:
    assert_error(merge(client, world.kept, world.theirs, world.editor), 404)
    assert_error(merge(client, world.theirs, world.kept, world.editor), 404)
    assert exists(world.theirs) and exists(world.kept)


def test_merge_as_a_viewer_answers_403(client: FlaskClient, world: World) -> None:
    assert_error(merge(client, world.kept, world.variant, world.viewer), 403)
    assert exists(world.variant)


def test_merge_into_itself_or_without_a_record_answers_422(
    client: FlaskClient, world: World
) -> None:
    assert_error(merge(client, world.kept, world.kept, world.editor), 422, "from_person_id")
    response = client.post(f"/api/v1/people/{world.kept}/merge", json={}, headers=world.editor)
    assert_error(response, 422, "from_person_id")


def pair_codes(client: FlaskClient, world: World) -> set[str]:
    response = client.get(
        f"/api/v1/conflicts/{world.conflict_id}/findings",
        query_string={"initiative_id": world.second},
        headers=world.editor,
    )
    assert response.status_code == 200, response.get_json()
    return {
        finding["code"]
        for finding in response.get_json()
        if set(finding["initiative_ids"]) == {world.first, world.second}
    }


def test_merging_a_spelling_variant_makes_the_pair_a_duplicate(
    client: FlaskClient, world: World
) -> None:
    assert pair_codes(client, world) == {"scope_overlap"}

    assert merge(client, world.kept, world.variant, world.editor).status_code == 200

    assert pair_codes(client, world) == {"duplicate_initiative"}
