"""Coordination links through /api/v1: propose, agree or decline, and who reads them."""

from __future__ import annotations

import json
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from registry.extensions import db
from registry.models import CoordinationLink, User
from registry.services import coordination
from registry.services.inputs import build
from registry.services.inputs.coordination import LinkProposal
from tests.helpers import assert_error
from tests.world import World, build_world, initiative, member, org

LINK_FIELDS = {
    "id",
    "created_at",
    "updated_at",
    "version",
    "initiative_a_id",
    "initiative_b_id",
    "kind",
    "status",
    "proposed_by",
    "answers",
}


@pytest.fixture
def world(app: Flask) -> World:
    """Two NGOs on one conflict (one with a restricted initiative), a third NGO, a coordinator.

    Initiatives: ours and secret ("Secret track", restricted) of ngo, theirs of other, third
    of a third NGO, elsewhere of other on another conflict; headers by user.
    """
    return build_world(
        scopes=("where", "there"),
        organisations={
            "ngo": org(),
            "other": org(),
            "bystander": org(),
            "hub": org("coordination_body"),
            "ops": org("other"),
        },
        initiatives={
            "ours": initiative("ngo"),
            "secret": initiative("ngo", confidentiality="restricted", title="Secret track"),
            "theirs": initiative("other"),
            "third": initiative("bystander"),
            "elsewhere": initiative("other", on="there"),
        },
        users={
            "coordinator": member("hub", role="viewer", coordinates=("where",)),
            "ours": member("ngo"),
            "ours_viewer": member("ngo", role="viewer"),
            "theirs": member("other"),
            "theirs_viewer": member("other", role="viewer"),
            "bystander": member("bystander"),
            "operator": member("ops", role="platform_admin"),
        },
    )


def propose(client: FlaskClient, world: World, a: Any, b: Any, who: str = "ours", **data: Any):
    return client.post(
        "/api/v1/coordination-links",
        json={"initiative_a_id": a.id, "initiative_b_id": b.id, "kind": "sequencing", **data},
        headers=world.headers[who],
    )


def links_count() -> int:
    db.session.rollback()
    return db.session.scalar(sa.select(sa.func.count()).select_from(CoordinationLink))


def listed(client: FlaskClient, world: World, who: str) -> list[dict[str, Any]]:
    response = client.get("/api/v1/coordination-links", headers=world.headers[who])
    assert response.status_code == 200, response.get_json()
    return response.get_json()


# POST /coordination-links


def test_propose_answers_201_proposed(client: FlaskClient, world: World) -> None:
    response = propose(client, world, world.ours, world.theirs)

    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["status"] == "proposed"
    assert body["kind"] == "sequencing"
    assert set(body) >= LINK_FIELDS


def test_propose_keeps_the_order_as_posted(client: FlaskClient, world: World) -> None:
    assert world.theirs.id > world.ours.id

    body = propose(client, world, world.theirs, world.ours).get_json()

    assert (body["initiative_a_id"], body["initiative_b_id"]) == (world.theirs.id, world.ours.id)
    shown = listed(client, world, "theirs")[0]
    assert (shown["initiative_a_id"], shown["initiative_b_id"]) == (world.theirs.id, world.ours.id)


def test_propose_with_explicit_proposed_status_answers_201(
    client: FlaskClient, world: World
) -> None:
    assert propose(client, world, world.ours, world.theirs, status="proposed").status_code == 201


@pytest.mark.parametrize("status", ["agreed", "declined"])
def test_propose_already_decided_answers_422_naming_status(
    client: FlaskClient, world: World, status: str
) -> None:
    response = propose(client, world, world.ours, world.theirs, status=status)

    assert_error(response, 422, "status")
    assert links_count() == 0


def test_propose_an_initiative_with_itself_answers_422(client: FlaskClient, world: World) -> None:
    response = propose(client, world, world.ours, world.ours)

    assert_error(response, 422, "initiative_b_id")
    assert links_count() == 0


def test_propose_across_conflicts_answers_422(client: FlaskClient, world: World) -> None:
    response = propose(client, world, world.ours, world.elsewhere)

    assert_error(response, 422, "initiative_b_id")
    assert links_count() == 0


@pytest.mark.parametrize("reverse", [False, True])
def test_propose_the_same_pair_twice_answers_422(
    client: FlaskClient, world: World, reverse: bool
) -> None:
    propose(client, world, world.ours, world.theirs)
    a, b = (world.theirs, world.ours) if reverse else (world.ours, world.theirs)

    response = propose(client, world, a, b, who="theirs" if reverse else "ours", kind="merged")

    assert_error(response, 422)
    assert links_count() == 1


def test_propose_with_a_hidden_initiative_answers_422_like_a_missing_one(
    client: FlaskClient, world: World
) -> None:
    hidden = propose(client, world, world.theirs, world.secret, who="theirs")
    missing = client.post(
        "/api/v1/coordination-links",
        json={"initiative_a_id": world.theirs.id, "initiative_b_id": 999_999, "kind": "sequencing"},
        headers=world.headers["theirs"],
    )

    assert_error(hidden, 422, "initiative_b_id")
    assert hidden.get_json() == missing.get_json()
    assert "Secret" not in hidden.get_data(as_text=True)


@pytest.mark.parametrize("who", ["bystander", "ours_viewer", "operator"])
def test_propose_by_one_who_edits_neither_sponsor_answers_403(
    client: FlaskClient, world: World, who: str
) -> None:
    response = propose(client, world, world.ours, world.theirs, who=who)

    assert_error(response, 403)
    assert links_count() == 0


def test_propose_with_unknown_kind_answers_422_naming_kind(
    client: FlaskClient, world: World
) -> None:
    assert_error(propose(client, world, world.ours, world.theirs, kind="alliance"), 422, "kind")


def test_propose_anonymously_answers_401(client: FlaskClient, world: World) -> None:
    response = client.post(
        "/api/v1/coordination-links",
        json={
            "initiative_a_id": world.ours.id,
            "initiative_b_id": world.theirs.id,
            "kind": "sequencing",
        },
    )

    assert_error(response, 401)


# PATCH /coordination-links/{id}


@pytest.fixture
def proposed(client: FlaskClient, world: World) -> dict[str, Any]:
    response = propose(client, world, world.ours, world.theirs)
    assert response.status_code == 201
    return response.get_json()


def decide(client: FlaskClient, world: World, link: dict[str, Any], who: str, status: str):
    return client.patch(
        f"/api/v1/coordination-links/{link['id']}",
        json={"status": status},
        headers=world.headers[who],
    )


@pytest.mark.parametrize("who", ["ours", "ours_viewer"])
def test_decide_by_the_proposers_side_answers_403(
    client: FlaskClient, world: World, proposed: dict[str, Any], who: str
) -> None:
    assert_error(decide(client, world, proposed, who, "agreed"), 403)


def test_decide_by_the_other_sides_viewer_answers_403(
    client: FlaskClient, world: World, proposed: dict[str, Any]
) -> None:
    assert_error(decide(client, world, proposed, "theirs_viewer", "agreed"), 403)


@pytest.mark.parametrize("status", ["agreed", "declined"])
def test_decide_by_the_other_sponsors_editor_answers_200(
    client: FlaskClient, world: World, proposed: dict[str, Any], status: str
) -> None:
    response = decide(client, world, proposed, "theirs", status)

    assert response.status_code == 200, response.get_json()
    assert response.get_json()["status"] == status
    assert response.get_json()["version"] == proposed["version"] + 1


def test_decide_by_the_conflicts_coordinator_answers_200(
    client: FlaskClient, world: World, proposed: dict[str, Any]
) -> None:
    response = decide(client, world, proposed, "coordinator", "declined")

    assert response.status_code == 200, response.get_json()
    assert response.get_json()["status"] == "declined"


def test_decide_twice_answers_409(
    client: FlaskClient, world: World, proposed: dict[str, Any]
) -> None:
    decide(client, world, proposed, "theirs", "agreed")

    response = decide(client, world, proposed, "theirs", "declined")

    assert_error(response, 409)
    db.session.rollback()
    assert db.session.scalar(sa.select(CoordinationLink.status)) == "agreed"


@pytest.mark.parametrize("who", ["bystander", "operator"])
def test_decide_by_an_unrelated_user_answers_404(
    client: FlaskClient, world: World, proposed: dict[str, Any], who: str
) -> None:
    response = decide(client, world, proposed, who, "agreed")
    missing = client.patch(
        "/api/v1/coordination-links/999999",
        json={"status": "agreed"},
        headers=world.headers[who],
    )

    assert_error(response, 404)
    assert response.get_json() == missing.get_json()


def test_decide_back_to_proposed_answers_422_naming_status(
    client: FlaskClient, world: World, proposed: dict[str, Any]
) -> None:
    assert_error(decide(client, world, proposed, "theirs", "proposed"), 422, "status")


def test_decide_with_stale_if_match_answers_412(
    client: FlaskClient, world: World, proposed: dict[str, Any]
) -> None:
    response = client.patch(
        f"/api/v1/coordination-links/{proposed['id']}",
        json={"status": "agreed"},
        headers={**world.headers["theirs"], "If-Match": 'W/"9"'},
    )

    assert_error(response, 412)


# GET /coordination-links


@pytest.fixture
def secret_link(world: World) -> CoordinationLink:
    """A link the NGO proposed between its restricted initiative and the other NGO's one."""
    editor = db.session.get(User, world.headers.people["ours"].id)
    return coordination.propose(
        editor,
        build(
            LinkProposal,
            {
                "initiative_a_id": world.secret.id,
                "initiative_b_id": world.theirs.id,
                "kind": "merged",
            },
        ),
    )


@pytest.mark.parametrize("who", ["ours", "ours_viewer", "theirs", "theirs_viewer", "coordinator"])
def test_list_shows_the_link_to_either_sponsor_and_the_coordinator(
    client: FlaskClient, world: World, secret_link: CoordinationLink, who: str
) -> None:
    assert [link["id"] for link in listed(client, world, who)] == [secret_link.id]


@pytest.mark.parametrize("who", ["bystander", "operator"])
def test_list_of_an_unrelated_member_omits_the_link(
    client: FlaskClient, world: World, secret_link: CoordinationLink, who: str
) -> None:
    response = client.get("/api/v1/coordination-links", headers=world.headers[who])

    assert response.get_json() == []
    assert json.loads(response.headers["X-Pagination"])["total"] == 0


def test_a_links_hidden_initiative_appears_by_id_only(
    client: FlaskClient, world: World, secret_link: CoordinationLink
) -> None:
    response = client.get("/api/v1/coordination-links", headers=world.headers["theirs"])

    link = response.get_json()[0]
    assert link["initiative_a_id"] == world.secret.id
    assert set(link) <= LINK_FIELDS | {"proposed_by_id", "decided_by_id", "decided_at"}
    assert "Secret track" not in response.get_data(as_text=True)
    hidden = client.get(f"/api/v1/initiatives/{world.secret.id}", headers=world.headers["theirs"])
    assert_error(hidden, 404)


def test_the_other_sponsor_may_decide_a_link_to_an_initiative_hidden_from_it(
    client: FlaskClient, world: World, secret_link: CoordinationLink
) -> None:
    response = client.patch(
        f"/api/v1/coordination-links/{secret_link.id}",
        json={"status": "agreed"},
        headers=world.headers["theirs"],
    )

    assert response.status_code == 200, response.get_json()
    assert "Secret track" not in response.get_data(as_text=True)


def test_list_anonymously_answers_401(client: FlaskClient, world: World) -> None:
    assert_error(client.get("/api/v1/coordination-links"), 401)


# Coordinators' proposals (SPEC 2): each sponsor answers once; agreed when all agree.


def answer(client: FlaskClient, link_id: int, who: str, world: World, status: str = "agreed"):
    return client.patch(
        f"/api/v1/coordination-links/{link_id}", json={"status": status}, headers=world.headers[who]
    )


def test_a_coordinator_proposes_and_each_sponsor_answers_once(
    client: FlaskClient, world: World
) -> None:
    created = propose(client, world, world.ours, world.theirs, who="coordinator")
    assert created.status_code == 201, created.get_json()
    link = created.get_json()
    assert (link["proposed_by"], link["status"], link["answers"]) == ("coordinator", "proposed", {})

    assert_error(answer(client, link["id"], "coordinator", world), 403)
    assert_error(answer(client, link["id"], "ours_viewer", world), 403)
    first = answer(client, link["id"], "ours", world)
    assert first.status_code == 200, first.get_json()
    assert first.get_json()["status"] == "proposed"
    assert first.get_json()["answers"] == {str(world.ours.sponsor_id): "agreed"}
    assert_error(answer(client, link["id"], "ours", world, "declined"), 409)
    second = answer(client, link["id"], "theirs", world).get_json()
    assert second["status"] == "agreed"
    assert second["answers"] == {
        str(world.ours.sponsor_id): "agreed",
        str(world.theirs.sponsor_id): "agreed",
    }


def test_one_sponsor_declining_declines_a_coordinator_proposal(
    client: FlaskClient, world: World
) -> None:
    link = propose(client, world, world.ours, world.theirs, who="coordinator").get_json()
    declined = answer(client, link["id"], "theirs", world, "declined").get_json()
    assert declined["status"] == "declined"
    assert_error(answer(client, link["id"], "ours", world), 409)


def test_a_sponsor_sees_a_proposal_about_a_hidden_initiative_only_once_the_other_agreed(
    client: FlaskClient, world: World
) -> None:
    link = propose(client, world, world.secret, world.theirs, who="coordinator").get_json()
    assert link["id"] not in [item["id"] for item in listed(client, world, "theirs")]
    assert_error(answer(client, link["id"], "theirs", world), 404)
    assert answer(client, link["id"], "ours", world).status_code == 200
    assert link["id"] in [item["id"] for item in listed(client, world, "theirs")]
    assert answer(client, link["id"], "theirs", world).get_json()["status"] == "agreed"


def test_a_sponsor_never_sees_a_proposal_the_other_declined_about_a_hidden_initiative(
    client: FlaskClient, world: World
) -> None:
    link = propose(client, world, world.secret, world.theirs, who="coordinator").get_json()
    assert answer(client, link["id"], "ours", world, "declined").status_code == 200
    assert link["id"] not in [item["id"] for item in listed(client, world, "theirs")]
    assert_error(answer(client, link["id"], "theirs", world), 404)


def test_pending_links_list_what_awaits_each_sponsor(client: FlaskClient, world: World) -> None:
    from registry.readers.links import pending_links_for

    link = propose(client, world, world.secret, world.theirs, who="coordinator").get_json()
    people = world.headers.people
    db.session.rollback()
    (mine,) = pending_links_for(db.session.get(User, people["ours"].id))
    assert (mine.id, mine.own_title, mine.proposed_by) == (
        link["id"],
        "Secret track",
        "coordinator",
    )
    assert pending_links_for(db.session.get(User, people["theirs"].id)) == ()
    answer(client, link["id"], "ours", world)
    db.session.rollback()
    assert pending_links_for(db.session.get(User, people["ours"].id)) == ()
    (theirs,) = pending_links_for(db.session.get(User, people["theirs"].id))
    assert theirs.other_title is None and theirs.other == "an initiative you may not see"
    assert "Secret" not in repr(theirs)
