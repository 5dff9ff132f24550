"""Reveal requests and name reads, answered in names to the owning organisation's admins."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask.testing import FlaskClient

from registry.services import identities, users
from tests.factories import (
    PersonFactory,
    initiative_on,
    named_user,
    one_transaction,
    participate,
    scope,
)
from tests.helpers import ID_WORDING, sign_in_as
from tests.world import World


@pytest.fixture
def asked(staff: World, system: Any) -> dict[str, Any]:
    """A Border Voices coordinator asks to reveal one of Amani's participants and reads another."""
    with one_transaction():
        where = scope(name="Kerio Valley North", slug="kerio-north")
        initiative = initiative_on(where, staff.amani.id, confidentiality="restricted")
        hidden = PersonFactory(organisation_id=staff.amani.id, alias="P-ELDER1")
        named = PersonFactory(
            organisation_id=staff.amani.id, alias="P-ELDER2", identity_visibility="named"
        )
        for person in (hidden, named):
            participate(initiative.id, person.id)
    coordinator = named_user(staff.border.id, "Cora Wanjiru", "editor", "cora@border.example")
    users.assign_coordinator(system, coordinator.id, where.conflict.id)
    cora = users.find_by_email("cora@border.example")
    identities.request_reveal(cora, hidden.id, "To check a suspected duplicate.")
    identities.read_full_name(cora, named.id)
    return {"conflict": where.conflict}


def text(client: FlaskClient, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_reveal_requests_name_the_coordinator_and_its_organisation(
    client: FlaskClient, staff: World, asked: dict[str, Any]
) -> None:
    html = text(sign_in_as(client, staff.amani_admin), "/admin/reveals")
    assert "Cora Wanjiru" in html and "Border Voices" in html and "P-ELDER1" in html
    assert asked["conflict"].name in html
    assert not ID_WORDING.search(html)


def test_name_reads_name_the_reader_its_organisation_and_the_pseudonym(
    client: FlaskClient, staff: World, asked: dict[str, Any]
) -> None:
    html = text(sign_in_as(client, staff.amani_admin), "/admin/name-reads")
    assert "Cora Wanjiru" in html and "Border Voices" in html and "P-ELDER2" in html
    assert not ID_WORDING.search(html)


def test_another_organisation_s_admin_sees_none_of_them(
    client: FlaskClient, staff: World, asked: dict[str, Any]
) -> None:
    sign_in_as(client, staff.border_admin)
    assert "P-ELDER1" not in text(client, "/admin/reveals")
    assert "P-ELDER2" not in text(client, "/admin/name-reads")


def test_an_overlong_note_is_refused_beside_it_and_the_request_stays_pending(
    client: FlaskClient, staff: World, asked: dict[str, Any]
) -> None:
    sign_in_as(client, staff.amani_admin)
    (request_id,) = re.findall(r"/admin/reveals/(\d+)/refuse", text(client, "/admin/reveals"))

    response = client.post(
        f"/admin/reveals/{request_id}/refuse", data={"decision_note": "x" * 2001}
    )

    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'aria-describedby="note-1-error"' in html
    assert '<div id="note-1-error" class="invalid-feedback d-block w-100">' in html
    assert "Make this shorter: at most 2000 characters." in html
    assert "/refuse" in text(client, "/admin/reveals")  # still waiting for an answer
