"""The organisation's people: the list with full names, registering and editing a person."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from registry.extensions import db
from registry.models import Person
from tests.factories import OrganisationFactory, PersonFactory, UserFactory
from tests.helpers import signed_in


@pytest.fixture
def editor(app: Flask) -> Any:
    return UserFactory(organisation_id=OrganisationFactory(name="Amani").id)


def person_form(**overrides: Any) -> dict[str, Any]:
    return {
        "full_name": "Grace Chepkoech",
        "alias": "",
        "birth_year": "1978",
        "gender": "female",
        "sector": "women",
        "proximity": "1",
        "designated_affiliation": "",
        "identity_visibility": "pseudonymous",
        **overrides,
    }


def test_list_shows_own_people_with_full_names_and_never_others(
    editor: Any, client: FlaskClient
) -> None:
    PersonFactory(organisation_id=editor.organisation_id, full_name="Grace Chepkoech")
    stranger = PersonFactory(organisation_id=OrganisationFactory().id, full_name="Other Person")

    page = signed_in(client, editor).get("/people/").get_data(as_text=True)

    assert "Grace Chepkoech" in page
    assert "Other Person" not in page
    assert stranger.alias not in page


def test_register_form_explains_each_visibility(editor: Any, client: FlaskClient) -> None:
    page = signed_in(client, editor).get("/people/new").get_data(as_text=True)

    assert "Pseudonymous (recommended)" in page
    assert "every read is recorded" in page
    assert 'value="pseudonymous" checked' in page


def test_registering_generates_a_pseudonym_and_lists_the_person(
    editor: Any, client: FlaskClient
) -> None:
    signed_in(client, editor)

    response = client.post("/people/", data=person_form())

    assert response.status_code == 302
    person = db.session.scalar(sa.select(Person))
    assert person.alias.startswith("P-")
    assert person.birth_year == 1978
    assert "Grace Chepkoech" in client.get("/people/").get_data(as_text=True)


def test_registering_with_errors_keeps_the_name_and_says_what_to_fix(
    editor: Any, client: FlaskClient
) -> None:
    form = person_form(birth_year="1700", sector="")

    response = signed_in(client, editor).post("/people/", data=form)

    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Enter a number from 1900 to 2100." in page
    assert "Choose the sector." in page
    assert 'value="Grace Chepkoech"' in page
    assert 'aria-describedby="birth_year-help birth_year-error"' in page
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Person)) == 0


def test_a_pseudonym_already_used_is_refused_beside_the_field(
    editor: Any, client: FlaskClient
) -> None:
    PersonFactory(organisation_id=editor.organisation_id, alias="AB-Heron")

    response = signed_in(client, editor).post("/people/", data=person_form(alias="AB-Heron"))

    assert "Your organisation already uses this pseudonym." in response.get_data(as_text=True)


def test_editing_changes_the_person_and_keeps_the_pseudonym_when_left_empty(
    editor: Any, client: FlaskClient
) -> None:
    person = PersonFactory(organisation_id=editor.organisation_id, full_name="Old Name")
    signed_in(client, editor)
    assert "Old Name" in client.get(f"/people/{person.id}/edit").get_data(as_text=True)

    form = person_form(full_name="New Name", sector="youth", version=str(person.version))
    response = client.post(f"/people/{person.id}/edit", data=form)

    assert response.status_code == 302
    db.session.expire_all()
    saved = db.session.get(Person, person.id)
    assert (saved.sector, saved.alias) == ("youth", person.alias)
    assert "New Name" in client.get("/people/").get_data(as_text=True)


def test_another_organisations_person_answers_404(editor: Any, client: FlaskClient) -> None:
    stranger = PersonFactory(organisation_id=OrganisationFactory().id)

    assert signed_in(client, editor).get(f"/people/{stranger.id}/edit").status_code == 404


def test_viewer_reads_the_list_but_may_not_register(app: Flask, client: FlaskClient) -> None:
    viewer = UserFactory(organisation_id=OrganisationFactory().id, role="viewer")
    signed_in(client, viewer)

    assert client.get("/people/").status_code == 200
    assert client.get("/people/new").status_code == 403
    assert client.post("/people/", data=person_form()).status_code == 403
