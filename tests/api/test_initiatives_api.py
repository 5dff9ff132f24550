"""Initiatives through /api/v1: defaults, integrity rules, filters, pages, visibility, versions."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from registry.extensions import db
from registry.models import Initiative
from registry.services import initiatives, transfers
from registry.services.inputs import build
from registry.services.inputs.engagement import TransferInput
from registry.services.inputs.initiatives import InitiativeChanges
from tests.factories import (
    SYSTEM,
    InitiativeFactory,
    initiative_on,
    one_transaction,
    reference,
)
from tests.helpers import assert_error, stored
from tests.world import World, build_world, initiative, member, org, person

LEVELS = ("public", "registry", "restricted", "sealed")
PUBLIC_FIELDS = {
    "id",
    "title",
    "sponsor_id",
    "conflict_id",
    "issue_ids",
    "region_ids",
    "status",
    "start_date",
    "end_date",
    "track",
    "mode",
}
ALL_FIELDS = PUBLIC_FIELDS | {
    "created_at",
    "updated_at",
    "version",
    "summary",
    "funder_ids",
    "method",
    "intra_party",
    "confidentiality",
    "external_id",
    "track_one_body_ids",
    "participant_counts",
}
LISTS = ("participations", "channels", "transfers")
MISSING = 999_999


@pytest.fixture
def world(app: Flask) -> World:
    """An NGO with one funded initiative per level, each with a participant, channel, transfer.

    by_level: the initiative of each confidentiality level; headers by reader.
    """
    made = build_world(
        scopes=("where", "elsewhere"),
        organisations={
            "ngo": org(),
            "other": org(),
            "donor": org("donor"),
            "hub": org("coordination_body"),
            "ops": org("other"),
        },
        initiatives={
            level: initiative(
                "ngo", funders=("donor",), confidentiality=level, title=f"{level.title()} dialogue"
            )
            for level in LEVELS
        },
        people={"person": person("ngo", LEVELS, party=True, sector="youth")},
        channels={f"{level} channel": level for level in LEVELS},
        users={
            "coordinator": member("hub", role="viewer", coordinates=("where",)),
            "sponsor": member("ngo"),
            "viewer": member("ngo", role="viewer"),
            "member": member("other"),
            "funder": member("donor", role="viewer"),
            "operator": member("ops", role="platform_admin"),
        },
    )
    with one_transaction():
        for level in LEVELS:
            transfers.create(
                SYSTEM,
                made.initiatives[level].id,
                build(
                    TransferInput,
                    {
                        "channel_id": made.channels[f"{level} channel"].id,
                        "title": "Proposal",
                        "kind": "proposal",
                        "delivered_on": date(2026, 2, 1),
                    },
                ),
            )
    return made.adding(by_level=made.initiatives)


def new_initiative(world: World, **data: Any) -> dict[str, Any]:
    """Return the body of a POST /initiatives with only the required fields, and overrides."""
    return {
        "conflict_id": world.where.conflict.id,
        "title": "Water-sharing dialogue",
        "track": "2",
        "mode": "hard",
        "method": "problem_solving_workshop",
        "status": "planned",
        "issue_ids": [world.where.issue.id],
        **data,
    }


def get(client: FlaskClient, world: World, who: str, url: str, **query: Any) -> Any:
    return client.get(url, headers=world.headers[who], query_string=query)


# POST /initiatives


def test_create_with_required_fields_only_fills_the_spec_defaults(
    client: FlaskClient, world: World
) -> None:
    response = client.post(
        "/api/v1/initiatives", json=new_initiative(world), headers=world.headers["sponsor"]
    )

    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert set(body) == ALL_FIELDS
    assert body["sponsor_id"] == world.ngo.id
    assert body["confidentiality"] == "registry"
    assert body["intra_party"] is False
    assert body["funder_ids"] == [] and body["region_ids"] == []
    assert body["summary"] is None and body["external_id"] is None
    assert body["start_date"] is None and body["end_date"] is None
    assert body["track_one_body_ids"] == []
    assert body["participant_counts"] == {"by_party": {}, "by_sector": {}}
    assert body["version"] == 1
    assert body["issue_ids"] == [world.where.issue.id]


def test_create_with_own_sponsor_id_answers_201(client: FlaskClient, world: World) -> None:
    response = client.post(
        "/api/v1/initiatives",
        json=new_initiative(world, sponsor_id=world.ngo.id),
        headers=world.headers["sponsor"],
    )

    assert response.status_code == 201, response.get_json()


def test_create_with_another_sponsor_id_answers_422_naming_sponsor_id(
    client: FlaskClient, world: World
) -> None:
    response = client.post(
        "/api/v1/initiatives",
        json=new_initiative(world, sponsor_id=world.other.id),
        headers=world.headers["sponsor"],
    )

    assert_error(response, 422, "sponsor_id")
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Initiative)) == 4


def test_create_with_start_after_end_answers_422(client: FlaskClient, world: World) -> None:
    response = client.post(
        "/api/v1/initiatives",
        json=new_initiative(world, start_date="2026-05-02", end_date="2026-05-01"),
        headers=world.headers["sponsor"],
    )

    assert_error(response, 422, "end_date")


def test_create_with_open_dates_either_side_answers_201(client: FlaskClient, world: World) -> None:
    for dates in ({"start_date": "2026-05-02"}, {"end_date": "2026-05-01"}):
        response = client.post(
            "/api/v1/initiatives",
            json=new_initiative(world, **dates),
            headers=world.headers["sponsor"],
        )
        assert response.status_code == 201, response.get_json()


def test_create_with_issue_of_another_conflict_answers_422_naming_issue_ids(
    client: FlaskClient, world: World
) -> None:
    response = client.post(
        "/api/v1/initiatives",
        json=new_initiative(world, issue_ids=[world.where.issue.id, world.elsewhere.issue.id]),
        headers=world.headers["sponsor"],
    )

    assert_error(response, 422, "issue_ids")


def test_create_with_region_of_another_conflict_answers_422_naming_region_ids(
    client: FlaskClient, world: World
) -> None:
    response = client.post(
        "/api/v1/initiatives",
        json=new_initiative(world, region_ids=[world.elsewhere.region.id]),
        headers=world.headers["sponsor"],
    )

    assert_error(response, 422, "region_ids")


def test_create_without_issues_answers_422_naming_issue_ids(
    client: FlaskClient, world: World
) -> None:
    response = client.post(
        "/api/v1/initiatives",
        json=new_initiative(world, issue_ids=[]),
        headers=world.headers["sponsor"],
    )

    assert_error(response, 422, "issue_ids")


def test_create_with_taken_external_id_answers_422_naming_external_id(
    client: FlaskClient, world: World
) -> None:
    first = new_initiative(world, external_id="NGO-17")
    client.post("/api/v1/initiatives", json=first, headers=world.headers["sponsor"])

    response = client.post(
        "/api/v1/initiatives", json={**first, "title": "Other"}, headers=world.headers["sponsor"]
    )

    assert_error(response, 422, "external_id")


@pytest.mark.parametrize("field", ["title", "track", "mode", "method", "status", "conflict_id"])
def test_create_without_a_required_field_answers_422_naming_it(
    client: FlaskClient, world: World, field: str
) -> None:
    body = new_initiative(world)
    del body[field]

    response = client.post("/api/v1/initiatives", json=body, headers=world.headers["sponsor"])

    assert_error(response, 422, field)


def test_create_with_unknown_field_answers_422_naming_it(client: FlaskClient, world: World) -> None:
    response = client.post(
        "/api/v1/initiatives",
        json=new_initiative(world, budget=1000),
        headers=world.headers["sponsor"],
    )

    assert_error(response, 422, "budget")


def test_create_as_viewer_answers_403(client: FlaskClient, world: World) -> None:
    response = client.post(
        "/api/v1/initiatives", json=new_initiative(world), headers=world.headers["viewer"]
    )

    assert_error(response, 403)


def test_create_anonymously_answers_401(client: FlaskClient, world: World) -> None:
    assert_error(client.post("/api/v1/initiatives", json=new_initiative(world)), 401)


# GET /initiatives: filters and pages


def ids_of(response: Any) -> set[int]:
    assert response.status_code == 200, response.get_json()
    return {item["id"] for item in response.get_json()}


@pytest.fixture
def spread(world: World) -> dict[str, Any]:
    """Add registry initiatives varying in conflict, sponsor, status and issue."""
    with one_transaction():
        second_issue = reference("issue", world.where.conflict.id)
        return {
            "elsewhere": initiative_on(world.elsewhere, world.ngo.id),
            "other": initiative_on(world.where, world.other.id, status="planned"),
            "second_issue": InitiativeFactory(
                conflict_id=world.where.conflict.id,
                sponsor_id=world.other.id,
                issue_ids=[second_issue.id],
            ),
            "issue": second_issue,
        }


def test_filter_by_conflict_id_keeps_that_conflict(
    client: FlaskClient, world: World, spread: dict[str, Any]
) -> None:
    url = "/api/v1/initiatives"
    got = ids_of(get(client, world, "member", url, conflict_id=str(world.elsewhere.conflict.id)))

    assert got == {spread["elsewhere"].id}


def test_filter_by_sponsor_id_keeps_that_sponsor(
    client: FlaskClient, world: World, spread: dict[str, Any]
) -> None:
    got = ids_of(get(client, world, "member", "/api/v1/initiatives", sponsor_id=world.other.id))

    assert got == {spread["other"].id, spread["second_issue"].id}


def test_filter_by_status_keeps_that_status(
    client: FlaskClient, world: World, spread: dict[str, Any]
) -> None:
    got = ids_of(get(client, world, "member", "/api/v1/initiatives", status="planned"))

    assert got == {spread["other"].id}


def test_filter_by_issue_id_keeps_initiatives_covering_it(
    client: FlaskClient, world: World, spread: dict[str, Any]
) -> None:
    got = ids_of(get(client, world, "member", "/api/v1/initiatives", issue_id=spread["issue"].id))

    assert got == {spread["second_issue"].id}


def test_filters_combine(client: FlaskClient, world: World, spread: dict[str, Any]) -> None:
    got = ids_of(
        get(
            client,
            world,
            "member",
            "/api/v1/initiatives",
            conflict_id=world.where.conflict.id,
            sponsor_id=world.ngo.id,
            status="active",
        )
    )

    assert got == {world.by_level["public"].id, world.by_level["registry"].id}


@pytest.mark.parametrize(
    ("name", "value"),
    [("status", "ongoing"), ("conflict_id", "abc"), ("issue_id", "0"), ("page_size", "x")],
)
def test_list_with_bad_filter_answers_422_naming_it(
    client: FlaskClient, world: World, name: str, value: str
) -> None:
    assert_error(get(client, world, "member", "/api/v1/initiatives", **{name: value}), 422, name)


def test_list_pages_by_50_by_default_with_x_pagination(client: FlaskClient, world: World) -> None:
    with one_transaction():
        for _ in range(51):
            initiative_on(world.where, world.other.id)

    response = get(client, world, "member", "/api/v1/initiatives")

    assert response.status_code == 200
    assert len(response.get_json()) == 50
    header = json.loads(response.headers["X-Pagination"])
    assert header["total"] == 53  # 51 + the NGO's public and registry ones
    assert header["total_pages"] == 2 and header["next_page"] == 2

    second = get(client, world, "member", "/api/v1/initiatives", page=2)
    assert len(second.get_json()) == 3
    assert json.loads(second.headers["X-Pagination"])["page"] == 2
    assert ids_of(response).isdisjoint(ids_of(second))


def test_list_with_page_size_answers_that_many(client: FlaskClient, world: World) -> None:
    response = get(client, world, "sponsor", "/api/v1/initiatives", page_size=3)

    assert len(response.get_json()) == 3
    assert json.loads(response.headers["X-Pagination"])["total"] == 4


def test_list_with_page_size_500_answers_200(client: FlaskClient, world: World) -> None:
    assert get(client, world, "sponsor", "/api/v1/initiatives", page_size=500).status_code == 200


def test_list_with_page_size_501_answers_422_naming_page_size(
    client: FlaskClient, world: World
) -> None:
    response = get(client, world, "sponsor", "/api/v1/initiatives", page_size=501)

    assert_error(response, 422, "page_size")


def test_list_with_page_0_answers_422_naming_page(client: FlaskClient, world: World) -> None:
    assert_error(get(client, world, "sponsor", "/api/v1/initiatives", page=0), 422, "page")


# Visibility per relation (SPEC section 3)

# reader -> the levels they see, and with which fields
LIST_EXPECTED = {
    "sponsor": set(LEVELS),
    "viewer": set(LEVELS),
    "coordinator": set(LEVELS),
    "funder": {"public", "registry", "restricted"},
    "member": {"public", "registry"},
    "operator": {"public", "registry"},
    "anonymous": {"public"},
}


@pytest.mark.parametrize("who", sorted(LIST_EXPECTED))
def test_list_holds_exactly_the_initiatives_the_reader_may_see(
    client: FlaskClient, world: World, who: str
) -> None:
    got = ids_of(get(client, world, who, "/api/v1/initiatives"))

    assert got == {world.by_level[level].id for level in LIST_EXPECTED[who]}
    total = json.loads(get(client, world, who, "/api/v1/initiatives").headers["X-Pagination"])
    assert total["total"] == len(LIST_EXPECTED[who])


@pytest.mark.parametrize("who", ["sponsor", "coordinator", "funder", "member", "operator"])
@pytest.mark.parametrize("level", ["public", "registry"])
def test_show_to_signed_in_readers_answers_every_field(
    client: FlaskClient, world: World, who: str, level: str
) -> None:
    body = get(client, world, who, f"/api/v1/initiatives/{world.by_level[level].id}").get_json()

    assert set(body) == ALL_FIELDS
    assert body["funder_ids"] == [world.donor.id]
    assert body["track_one_body_ids"] == [world.where.body.id]
    assert body["participant_counts"] == {
        "by_party": {str(world.where.party.id): 1},
        "by_sector": {"youth": 1},
    }


def test_show_public_initiative_anonymously_answers_exactly_the_public_fields(
    client: FlaskClient, world: World
) -> None:
    initiative = world.by_level["public"]

    response = get(client, world, "anonymous", f"/api/v1/initiatives/{initiative.id}")

    assert response.status_code == 200
    body = response.get_json()
    assert set(body) == PUBLIC_FIELDS
    assert body["title"] == "Public dialogue"
    assert body["sponsor_id"] == world.ngo.id


def test_list_anonymously_answers_exactly_the_public_fields(
    client: FlaskClient, world: World
) -> None:
    body = get(client, world, "anonymous", "/api/v1/initiatives").get_json()

    assert [set(item) for item in body] == [PUBLIC_FIELDS]


@pytest.mark.parametrize("who", ["member", "operator"])
@pytest.mark.parametrize("level", ["public", "registry"])
@pytest.mark.parametrize("rows", LISTS)
def test_member_reading_participants_channels_or_transfers_answers_404(
    client: FlaskClient, world: World, who: str, level: str, rows: str
) -> None:
    initiative = world.by_level[level]

    response = get(client, world, who, f"/api/v1/initiatives/{initiative.id}/{rows}")
    missing = get(client, world, who, f"/api/v1/initiatives/{MISSING}/{rows}")

    assert_error(response, 404)
    assert response.get_json() == missing.get_json()


@pytest.mark.parametrize("who", ["sponsor", "coordinator", "funder"])
@pytest.mark.parametrize("rows", LISTS)
def test_everything_readers_read_participants_channels_and_transfers(
    client: FlaskClient, world: World, who: str, rows: str
) -> None:
    initiative = world.by_level["restricted"]

    response = get(client, world, who, f"/api/v1/initiatives/{initiative.id}/{rows}")

    assert response.status_code == 200, response.get_json()
    assert len(response.get_json()) == 1


HIDDEN = [
    ("anonymous", "registry"),
    ("anonymous", "restricted"),
    ("anonymous", "sealed"),
    ("member", "restricted"),
    ("member", "sealed"),
    ("operator", "restricted"),
    ("operator", "sealed"),
    ("funder", "sealed"),
]


@pytest.mark.parametrize(("who", "level"), HIDDEN)
@pytest.mark.parametrize("suffix", ["", *(f"/{rows}" for rows in LISTS)])
def test_hidden_initiative_reads_exactly_like_a_missing_one(
    client: FlaskClient, world: World, who: str, level: str, suffix: str
) -> None:
    hidden = get(client, world, who, f"/api/v1/initiatives/{world.by_level[level].id}{suffix}")
    missing = get(client, world, who, f"/api/v1/initiatives/{MISSING}{suffix}")

    assert (hidden.status_code, hidden.get_json()) == (missing.status_code, missing.get_json())
    assert hidden.status_code in (401, 404)
    assert hidden.headers.get("X-Pagination") == missing.headers.get("X-Pagination")


@pytest.mark.parametrize(("who", "level"), [h for h in HIDDEN if h[0] != "anonymous"])
def test_writes_to_a_hidden_initiative_answer_exactly_like_a_missing_one(
    client: FlaskClient, world: World, who: str, level: str
) -> None:
    headers = world.headers[who]
    hidden_id = world.by_level[level].id
    for method, body in (("patch", {"title": "Mine now"}), ("delete", None)):
        call = getattr(client, method)
        hidden = call(f"/api/v1/initiatives/{hidden_id}", json=body, headers=headers)
        missing = call(f"/api/v1/initiatives/{MISSING}", json=body, headers=headers)

        assert (hidden.status_code, hidden.get_json()) == (404, missing.get_json())
    assert stored(Initiative, hidden_id) is not None
    assert stored(Initiative, hidden_id).title != "Mine now"


# PATCH /initiatives/{id}


@pytest.fixture
def at_version_3(world: World) -> Initiative:
    """Return the registry initiative after two edits (version 3)."""
    initiative = world.by_level["registry"]
    initiatives.update(SYSTEM, initiative.id, build(InitiativeChanges, {"summary": "First edit"}))
    initiatives.update(SYSTEM, initiative.id, build(InitiativeChanges, {"summary": "Second edit"}))
    assert stored(Initiative, initiative.id).version == 3
    return initiative


@pytest.mark.parametrize("if_match", ["3", '"3"', 'W/"3"'])
def test_patch_with_current_if_match_answers_200_and_a_new_version(
    client: FlaskClient, world: World, at_version_3: Initiative, if_match: str
) -> None:
    response = client.patch(
        f"/api/v1/initiatives/{at_version_3.id}",
        json={"status": "paused"},
        headers={**world.headers["sponsor"], "If-Match": if_match},
    )

    assert response.status_code == 200, response.get_json()
    assert response.get_json()["status"] == "paused"
    assert response.get_json()["version"] == 4


@pytest.mark.parametrize("if_match", ["2", '"2"', 'W/"2"', "4"])
def test_patch_with_stale_if_match_answers_412_and_changes_nothing(
    client: FlaskClient, world: World, at_version_3: Initiative, if_match: str
) -> None:
    response = client.patch(
        f"/api/v1/initiatives/{at_version_3.id}",
        json={"status": "paused"},
        headers={**world.headers["sponsor"], "If-Match": if_match},
    )

    assert_error(response, 412)
    assert stored(Initiative, at_version_3.id).status == "active"
    assert stored(Initiative, at_version_3.id).version == 3


def test_patch_with_current_version_in_body_answers_200(
    client: FlaskClient, world: World, at_version_3: Initiative
) -> None:
    response = client.patch(
        f"/api/v1/initiatives/{at_version_3.id}",
        json={"status": "paused", "version": 3},
        headers=world.headers["sponsor"],
    )

    assert response.status_code == 200, response.get_json()
    assert response.get_json()["version"] == 4


def test_patch_with_stale_version_in_body_answers_412(
    client: FlaskClient, world: World, at_version_3: Initiative
) -> None:
    response = client.patch(
        f"/api/v1/initiatives/{at_version_3.id}",
        json={"status": "paused", "version": 2},
        headers=world.headers["sponsor"],
    )

    assert_error(response, 412)
    assert stored(Initiative, at_version_3.id).status == "active"


def test_patch_without_a_version_answers_200(
    client: FlaskClient, world: World, at_version_3: Initiative
) -> None:
    response = client.patch(
        f"/api/v1/initiatives/{at_version_3.id}",
        json={"title": "Renamed"},
        headers=world.headers["sponsor"],
    )

    assert response.status_code == 200, response.get_json()
    assert stored(Initiative, at_version_3.id).title == "Renamed"


def test_patch_making_start_after_end_answers_422(client: FlaskClient, world: World) -> None:
    initiative = world.by_level["registry"]  # starts 2026-01-01

    response = client.patch(
        f"/api/v1/initiatives/{initiative.id}",
        json={"end_date": "2025-12-31"},
        headers=world.headers["sponsor"],
    )

    assert_error(response, 422, "end_date")
    assert stored(Initiative, initiative.id).end_date is None


def test_patch_with_issue_of_another_conflict_answers_422_naming_issue_ids(
    client: FlaskClient, world: World
) -> None:
    initiative = world.by_level["registry"]

    response = client.patch(
        f"/api/v1/initiatives/{initiative.id}",
        json={"issue_ids": [world.elsewhere.issue.id]},
        headers=world.headers["sponsor"],
    )

    assert_error(response, 422, "issue_ids")
    assert stored(Initiative, initiative.id).issue_ids == [world.where.issue.id]


def test_patch_to_another_sponsor_answers_422_naming_sponsor_id(
    client: FlaskClient, world: World
) -> None:
    initiative = world.by_level["registry"]

    response = client.patch(
        f"/api/v1/initiatives/{initiative.id}",
        json={"sponsor_id": world.other.id},
        headers=world.headers["sponsor"],
    )

    assert_error(response, 422, "sponsor_id")
    assert stored(Initiative, initiative.id).sponsor_id == world.ngo.id


@pytest.mark.parametrize(("who", "level"), [("member", "registry"), ("viewer", "sealed")])
def test_patch_by_one_who_sees_it_but_may_not_edit_answers_403(
    client: FlaskClient, world: World, who: str, level: str
) -> None:
    initiative = world.by_level[level]

    response = client.patch(
        f"/api/v1/initiatives/{initiative.id}",
        json={"title": "Mine now"},
        headers=world.headers[who],
    )

    assert_error(response, 403)
    assert stored(Initiative, initiative.id).title != "Mine now"


def test_patch_anonymously_answers_401(client: FlaskClient, world: World) -> None:
    response = client.patch(
        f"/api/v1/initiatives/{world.by_level['public'].id}", json={"title": "Mine now"}
    )

    assert_error(response, 401)


# DELETE /initiatives/{id}


def test_delete_by_sponsor_editor_answers_204_and_removes_what_hangs_from_it(
    client: FlaskClient, world: World
) -> None:
    initiative_id = world.by_level["sealed"].id

    response = client.delete(
        f"/api/v1/initiatives/{initiative_id}", headers=world.headers["sponsor"]
    )

    assert response.status_code == 204
    assert response.get_data() == b""
    assert stored(Initiative, initiative_id) is None
    again = client.get(f"/api/v1/initiatives/{initiative_id}", headers=world.headers["sponsor"])
    assert_error(again, 404)


@pytest.mark.parametrize(
    ("who", "level"),
    [
        ("member", "public"),
        ("member", "registry"),
        ("operator", "registry"),
        ("viewer", "registry"),
        ("funder", "restricted"),
        ("coordinator", "sealed"),
    ],
)
def test_delete_by_one_who_sees_it_but_may_not_edit_answers_403(
    client: FlaskClient, world: World, who: str, level: str
) -> None:
    initiative_id = world.by_level[level].id

    response = client.delete(f"/api/v1/initiatives/{initiative_id}", headers=world.headers[who])

    assert_error(response, 403)
    assert stored(Initiative, initiative_id) is not None


def test_delete_anonymously_answers_401(client: FlaskClient, world: World) -> None:
    response = client.delete(f"/api/v1/initiatives/{world.by_level['public'].id}")

    assert_error(response, 401)
    assert stored(Initiative, world.by_level["public"].id) is not None
