"""The API's conventions (SPEC 6.2): idempotent POSTs, media types, sizes, 401s, error bodies."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from registry.extensions import db
from registry.models import (
    Conflict,
    CoordinationLink,
    DesignatedEntity,
    IdempotencyRecord,
    Initiative,
    Issue,
    Organisation,
    Participation,
    Person,
    RevealRequest,
    TransferChannel,
    TransferEvent,
    User,
)
from tests.factories import (
    UserFactory,
    editor_of,
)
from tests.helpers import PASSWORD, assert_error, bearer_for, count
from tests.world import World, build_world, initiative, member, org, person


@pytest.fixture
def world(app: Flask) -> World:
    """An NGO with an initiative, a participant and a channel; another NGO; an admin."""
    return build_world(
        organisations={
            "ngo": org(),
            "other": org(),
            "hub": org("coordination_body"),
            "ops": org("other"),
        },
        initiatives={
            "initiative": initiative("ngo"),
            "theirs": initiative("other"),  # another NGO's initiative on the same conflict
            "third": initiative("other"),  # a third initiative on the conflict
        },
        people={
            "person": person("ngo", ("initiative",)),
            "spare": person("ngo"),  # takes part in nothing
            "spare_too": person("ngo"),
        },
        channels={"route": "initiative"},
        users={
            "coordinator": member("hub", role="viewer", coordinates=("where",)),
            "editor": member("ngo"),
            "org_admin": member("ngo", role="org_admin"),
            "operator": member("ops", role="platform_admin"),
        },
    )


# Idempotency-Key on every creating POST (SPEC 6.2)


@dataclass(frozen=True)
class Creation:
    """A creating POST: where, what body, as whom, and the model whose rows it adds."""

    url: Callable[[World], str]
    body: Callable[[World], dict[str, Any]]
    who: str
    model: type


CREATIONS = {
    "conflict": Creation(
        lambda w: "/api/v1/conflicts",
        lambda w: {
            "slug": "new-one",
            "name": "New one",
            "track_one_status": "none",
            "escalation_stage": "discussion",
        },
        "operator",
        Conflict,
    ),
    "issue": Creation(
        lambda w: f"/api/v1/conflicts/{w.where.conflict.id}/issues",
        lambda w: {"name": "Cattle raids"},
        "coordinator",
        Issue,
    ),
    "initiative": Creation(
        lambda w: "/api/v1/initiatives",
        lambda w: {
            "conflict_id": w.where.conflict.id,
            "title": "Elders' forum",
            "track": "2",
            "mode": "soft",
            "method": "dialogue",
            "status": "planned",
            "issue_ids": [w.where.issue.id],
        },
        "editor",
        Initiative,
    ),
    "person": Creation(
        lambda w: "/api/v1/people",
        lambda w: {"full_name": "Idem Potent", "gender": "male", "sector": "youth", "proximity": 3},
        "editor",
        Person,
    ),
    "participation": Creation(
        lambda w: f"/api/v1/initiatives/{w.initiative.id}/participations",
        lambda w: {"person_id": w.spare.id, "role": "observer"},
        "editor",
        Participation,
    ),
    "channel": Creation(
        lambda w: f"/api/v1/initiatives/{w.initiative.id}/channels",
        lambda w: {"track_one_body_id": w.where.body.id, "mechanism": "media"},
        "editor",
        TransferChannel,
    ),
    "transfer": Creation(
        lambda w: f"/api/v1/initiatives/{w.initiative.id}/transfers",
        lambda w: {
            "channel_id": w.route.id,
            "title": "Principles",
            "kind": "principles",
            "delivered_on": "2026-04-01",
        },
        "editor",
        TransferEvent,
    ),
    "coordination_link": Creation(
        lambda w: "/api/v1/coordination-links",
        lambda w: {
            "initiative_a_id": w.initiative.id,
            "initiative_b_id": w.theirs.id,
            "kind": "information_sharing",
        },
        "editor",
        CoordinationLink,
    ),
    "designated_entity": Creation(
        lambda w: "/api/v1/designated-entities",
        lambda w: {"name": "Example Front", "list_name": "Example list", "jurisdictions": ["US"]},
        "operator",
        DesignatedEntity,
    ),
    "organisation": Creation(
        lambda w: "/api/v1/organizations",
        lambda w: {"name": "Idempotent Trust", "kind": "ngo"},
        "operator",
        Organisation,
    ),
    "user": Creation(
        lambda w: "/api/v1/users",
        lambda w: {"email": "idem@example.org", "display_name": "Idem", "role": "viewer"},
        "org_admin",
        User,
    ),
    "reveal_request": Creation(
        lambda w: f"/api/v1/people/{w.person.id}/reveal-requests",
        lambda w: {"reason": "Vetting before the meeting"},
        "coordinator",
        RevealRequest,
    ),
}


def post(client: FlaskClient, world: World, case: Creation, key: str | None, **extra: Any):
    headers = bearer_for(getattr(world, case.who))
    if key is not None:
        headers["Idempotency-Key"] = key
    return client.post(case.url(world), json={**case.body(world), **extra}, headers=headers)


@pytest.mark.parametrize("name", list(CREATIONS))
def test_replay_with_the_same_key_answers_the_same_status_and_id_without_a_new_row(
    client: FlaskClient, world: World, name: str
) -> None:
    case = CREATIONS[name]
    before = count(case.model)

    first = post(client, world, case, "key-0001")
    replay = post(client, world, case, "key-0001")

    assert first.status_code == 201, first.get_json()
    assert replay.status_code == first.status_code, replay.get_json()
    assert replay.get_json()["id"] == first.get_json()["id"]
    assert count(case.model) == before + 1


@pytest.mark.parametrize("name", list(CREATIONS))
def test_same_key_with_a_different_body_answers_422(
    client: FlaskClient, world: World, name: str
) -> None:
    case = CREATIONS[name]
    before = count(case.model)
    post(client, world, case, "key-0002")

    response = post(client, world, case, "key-0002", **different(world, name))

    assert_error(response, 422, "Idempotency-Key")
    assert count(case.model) == before + 1


def different(world: World, name: str) -> dict[str, Any]:
    """Return a change of body that would create a second object if sent without the key."""
    return {
        "conflict": {"slug": "other-one"},
        "issue": {"name": "Water points"},
        "initiative": {"title": "Other title"},
        "person": {"birth_year": 1970},
        "participation": {"person_id": world.spare_too.id},
        "channel": {"mechanism": "back_channel"},
        "transfer": {"title": "Other principles"},
        "coordination_link": {"initiative_b_id": world.third.id},
        "designated_entity": {"name": "Other Front"},
        "organisation": {"name": "Other Trust"},
        "user": {"email": "other@example.org"},
        "reveal_request": {"reason": "Another reason"},
    }[name]


@pytest.mark.parametrize("name", list(CREATIONS))
def test_the_different_body_alone_would_be_accepted(
    client: FlaskClient, world: World, name: str
) -> None:
    case = CREATIONS[name]
    post(client, world, case, None)

    response = post(client, world, case, None, **different(world, name))

    assert response.status_code == 201, response.get_json()


def test_without_a_key_two_posts_create_two_rows(client: FlaskClient, world: World) -> None:
    case = CREATIONS["person"]

    first = post(client, world, case, None)
    second = post(client, world, case, None)

    assert {first.status_code, second.status_code} == {201}
    assert first.get_json()["id"] != second.get_json()["id"]


def test_different_keys_create_different_rows(client: FlaskClient, world: World) -> None:
    case = CREATIONS["person"]

    first = post(client, world, case, "key-a")
    second = post(client, world, case, "key-b")

    assert first.get_json()["id"] != second.get_json()["id"]
    assert count(Person) == 5  # three in the world, two new


def test_a_key_is_private_to_its_user(client: FlaskClient, world: World) -> None:
    body = CREATIONS["person"].body(world)
    colleague = editor_of(world.ngo.id)

    first = client.post(
        "/api/v1/people", json=body, headers={**bearer_for(world.editor), "Idempotency-Key": "k"}
    )
    second = client.post(
        "/api/v1/people", json=body, headers={**bearer_for(colleague), "Idempotency-Key": "k"}
    )

    assert second.status_code == 201
    assert first.get_json()["id"] != second.get_json()["id"]


def test_replay_answers_the_object_as_it_is_now_not_a_stored_body(
    client: FlaskClient, world: World
) -> None:
    case = CREATIONS["initiative"]
    first = post(client, world, case, "key-0003").get_json()
    client.patch(
        f"/api/v1/initiatives/{first['id']}",
        json={"status": "active"},
        headers=bearer_for(world.editor),
    )

    replay = post(client, world, case, "key-0003")

    assert replay.status_code == 201
    assert replay.get_json()["id"] == first["id"]
    assert replay.get_json()["status"] == "active"


def test_replay_after_24_hours_creates_a_new_row(client: FlaskClient, world: World) -> None:
    case = CREATIONS["person"]
    first = post(client, world, case, "key-0005").get_json()
    db.session.execute(
        sa.update(IdempotencyRecord).values(
            created_at=datetime.now(UTC) - timedelta(hours=24, minutes=1)
        )
    )
    db.session.commit()

    late = post(client, world, case, "key-0005")

    assert late.status_code == 201
    assert late.get_json()["id"] != first["id"]


def test_a_key_longer_than_200_characters_answers_422(client: FlaskClient, world: World) -> None:
    response = post(client, world, CREATIONS["person"], "k" * 201)

    assert_error(response, 422, "Idempotency-Key")
    assert count(Person) == 3


def test_a_refused_post_is_not_remembered(client: FlaskClient, world: World) -> None:
    case = CREATIONS["person"]
    refused = client.post(
        case.url(world),
        json={**case.body(world), "gender": "n/a"},
        headers={**bearer_for(world.editor), "Idempotency-Key": "key-0006"},
    )

    retried = post(client, world, case, "key-0006")

    assert refused.status_code == 422
    assert retried.status_code == 201, retried.get_json()


def test_token_requests_ignore_the_idempotency_key(client: FlaskClient, world: World) -> None:
    user = UserFactory(organisation_id=world.ngo.id)  # with a password
    credentials = {"email": user.email, "password": PASSWORD}
    headers = {"Idempotency-Key": "key-0004"}

    first = client.post("/api/v1/auth/tokens", json=credentials, headers=headers)
    second = client.post("/api/v1/auth/tokens", json=credentials, headers=headers)

    assert (first.status_code, second.status_code) == (201, 201)
    assert first.get_json()["token"] != second.get_json()["token"]


# Media types and sizes


WRITES = [
    ("post", lambda w: "/api/v1/initiatives"),
    ("post", lambda w: "/api/v1/people"),
    ("patch", lambda w: f"/api/v1/initiatives/{w.initiative.id}"),
    ("post", lambda w: "/api/v1/coordination-links"),
]


@pytest.mark.parametrize(("method", "url"), WRITES)
def test_text_plain_body_answers_415(
    client: FlaskClient, world: World, method: str, url: Callable[[World], str]
) -> None:
    response = getattr(client, method)(
        url(world),
        data='{"title": "x"}',
        content_type="text/plain",
        headers=bearer_for(world.editor),
    )

    assert_error(response, 415)


def test_form_body_on_a_json_endpoint_answers_415(client: FlaskClient, world: World) -> None:
    response = client.post(
        "/api/v1/people", data={"full_name": "Form Person"}, headers=bearer_for(world.editor)
    )

    assert_error(response, 415)
    assert count(Person) == 3


def test_body_above_max_content_length_answers_413(
    app: Flask, client: FlaskClient, world: World
) -> None:
    app.config["MAX_CONTENT_LENGTH"] = 1024
    body = {**CREATIONS["initiative"].body(world), "summary": "x" * 4096}

    response = client.post("/api/v1/initiatives", json=body, headers=bearer_for(world.editor))

    assert_error(response, 413)
    assert count(Initiative) == 3


def test_body_below_max_content_length_answers_201(
    app: Flask, client: FlaskClient, world: World
) -> None:
    app.config["MAX_CONTENT_LENGTH"] = 8192
    body = {**CREATIONS["initiative"].body(world), "summary": "x" * 4096}

    response = client.post("/api/v1/initiatives", json=body, headers=bearer_for(world.editor))

    assert response.status_code == 201, response.get_json()


def test_malformed_json_answers_400_or_422_in_the_error_shape(
    client: FlaskClient, world: World
) -> None:
    response = client.post(
        "/api/v1/people",
        data='{"full_name": ',
        content_type="application/json",
        headers=bearer_for(world.editor),
    )

    assert response.status_code in (400, 422)
    assert_error(response, response.status_code)


# 401 without authentication on every write


def write_rules(app: Flask) -> list[tuple[str, str]]:
    """Return (method, url) of every API write, with ids filled in; the token exchange excepted."""
    found = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1/") or rule.rule == "/api/v1/auth/tokens":
            continue
        url = re.sub(r"<int:\w+>", "1", rule.rule)
        url = re.sub(r"<any\(([^,)]+)[^>]*>", r"\1", url)
        for method in sorted((rule.methods or set()) & {"POST", "PATCH", "PUT", "DELETE"}):
            found.append((method, url))
    return sorted(found)


def test_every_write_without_authentication_answers_401(app: Flask, world: World) -> None:
    client = app.test_client()
    writes = write_rules(app)
    assert len(writes) >= 25

    for method, url in writes:
        response = client.open(url, method=method, json={})
        assert response.status_code == 401, (method, url, response.get_json())
        assert_error(response, 401)


def test_a_revoked_or_unknown_token_answers_401(client: FlaskClient, world: World) -> None:
    response = client.post(
        "/api/v1/people",
        json=CREATIONS["person"].body(world),
        headers={"Authorization": "Bearer not-a-real-token"},
    )

    assert_error(response, 401)


# Error bodies


def test_422_body_names_the_field_under_its_location(client: FlaskClient, world: World) -> None:
    response = client.post(
        "/api/v1/people",
        json={**CREATIONS["person"].body(world), "gender": "n/a"},
        headers=bearer_for(world.editor),
    )

    body = response.get_json()
    assert set(body) == {"code", "status", "message", "errors"}
    assert body["code"] == 422 and body["status"] == "Unprocessable Entity"
    assert list(body["errors"]) == ["json"]
    assert isinstance(body["errors"]["json"]["gender"], list)


def test_422_from_a_service_rule_has_the_same_shape(client: FlaskClient, world: World) -> None:
    response = client.post(
        f"/api/v1/initiatives/{world.initiative.id}/participations",
        json={"person_id": world.person.id, "role": "observer"},
        headers=bearer_for(world.editor),
    )

    body = response.get_json()
    assert set(body) == {"code", "status", "message", "errors"}
    assert body["errors"] == {"json": {"person_id": body["errors"]["json"]["person_id"]}}


def test_422_for_a_query_argument_names_it_under_query(client: FlaskClient, world: World) -> None:
    response = client.get("/api/v1/initiatives", query_string={"status": "ongoing"})

    body = response.get_json()
    assert body["code"] == 422
    assert "status" in body["errors"]["query"]


@pytest.mark.parametrize(
    ("status", "call"),
    [
        (401, lambda c, w: c.get("/api/v1/people")),
        (403, lambda c, w: c.get("/api/v1/users", headers=bearer_for(w.editor))),
        (404, lambda c, w: c.get("/api/v1/initiatives/999999")),
        (405, lambda c, w: c.put("/api/v1/initiatives", json={})),
        (
            409,
            lambda c, w: c.delete(
                f"/api/v1/issues/{w.where.issue.id}", headers=bearer_for(w.operator)
            ),
        ),
        (
            412,
            lambda c, w: c.patch(
                f"/api/v1/initiatives/{w.initiative.id}",
                json={"title": "x"},
                headers={**bearer_for(w.editor), "If-Match": "5"},
            ),
        ),
    ],
)
def test_error_bodies_carry_code_status_and_message(
    client: FlaskClient, world: World, status: int, call: Callable[..., Any]
) -> None:
    response = call(client, world)

    assert response.status_code == status
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert {"code", "status", "message"} <= set(body) <= {"code", "status", "message", "errors"}
    assert body["code"] == status
    assert isinstance(body["status"], str) and body["status"]
    assert isinstance(body["message"], str) and body["message"]
    assert isinstance(body.get("errors", {}), dict)


SECRET = "psycopg.OperationalError password=hunter2 at /srv/registry/services/initiatives.py:42"


def test_a_500_says_nothing_of_the_internals(
    client: FlaskClient, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    from registry.services import initiatives

    def explode(*_: Any, **__: Any) -> None:
        raise RuntimeError(SECRET)

    monkeypatch.setattr(initiatives, "create", explode)

    response = client.post(
        "/api/v1/initiatives",
        json=CREATIONS["initiative"].body(world),
        headers=bearer_for(world.editor),
    )

    assert response.status_code == 500
    body = response.get_json()
    assert set(body) <= {"code", "status", "message", "errors"}
    assert body["code"] == 500 and body["message"]
    text = response.get_data(as_text=True)
    for leak in ("hunter2", "psycopg", "/srv/", "RuntimeError", "Traceback", "initiatives.py"):
        assert leak not in text
    assert not {"X-Error", "X-Exception"} & set(response.headers.keys())


def test_a_500_on_a_read_says_nothing_of_the_internals(
    client: FlaskClient, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    from registry.readers import initiatives as reader

    def explode(*_: Any, **__: Any) -> None:
        raise ValueError(SECRET)

    monkeypatch.setattr(reader, "present", explode)

    response = client.get("/api/v1/initiatives")

    assert response.status_code == 500
    assert "hunter2" not in response.get_data(as_text=True)
    assert json.loads(response.get_data())["code"] == 500


def test_x_pagination_is_json_with_the_totals(client: FlaskClient, world: World) -> None:
    response = client.get("/api/v1/conflicts/1/issues", query_string={"page_size": 1})

    header = json.loads(response.headers["X-Pagination"])
    assert header["total"] == 1 and header["page"] == 1 and header["total_pages"] == 1


def test_dates_are_iso_8601(client: FlaskClient, world: World) -> None:
    body = client.get(
        f"/api/v1/initiatives/{world.initiative.id}", headers=bearer_for(world.editor)
    ).get_json()

    assert date.fromisoformat(body["start_date"]) == date(2026, 1, 1)
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|\+00:00)", body["created_at"])
