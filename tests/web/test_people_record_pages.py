"""People pages: search, the same-name warning (own records only), merging and deleting."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from registry.extensions import db
from registry.models import Participation, Person
from tests.factories import (
    one_transaction,
    participate,
)
from tests.helpers import count, sign_in_as
from tests.world import World, build_world, initiative, member, org, person


@pytest.fixture
def world(app: Flask) -> World:
    """An NGO's two initiatives with a person each, spelt two ways; another NGO's person."""
    return build_world(
        organisations={"ngo": org(name="Amani"), "other": org(name="Kerio")},
        initiatives={
            "first": initiative("ngo", title="Elders' forum"),
            "second": initiative("ngo", title="Grazing talks"),
        },
        people={
            "kept": person(
                "ngo", ("first",), party=True, full_name="Muhammad Aly", alias="Elder A"
            ),
            "variant": person(
                "ngo", ("second",), party=True, full_name="Mohamed Ali", alias="Elder B"
            ),
            "theirs": person("other", full_name="Grace Chepkoech", alias="Theirs"),
        },
        users={"editor": member("ngo"), "stranger": member("other")},
    )


def person_form(name: str, **extra: str) -> dict[str, str]:
    return {
        "full_name": name,
        "gender": "female",
        "sector": "women",
        "proximity": "2",
        "identity_visibility": "pseudonymous",
        **extra,
    }


def test_search_finds_own_records_by_alias_and_by_any_spelling_of_the_name(
    client: FlaskClient, world: World
) -> None:
    sign_in_as(client, world["editor"])

    by_alias = client.get("/people/", query_string={"q": "elder b"}).get_data(as_text=True)
    by_name = client.get("/people/", query_string={"q": "Mohammed"}).get_data(as_text=True)
    other = client.get("/people/", query_string={"q": "Grace"}).get_data(as_text=True)

    assert "Mohamed Ali" in by_alias and "Muhammad Aly" not in by_alias
    assert "Mohamed Ali" in by_name and "Muhammad Aly" in by_name
    assert "Grace" not in other.split("</form>", 2)[-1].replace("“Grace”", "")


def test_registering_a_name_that_reads_like_an_own_record_warns_first(
    client: FlaskClient, world: World
) -> None:
    sign_in_as(client, world["editor"])
    before = count(Person)

    warned = client.post("/people/", data=person_form("Muhammed Ali"))
    confirmed = client.post("/people/", data=person_form("Muhammed Ali", confirm_similar="y"))

    assert 'id="similar-warning"' in warned.get_data(as_text=True)
    assert "Elder A" in warned.get_data(as_text=True)
    assert confirmed.status_code == 302
    assert count(Person) == before + 1


def test_the_same_name_warning_never_fires_across_organisations(
    client: FlaskClient, world: World
) -> None:
    sign_in_as(client, world["stranger"])
    before = count(Person)

    response = client.post("/people/", data=person_form("Mohammed Ali"))

    assert response.status_code == 302
    assert count(Person) == before + 1
    sign_in_as(client, world["editor"])
    warned = client.post("/people/", data=person_form("Grace Chepkoech")).status_code
    assert warned == 302


def test_registering_a_new_participant_warns_about_an_own_record_of_that_name(
    client: FlaskClient, world: World
) -> None:
    sign_in_as(client, world["editor"])
    form = person_form("Muhamad Aly", role="participant", party_id="third_party")

    response = client.post(f"/initiatives/{world['first'].id}/participants/new", data=form)

    assert 'id="new-similar-warning"' in response.get_data(as_text=True)


def participations_of(person_id: int) -> list[int]:
    db.session.rollback()
    statement = sa.select(Participation.initiative_id).filter_by(person_id=person_id)
    return sorted(db.session.scalars(statement))


def test_merging_on_the_page_moves_the_participations_and_deletes_the_other(
    client: FlaskClient, world: World
) -> None:
    sign_in_as(client, world["editor"])
    url = f"/people/{world['kept'].id}/merge"

    assert "Mohamed Ali" in client.get(url).get_data(as_text=True)
    response = client.post(url, data={"from_person_id": world["variant"].id})

    assert response.status_code == 302
    assert participations_of(world["kept"].id) == sorted([world["first"].id, world["second"].id])
    assert count(Person) == 2  # the other organisation's record and the merged one


def test_merging_two_records_in_one_initiative_is_refused_on_the_page(
    client: FlaskClient, world: World
) -> None:
    with one_transaction():
        participate(world["first"].id, world["variant"].id)
    sign_in_as(client, world["editor"])

    response = client.post(
        f"/people/{world['kept'].id}/merge", data={"from_person_id": world["variant"].id}
    )

    assert response.status_code == 409
    assert 'id="merge-refusal"' in response.get_data(as_text=True)
    assert count(Person) == 3


def test_deleting_on_the_page_removes_the_record_and_its_participations(
    client: FlaskClient, world: World
) -> None:
    sign_in_as(client, world["editor"])
    url = f"/people/{world['variant'].id}/delete"

    assert "Grazing talks" in client.get(url).get_data(as_text=True)
    assert client.post(url).status_code == 302
    assert participations_of(world["variant"].id) == []
    assert count(Person) == 2


def test_another_organisations_record_cannot_be_merged_or_deleted_on_the_pages(
    client: FlaskClient, world: World
) -> None:
    sign_in_as(client, world["stranger"])

    assert client.get(f"/people/{world['kept'].id}/delete").status_code == 404
    assert client.post(f"/people/{world['kept'].id}/delete").status_code == 404
    assert client.get(f"/people/{world['kept'].id}/merge").status_code == 404
    assert count(Person) == 3
