"""Participations, channels and transfers through /api/v1: integrity rules and who reads names."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from registry.extensions import db
from registry.models import AuditEvent, Participation, TransferChannel, TransferEvent
from registry.services import initiatives, transfers
from registry.services.inputs import build
from registry.services.inputs.engagement import TransferInput
from registry.services.inputs.initiatives import InitiativeChanges
from tests.factories import (
    SYSTEM,
    channel,
    one_transaction,
    participate,
)
from tests.helpers import assert_error, count
from tests.world import World, build_world, initiative, member, org, person


@pytest.fixture
def world(app: Flask) -> World:
    """An NGO's restricted initiative funded by a donor on a coordinated conflict.

    initiative: restricted, 2026-01-01 to 2026-12-31, funded by donor; visible: a registry
    initiative of ngo (members see it, not its rows); quiet (pseudonymous) and named: people
    of ngo not yet taking part; foreigner: a person of another NGO.
    """
    return build_world(
        scopes=("where", "elsewhere"),
        organisations={
            "ngo": org(),
            "other": org(),
            "donor": org("donor"),
            "hub": org("coordination_body"),
        },
        initiatives={
            "initiative": initiative(
                "ngo",
                funders=("donor",),
                confidentiality="restricted",
                start_date=date(2026, 1, 1),
                end_date=date(2026, 12, 31),
            ),
            "visible": initiative("ngo"),
        },
        people={
            "quiet": person("ngo", full_name="Quiet Ekiru Lomuria", sector="youth", proximity=1),
            "named": person(
                "ngo",
                full_name="Named Rose Chelimo",
                identity_visibility="named",
                sector="women",
            ),
            "foreigner": person("other", full_name="Foreign Person"),
        },
        users={
            "coordinator": member("hub", role="viewer", coordinates=("where",)),
            "other_coordinator": member("hub", role="viewer", coordinates=("elsewhere",)),
            "sponsor": member("ngo"),
            "viewer": member("ngo", role="viewer"),
            "org_admin": member("ngo", role="org_admin"),
            "member": member("other"),
            "funder": member("donor"),
        },
    )


def url(world: World, rows: str, initiative: Any = None) -> str:
    return f"/api/v1/initiatives/{(initiative or world.initiative).id}/{rows}"


def name_reads(person_id: int, user: Any) -> int:
    """Count the audited reads of a person's full name by a user."""
    db.session.rollback()
    return db.session.scalar(
        sa.select(sa.func.count())
        .select_from(AuditEvent)
        .where(
            AuditEvent.action == "person.read_full_name",
            AuditEvent.object_type == "person",
            AuditEvent.object_id == person_id,
            AuditEvent.actor_id == user.id,
        )
    )


# Participations


def test_add_participation_answers_201_with_alias_sector_proximity_and_dates(
    client: FlaskClient, world: World
) -> None:
    response = client.post(
        url(world, "participations"),
        json={"person_id": world.quiet.id, "role": "participant", "party_id": world.where.party.id},
        headers=world.headers["sponsor"],
    )

    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["initiative_id"] == world.initiative.id
    assert body["person_id"] == world.quiet.id
    assert body["party_id"] == world.where.party.id
    assert (body["alias"], body["sector"], body["proximity"]) == (world.quiet.alias, "youth", 1)
    assert body["full_name"] == "Quiet Ekiru Lomuria"  # the sponsor owns the person


def test_participation_without_dates_reads_the_initiatives_dates(
    client: FlaskClient, world: World
) -> None:
    participate(world.initiative.id, world.quiet.id)

    body = client.get(url(world, "participations"), headers=world.headers["sponsor"]).get_json()

    assert (body[0]["start_date"], body[0]["end_date"]) == ("2026-01-01", "2026-12-31")


def test_participation_dates_follow_later_changes_of_the_initiatives_dates(
    client: FlaskClient, world: World
) -> None:
    participate(world.initiative.id, world.quiet.id)
    initiatives.update(
        SYSTEM, world.initiative.id, build(InitiativeChanges, {"end_date": date(2027, 6, 30)})
    )

    body = client.get(url(world, "participations"), headers=world.headers["sponsor"]).get_json()

    assert body[0]["end_date"] == "2027-06-30"


def test_participation_with_own_dates_keeps_them(client: FlaskClient, world: World) -> None:
    response = client.post(
        url(world, "participations"),
        json={
            "person_id": world.quiet.id,
            "role": "mediator",
            "start_date": "2026-03-01",
            "end_date": "2026-04-30",
        },
        headers=world.headers["sponsor"],
    )

    assert (response.get_json()["start_date"], response.get_json()["end_date"]) == (
        "2026-03-01",
        "2026-04-30",
    )


def test_participation_ending_before_it_starts_answers_the_services_message(
    client: FlaskClient, world: World
) -> None:
    response = client.post(
        url(world, "participations"),
        json={
            "person_id": world.quiet.id,
            "role": "mediator",
            "start_date": "2026-04-30",
            "end_date": "2026-03-01",
        },
        headers=world.headers["sponsor"],
    )

    assert response.status_code == 422
    assert response.get_json()["errors"]["json"] == {
        "end_date": ["The end date must not be before the start date."]
    }


def test_add_person_of_another_organisation_answers_422_naming_person_id(
    client: FlaskClient, world: World
) -> None:
    response = client.post(
        url(world, "participations"),
        json={"person_id": world.foreigner.id, "role": "participant"},
        headers=world.headers["sponsor"],
    )

    assert_error(response, 422, "person_id")
    assert count(Participation) == 0


def test_add_missing_person_answers_422_like_another_organisations_person(
    client: FlaskClient, world: World
) -> None:
    foreign = client.post(
        url(world, "participations"),
        json={"person_id": world.foreigner.id, "role": "participant"},
        headers=world.headers["sponsor"],
    )
    missing = client.post(
        url(world, "participations"),
        json={"person_id": 999_999, "role": "participant"},
        headers=world.headers["sponsor"],
    )

    assert foreign.get_json() == missing.get_json()


def test_add_same_person_twice_answers_422_naming_person_id(
    client: FlaskClient, world: World
) -> None:
    participate(world.initiative.id, world.quiet.id)

    response = client.post(
        url(world, "participations"),
        json={"person_id": world.quiet.id, "role": "observer"},
        headers=world.headers["sponsor"],
    )

    assert_error(response, 422, "person_id")
    assert count(Participation) == 1


def test_add_with_party_of_another_conflict_answers_422_naming_party_id(
    client: FlaskClient, world: World
) -> None:
    response = client.post(
        url(world, "participations"),
        json={
            "person_id": world.quiet.id,
            "role": "participant",
            "party_id": world.elsewhere.party.id,
        },
        headers=world.headers["sponsor"],
    )

    assert_error(response, 422, "party_id")
    assert count(Participation) == 0


def test_add_with_start_after_end_answers_422(client: FlaskClient, world: World) -> None:
    response = client.post(
        url(world, "participations"),
        json={
            "person_id": world.quiet.id,
            "role": "participant",
            "start_date": "2026-05-02",
            "end_date": "2026-05-01",
        },
        headers=world.headers["sponsor"],
    )

    assert_error(response, 422, "end_date")


def test_add_with_unknown_role_answers_422_naming_role(client: FlaskClient, world: World) -> None:
    response = client.post(
        url(world, "participations"),
        json={"person_id": world.quiet.id, "role": "spy"},
        headers=world.headers["sponsor"],
    )

    assert_error(response, 422, "role")


@pytest.mark.parametrize("who", ["viewer", "funder", "coordinator"])
def test_add_participation_by_a_reader_who_may_not_edit_answers_403(
    client: FlaskClient, world: World, who: str
) -> None:
    response = client.post(
        url(world, "participations"),
        json={"person_id": world.quiet.id, "role": "participant"},
        headers=world.headers[who],
    )

    assert_error(response, 403)


def test_add_participation_to_a_hidden_initiative_answers_404(
    client: FlaskClient, world: World
) -> None:
    response = client.post(
        url(world, "participations"),
        json={"person_id": world.foreigner.id, "role": "participant"},
        headers=world.headers["member"],
    )

    assert_error(response, 404)


def test_delete_participation_by_sponsor_answers_204(client: FlaskClient, world: World) -> None:
    row = participate(world.initiative.id, world.quiet.id)

    response = client.delete(f"/api/v1/participations/{row.id}", headers=world.headers["sponsor"])

    assert response.status_code == 204
    assert count(Participation) == 0


def test_delete_participation_carrying_a_channel_answers_409(
    client: FlaskClient, world: World
) -> None:
    row = participate(world.initiative.id, world.quiet.id)
    channel(world.initiative.id, world.where.body.id, via_person_id=world.quiet.id)

    response = client.delete(f"/api/v1/participations/{row.id}", headers=world.headers["sponsor"])

    assert_error(response, 409)
    assert count(Participation) == 1


@pytest.mark.parametrize(("who", "status"), [("member", 404), ("funder", 403), ("viewer", 403)])
def test_delete_participation_by_others_answers_as_the_policy_says(
    client: FlaskClient, world: World, who: str, status: int
) -> None:
    row = participate(world.initiative.id, world.quiet.id)

    response = client.delete(f"/api/v1/participations/{row.id}", headers=world.headers[who])

    assert_error(response, status)
    assert count(Participation) == 1


# Who reads which names in participation rows


@pytest.fixture
def taking_part(world: World) -> World:
    """Both of the NGO's people take part in the restricted initiative."""
    with one_transaction():
        participate(world.initiative.id, world.quiet.id, party_id=world.where.party.id)
        participate(world.initiative.id, world.named.id)
    return world


def rows_as(client: FlaskClient, world: World, who: str) -> dict[int, dict[str, Any]]:
    response = client.get(url(world, "participations"), headers=world.headers[who])
    assert response.status_code == 200, response.get_json()
    return {row["person_id"]: row for row in response.get_json()}


@pytest.mark.parametrize("who", ["sponsor", "viewer"])
def test_own_organisation_reads_every_full_name_unaudited(
    client: FlaskClient, taking_part: World, who: str
) -> None:
    world = taking_part

    rows = rows_as(client, world, who)

    assert rows[world.quiet.id]["full_name"] == "Quiet Ekiru Lomuria"
    assert rows[world.named.id]["full_name"] == "Named Rose Chelimo"
    reader = world.users[who]
    assert name_reads(world.quiet.id, reader) == name_reads(world.named.id, reader) == 0


@pytest.mark.parametrize("who", ["coordinator", "funder"])
def test_outsider_reads_alias_sector_proximity_but_no_pseudonymous_name(
    client: FlaskClient, taking_part: World, who: str
) -> None:
    world = taking_part

    response = client.get(url(world, "participations"), headers=world.headers[who])

    row = {r["person_id"]: r for r in response.get_json()}[world.quiet.id]
    assert (row["alias"], row["sector"], row["proximity"]) == (world.quiet.alias, "youth", 1)
    assert "full_name" not in row
    assert "Quiet" not in response.get_data(as_text=True)
    assert name_reads(world.quiet.id, world.users[who]) == 0


@pytest.mark.parametrize("who", ["coordinator", "funder"])
def test_outsider_reads_a_named_persons_full_name_and_each_read_is_audited(
    client: FlaskClient, taking_part: World, who: str
) -> None:
    world = taking_part

    first = rows_as(client, world, who)
    rows_as(client, world, who)

    assert first[world.named.id]["full_name"] == "Named Rose Chelimo"
    assert name_reads(world.named.id, world.users[who]) == 2


def test_audited_name_read_holds_no_name(client: FlaskClient, taking_part: World) -> None:
    world = taking_part
    rows_as(client, world, "coordinator")

    db.session.rollback()
    event = db.session.scalar(
        sa.select(AuditEvent).where(AuditEvent.action == "person.read_full_name")
    )
    text = repr((event.actor_label, event.object_type, event.details))
    assert "Rose" not in text and "Chelimo" not in text


def test_coordinator_with_an_approved_reveal_reads_the_name_audited(
    client: FlaskClient, taking_part: World
) -> None:
    world = taking_part
    asked = client.post(
        f"/api/v1/people/{world.quiet.id}/reveal-requests",
        json={"reason": "Vetting before the meeting in Kabarnet"},
        headers=world.headers["coordinator"],
    )
    assert asked.status_code == 201, asked.get_json()
    before = rows_as(client, world, "coordinator")
    answered = client.patch(
        f"/api/v1/reveal-requests/{asked.get_json()['id']}",
        json={"status": "approved"},
        headers=world.headers["org_admin"],
    )
    assert answered.status_code == 200, answered.get_json()

    after = rows_as(client, world, "coordinator")

    assert "full_name" not in before[world.quiet.id]
    assert after[world.quiet.id]["full_name"] == "Quiet Ekiru Lomuria"
    assert name_reads(world.quiet.id, world.users["coordinator"]) == 1


def test_a_refused_reveal_shows_no_name(client: FlaskClient, taking_part: World) -> None:
    world = taking_part
    asked = client.post(
        f"/api/v1/people/{world.quiet.id}/reveal-requests",
        json={"reason": "Vetting"},
        headers=world.headers["coordinator"],
    ).get_json()
    client.patch(
        f"/api/v1/reveal-requests/{asked['id']}",
        json={"status": "refused"},
        headers=world.headers["org_admin"],
    )

    rows = rows_as(client, world, "coordinator")

    assert "full_name" not in rows[world.quiet.id]
    assert name_reads(world.quiet.id, world.users["coordinator"]) == 0


def test_a_reveal_for_one_coordinator_shows_nothing_to_the_funder(
    client: FlaskClient, taking_part: World
) -> None:
    world = taking_part
    asked = client.post(
        f"/api/v1/people/{world.quiet.id}/reveal-requests",
        json={"reason": "Vetting"},
        headers=world.headers["coordinator"],
    ).get_json()
    client.patch(
        f"/api/v1/reveal-requests/{asked['id']}",
        json={"status": "approved"},
        headers=world.headers["org_admin"],
    )

    rows = rows_as(client, world, "funder")

    assert "full_name" not in rows[world.quiet.id]


@pytest.mark.parametrize("who", ["member", "other_coordinator"])
@pytest.mark.parametrize("rows", ["participations", "channels", "transfers"])
def test_rows_of_a_restricted_initiative_answer_404_to_members(
    client: FlaskClient, taking_part: World, who: str, rows: str
) -> None:
    world = taking_part

    response = client.get(url(world, rows), headers=world.headers[who])

    assert_error(response, 404)
    assert "Named" not in response.get_data(as_text=True)


def test_rows_of_a_registry_initiative_answer_404_to_members(
    client: FlaskClient, world: World
) -> None:
    participate(world.visible.id, world.named.id)

    response = client.get(
        url(world, "participations", world.visible), headers=world.headers["member"]
    )

    assert_error(response, 404)
    assert name_reads(world.named.id, world.users["member"]) == 0


# Channels


def test_add_channel_without_date_is_established_today(client: FlaskClient, world: World) -> None:
    response = client.post(
        url(world, "channels"),
        json={"track_one_body_id": world.where.body.id, "mechanism": "written_submission"},
        headers=world.headers["sponsor"],
    )

    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["established_on"] == datetime.now(UTC).date().isoformat()
    assert body["via_person_id"] is None
    assert body["initiative_id"] == world.initiative.id


def test_add_channel_via_a_participant_answers_201(client: FlaskClient, world: World) -> None:
    participate(world.initiative.id, world.quiet.id)

    response = client.post(
        url(world, "channels"),
        json={
            "track_one_body_id": world.where.body.id,
            "mechanism": "participant_official_role",
            "via_person_id": world.quiet.id,
            "established_on": "2026-02-01",
        },
        headers=world.headers["sponsor"],
    )

    assert response.status_code == 201, response.get_json()
    assert response.get_json()["established_on"] == "2026-02-01"


def test_add_channel_via_a_non_participant_answers_422_naming_via_person_id(
    client: FlaskClient, world: World
) -> None:
    participate(world.visible.id, world.quiet.id)  # takes part in another initiative only

    response = client.post(
        url(world, "channels"),
        json={
            "track_one_body_id": world.where.body.id,
            "mechanism": "direct_briefing",
            "via_person_id": world.quiet.id,
        },
        headers=world.headers["sponsor"],
    )

    assert_error(response, 422, "via_person_id")
    assert count(TransferChannel) == 0


def test_add_channel_to_a_body_of_another_conflict_answers_422_naming_track_one_body_id(
    client: FlaskClient, world: World
) -> None:
    response = client.post(
        url(world, "channels"),
        json={"track_one_body_id": world.elsewhere.body.id, "mechanism": "direct_briefing"},
        headers=world.headers["sponsor"],
    )

    assert_error(response, 422, "track_one_body_id")
    assert count(TransferChannel) == 0


def test_add_channel_with_unknown_mechanism_answers_422(client: FlaskClient, world: World) -> None:
    response = client.post(
        url(world, "channels"),
        json={"track_one_body_id": world.where.body.id, "mechanism": "pigeon"},
        headers=world.headers["sponsor"],
    )

    assert_error(response, 422, "mechanism")


def test_add_channel_by_the_coordinator_answers_403(client: FlaskClient, world: World) -> None:
    response = client.post(
        url(world, "channels"),
        json={"track_one_body_id": world.where.body.id, "mechanism": "direct_briefing"},
        headers=world.headers["coordinator"],
    )

    assert_error(response, 403)


def test_list_channels_answers_the_initiatives_channels(client: FlaskClient, world: World) -> None:
    made = channel(world.initiative.id, world.where.body.id)
    channel(world.visible.id, world.where.body.id)

    response = client.get(url(world, "channels"), headers=world.headers["funder"])

    assert [row["id"] for row in response.get_json()] == [made.id]


def test_delete_unused_channel_answers_204(client: FlaskClient, world: World) -> None:
    made = channel(world.initiative.id, world.where.body.id)

    response = client.delete(f"/api/v1/channels/{made.id}", headers=world.headers["sponsor"])

    assert response.status_code == 204
    assert count(TransferChannel) == 0


def test_delete_channel_with_transfers_answers_409(client: FlaskClient, world: World) -> None:
    made = channel(world.initiative.id, world.where.body.id)
    transfers.create(
        SYSTEM,
        world.initiative.id,
        build(
            TransferInput,
            {
                "channel_id": made.id,
                "title": "Memo",
                "kind": "briefing",
                "delivered_on": date.today(),
            },
        ),
    )

    response = client.delete(f"/api/v1/channels/{made.id}", headers=world.headers["sponsor"])

    assert_error(response, 409)
    assert count(TransferChannel) == 1


def test_delete_channel_of_a_hidden_initiative_answers_404(
    client: FlaskClient, world: World
) -> None:
    made = channel(world.initiative.id, world.where.body.id)

    response = client.delete(f"/api/v1/channels/{made.id}", headers=world.headers["member"])

    assert_error(response, 404)
    assert count(TransferChannel) == 1


# Transfers


@pytest.fixture
def route(world: World) -> Any:
    """Return a channel of the restricted initiative."""
    return channel(world.initiative.id, world.where.body.id)


def new_transfer(route: Any, **data: Any) -> dict[str, Any]:
    return {
        "channel_id": route.id,
        "title": "Framework on grazing corridors",
        "kind": "framework",
        "delivered_on": "2026-03-15",
        **data,
    }


def test_add_transfer_is_claimed_by_default(client: FlaskClient, world: World, route: Any) -> None:
    response = client.post(
        url(world, "transfers"),
        json=new_transfer(route, issue_ids=[world.where.issue.id]),
        headers=world.headers["sponsor"],
    )

    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["evidence"] == "claimed"
    assert body["issue_ids"] == [world.where.issue.id]
    assert body["version"] == 1


def test_add_transfer_claiming_more_than_claimed_is_refused(
    client: FlaskClient, world: World, route: Any
) -> None:
    response = client.post(
        url(world, "transfers"),
        json=new_transfer(route, evidence="documented_uptake"),
        headers=world.headers["sponsor"],
    )

    assert response.status_code in (403, 422), response.get_json()
    assert count(TransferEvent) == 0


def test_add_transfer_through_another_initiatives_channel_answers_422_naming_channel_id(
    client: FlaskClient, world: World
) -> None:
    foreign_route = channel(world.visible.id, world.where.body.id)

    response = client.post(
        url(world, "transfers"), json=new_transfer(foreign_route), headers=world.headers["sponsor"]
    )

    assert_error(response, 422, "channel_id")


def test_add_transfer_on_issue_of_another_conflict_answers_422_naming_issue_ids(
    client: FlaskClient, world: World, route: Any
) -> None:
    response = client.post(
        url(world, "transfers"),
        json=new_transfer(route, issue_ids=[world.elsewhere.issue.id]),
        headers=world.headers["sponsor"],
    )

    assert_error(response, 422, "issue_ids")


@pytest.fixture
def delivered(world: World, route: Any) -> TransferEvent:
    return transfers.create(
        SYSTEM,
        world.initiative.id,
        build(
            TransferInput,
            {
                "channel_id": route.id,
                "title": "Memo",
                "kind": "briefing",
                "delivered_on": date.today(),
            },
        ),
    )


def evidence_of(transfer_id: int) -> str:
    db.session.rollback()
    db.session.expire_all()
    return db.session.get(TransferEvent, transfer_id).evidence


def test_sponsor_raising_the_evidence_answers_403(
    client: FlaskClient, world: World, delivered: TransferEvent
) -> None:
    response = client.patch(
        f"/api/v1/transfers/{delivered.id}",
        json={"evidence": "acknowledged"},
        headers=world.headers["sponsor"],
    )

    assert_error(response, 403)
    assert evidence_of(delivered.id) == "claimed"


@pytest.mark.parametrize("level", ["acknowledged", "documented_uptake"])
def test_coordinator_raising_the_evidence_answers_200(
    client: FlaskClient, world: World, delivered: TransferEvent, level: str
) -> None:
    response = client.patch(
        f"/api/v1/transfers/{delivered.id}",
        json={"evidence": level},
        headers={**world.headers["coordinator"], "If-Match": "1"},
    )

    assert response.status_code == 200, response.get_json()
    assert response.get_json()["evidence"] == level
    assert response.get_json()["version"] == 2
    assert evidence_of(delivered.id) == level


def test_coordinator_editing_the_sponsors_fields_answers_403(
    client: FlaskClient, world: World, delivered: TransferEvent
) -> None:
    response = client.patch(
        f"/api/v1/transfers/{delivered.id}",
        json={"title": "Rewritten"},
        headers=world.headers["coordinator"],
    )

    assert_error(response, 403)


def test_coordinator_of_another_conflict_raising_the_evidence_answers_404(
    client: FlaskClient, world: World, delivered: TransferEvent
) -> None:
    response = client.patch(
        f"/api/v1/transfers/{delivered.id}",
        json={"evidence": "acknowledged"},
        headers=world.headers["other_coordinator"],
    )

    assert_error(response, 404)
    assert evidence_of(delivered.id) == "claimed"


def test_funder_raising_the_evidence_answers_403(
    client: FlaskClient, world: World, delivered: TransferEvent
) -> None:
    response = client.patch(
        f"/api/v1/transfers/{delivered.id}",
        json={"evidence": "acknowledged"},
        headers=world.headers["funder"],
    )

    assert_error(response, 403)


def test_sponsor_editing_the_title_answers_200(
    client: FlaskClient, world: World, delivered: TransferEvent
) -> None:
    response = client.patch(
        f"/api/v1/transfers/{delivered.id}",
        json={"title": "Memo on corridors"},
        headers=world.headers["sponsor"],
    )

    assert response.status_code == 200, response.get_json()
    assert response.get_json()["title"] == "Memo on corridors"
    assert response.get_json()["evidence"] == "claimed"


def test_patch_transfer_with_stale_version_answers_412(
    client: FlaskClient, world: World, delivered: TransferEvent
) -> None:
    response = client.patch(
        f"/api/v1/transfers/{delivered.id}",
        json={"evidence": "acknowledged", "version": 4},
        headers=world.headers["coordinator"],
    )

    assert_error(response, 412)
    assert evidence_of(delivered.id) == "claimed"
