"""Coordination requests: proposing, agreeing, declining, and naming only what the reader sees."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from registry.extensions import db
from registry.models import CoordinationLink
from registry.services import coordination, initiatives
from registry.services.inputs import build
from registry.services.inputs.coordination import LinkProposal
from registry.services.inputs.initiatives import InitiativeChanges
from tests.factories import (
    SYSTEM,
    UserFactory,
    initiative_on,
    scope,
)
from tests.helpers import PASSWORD, signed_in
from tests.world import World, build_world, initiative, member, org


@pytest.fixture
def pair(app: Flask) -> World:
    """Two NGOs with one initiative each on the same conflict."""
    return build_world(
        organisations={"ngo": org(), "other": org()},
        initiatives={
            "ours": initiative("ngo", title="Our dialogue"),
            "theirs": initiative("other", title="Their forum"),
        },
        users={
            "editor": member("ngo", password=PASSWORD),
            "other_editor": member("other", password=PASSWORD),
        },
    )


def test_new_request_from_an_initiative_offers_the_others_of_its_conflict(
    pair: World, client: FlaskClient
) -> None:
    elsewhere = initiative_on(scope(), pair.theirs.sponsor_id, title="Elsewhere")

    page = signed_in(client, pair.editor).get(f"/links/new?initiative_id={pair.ours.id}")

    text = page.get_data(as_text=True)
    assert "Their forum" in text
    assert elsewhere.title not in text
    assert f'<option value="{pair.ours.id}" selected>' in text


def test_proposal_is_listed_as_waiting_for_the_other_side(pair: World, client: FlaskClient) -> None:
    form = {
        "initiative_a_id": str(pair.ours.id),
        "initiative_b_id": str(pair.theirs.id),
        "kind": "sequencing",
    }
    signed_in(client, pair.editor)

    response = client.post("/links/", data=form)

    page = client.get("/links/").get_data(as_text=True)
    assert response.status_code == 302
    assert "Sequencing" in page
    assert "Waiting for the other side" in page


def test_proposal_across_conflicts_is_refused_beside_the_field(
    pair: World, client: FlaskClient
) -> None:
    elsewhere = initiative_on(scope(), pair.theirs.sponsor_id)
    form = {
        "initiative_a_id": str(pair.ours.id),
        "initiative_b_id": str(elsewhere.id),
        "kind": "sequencing",
    }

    response = signed_in(client, pair.editor).post("/links/", data=form)

    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Both initiatives must be on the same conflict." in page
    assert 'id="initiative_b_id-error"' in page


def test_the_other_side_agrees(pair: World, client: FlaskClient) -> None:
    link = coordination.propose(
        SYSTEM,
        build(
            LinkProposal,
            {"initiative_a_id": pair.ours.id, "initiative_b_id": pair.theirs.id, "kind": "merged"},
        ),
    )
    signed_in(client, pair.other_editor)
    assert "Agree" in client.get("/links/").get_data(as_text=True)

    response = client.post(f"/links/{link.id}/agree", data={"version": str(link.version)})

    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.scalar(sa.select(CoordinationLink.status)) == "agreed"


def test_deciding_twice_says_it_was_already_decided(pair: World, client: FlaskClient) -> None:
    link = coordination.propose(
        SYSTEM,
        build(
            LinkProposal,
            {"initiative_a_id": pair.ours.id, "initiative_b_id": pair.theirs.id, "kind": "merged"},
        ),
    )
    coordination.decide(SYSTEM, link.id, "declined")

    response = signed_in(client, pair.other_editor).post(
        f"/links/{link.id}/agree", follow_redirects=True
    )

    assert "This link was already declined." in response.get_data(as_text=True)


def test_an_initiative_the_reader_may_not_see_is_not_named(
    pair: World, client: FlaskClient
) -> None:
    coordination.propose(
        SYSTEM,
        build(
            LinkProposal,
            {
                "initiative_a_id": pair.ours.id,
                "initiative_b_id": pair.theirs.id,
                "kind": "sequencing",
            },
        ),
    )
    initiatives.update(
        SYSTEM, pair.theirs.id, build(InitiativeChanges, {"confidentiality": "sealed"})
    )

    page = signed_in(client, pair.editor).get("/links/").get_data(as_text=True)

    assert "Our dialogue" in page
    assert "Their forum" not in page
    assert "an initiative you may not see" in page  # SPEC 3: pages never show its id
    assert f"#{pair.theirs.id}" not in page


def test_viewer_may_read_requests_but_not_propose(pair: World, client: FlaskClient) -> None:
    viewer = UserFactory(organisation_id=pair.ours.sponsor_id, role="viewer")
    signed_in(client, viewer)

    assert client.get("/links/").status_code == 200
    assert client.get("/links/new").status_code == 403
