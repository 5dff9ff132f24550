"""Steps 2 to 4 of registering an initiative: participants, channels to Track One, transfers."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from registry.extensions import db
from registry.models import Participation, Person, TransferChannel, TransferEvent
from tests.factories import (
    OrganisationFactory,
    PersonFactory,
    channel,
    editor_of,
    initiative_on,
    participate,
    scope,
)
from tests.helpers import count, sign_in_as
from tests.world import World, build_world, initiative, member, org


@pytest.fixture
def reg(app: Flask, client: FlaskClient) -> World:
    """An initiative being registered by an editor of its sponsor, signed in on `client`."""
    made = build_world(
        organisations={"sponsor": org()},
        initiatives={"initiative": initiative("sponsor", title="Water dialogue")},
        users={"editor": member("sponsor")},
    )
    return made.adding(client=sign_in_as(client, made.editor))


def new_person_form(reg: World, **overrides: Any) -> dict[str, Any]:
    return {
        "full_name": "Amina Yusuf",
        "gender": "female",
        "sector": "women",
        "proximity": "2",
        "identity_visibility": "pseudonymous",
        "role": "participant",
        "party_id": str(reg.where.party.id),
        **overrides,
    }


def test_participants_step_offers_the_organisations_people(reg: World) -> None:
    person = PersonFactory(organisation_id=reg.initiative.sponsor_id, full_name="Joseph Lokol")

    page = reg.client.get(f"/initiatives/{reg.initiative.id}/participants").get_data(as_text=True)

    assert "Step 2 of 4" in page
    assert f"{person.alias}: Joseph Lokol" in page
    assert reg.where.party.name in page


def test_adding_a_registered_person_lists_them(reg: World) -> None:
    person = PersonFactory(organisation_id=reg.initiative.sponsor_id, full_name="Joseph Lokol")
    form = {"person_id": str(person.id), "role": "mediator", "party_id": "third_party"}

    response = reg.client.post(f"/initiatives/{reg.initiative.id}/participants", data=form)

    page = reg.client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Joseph Lokol" in page
    assert "Mediator" in page
    assert "Third party" in page


def test_a_participants_party_starts_empty_and_must_be_chosen(reg: World) -> None:
    person = PersonFactory(organisation_id=reg.initiative.sponsor_id, full_name="Joseph Lokol")
    url = f"/initiatives/{reg.initiative.id}/participants"

    blank = reg.client.get(url).get_data(as_text=True)
    response = reg.client.post(url, data={"person_id": str(person.id), "role": "participant"})

    assert '<option value="">Choose…</option>' in blank.split('id="pick-party_id"')[1][:200]
    assert response.status_code == 422
    assert "Choose the party they come from" in response.get_data(as_text=True)


def test_new_person_with_a_missing_sector_keeps_what_was_typed_and_saves_nothing(
    reg: World,
) -> None:
    form = new_person_form(reg, sector="")

    response = reg.client.post(f"/initiatives/{reg.initiative.id}/participants/new", data=form)

    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert '<div id="new-sector-error" class="invalid-feedback d-block">Choose the sector.' in page
    assert 'value="Amina Yusuf"' in page
    assert count(Person) == 0


def test_new_person_is_registered_and_added_at_once(reg: World) -> None:
    response = reg.client.post(
        f"/initiatives/{reg.initiative.id}/participants/new", data=new_person_form(reg)
    )

    assert response.status_code == 302
    person = db.session.scalar(sa.select(Person))
    assert person.alias.startswith("P-")
    assert db.session.scalar(sa.select(Participation.person_id)) == person.id


def test_new_person_whose_participation_is_refused_is_not_registered_either(
    reg: World,
) -> None:
    stranger = scope()  # a party of another conflict
    form = new_person_form(reg, party_id=str(stranger.party.id))

    response = reg.client.post(f"/initiatives/{reg.initiative.id}/participants/new", data=form)

    assert response.status_code == 422
    assert "The party must belong to the initiative" in response.get_data(as_text=True)
    assert count(Person) == 0


def test_removing_a_participant_who_carries_a_channel_is_refused_with_a_reason(
    reg: World,
) -> None:
    person = PersonFactory(organisation_id=reg.initiative.sponsor_id)
    row = participate(reg.initiative.id, person.id)
    channel(reg.initiative.id, reg.where.body.id, via_person_id=person.id)

    response = reg.client.post(f"/participations/{row.id}/remove", follow_redirects=True)

    assert "A channel to Track One runs through this person" in response.get_data(as_text=True)
    assert count(Participation) == 1


def test_channel_carried_by_a_participant_is_added(reg: World) -> None:
    person = PersonFactory(organisation_id=reg.initiative.sponsor_id, full_name="Joseph Lokol")
    participate(reg.initiative.id, person.id)
    form = {
        "track_one_body_id": str(reg.where.body.id),
        "mechanism": "direct_briefing",
        "via_person_id": str(person.id),
        "established_on": "",
    }

    response = reg.client.post(f"/initiatives/{reg.initiative.id}/channels", data=form)

    page = reg.client.get(response.headers["Location"]).get_data(as_text=True)
    assert reg.where.body.name in page
    assert f"{person.alias}: Joseph Lokol" in page
    assert db.session.scalar(sa.select(TransferChannel.via_person_id)) == person.id


def test_channel_without_a_body_asks_for_one(reg: World) -> None:
    form = {"track_one_body_id": "", "mechanism": "media"}

    response = reg.client.post(f"/initiatives/{reg.initiative.id}/channels", data=form)

    assert response.status_code == 422
    assert "Choose the Track One body." in response.get_data(as_text=True)
    assert count(TransferChannel) == 0


def test_transfer_is_recorded_as_claimed(reg: World) -> None:
    route = channel(reg.initiative.id, reg.where.body.id)
    form = {
        "channel_id": str(route.id),
        "title": "Draft principles on water",
        "kind": "principles",
        "issue_ids": [str(reg.where.issue.id)],
        "delivered_on": "2026-05-02",
    }

    response = reg.client.post(f"/initiatives/{reg.initiative.id}/transfers", data=form)

    page = reg.client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Draft principles on water" in page
    assert "Claimed by the sponsor" in page
    assert db.session.scalar(sa.select(TransferEvent.evidence)) == "claimed"


def test_transfer_without_a_delivery_date_keeps_the_title(reg: World) -> None:
    route = channel(reg.initiative.id, reg.where.body.id)
    form = {"channel_id": str(route.id), "title": "Framework", "kind": "framework"}

    response = reg.client.post(f"/initiatives/{reg.initiative.id}/transfers", data=form)

    page = response.get_data(as_text=True)
    assert "Enter the date it was delivered." in page
    assert 'value="Framework"' in page


def test_steps_of_another_organisations_initiative_are_refused(app: Flask, reg: World) -> None:
    other = editor_of(OrganisationFactory().id)
    restricted = initiative_on(reg.where, reg.initiative.sponsor_id, confidentiality="restricted")
    client = sign_in_as(app.test_client(), other)

    assert client.get(f"/initiatives/{reg.initiative.id}/participants").status_code == 403
    assert client.get(f"/initiatives/{restricted.id}/channels").status_code == 404
    assert client.get(f"/initiatives/{restricted.id}/transfers").status_code == 404
