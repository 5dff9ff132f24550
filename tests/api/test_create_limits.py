"""Creates are rate-limited per user and per organisation (REGISTRY_CREATE_RATE_LIMITS)."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask

from registry.config import DEFAULTS
from tests.factories import (
    PersonFactory,
    one_transaction,
)
from tests.helpers import bearer_for, sign_in_as
from tests.world import World, build_world, initiative, member


@pytest.fixture
def world(app: Flask) -> World:
    """An NGO's initiative and two of its editors."""
    return build_world(
        initiatives={"initiative": initiative("ngo")},
        users={"editor": member("ngo"), "colleague": member("ngo")},
    )


def limits(**changed: dict[str, str]) -> dict[str, dict[str, str]]:
    return {**DEFAULTS["CREATE_RATE_LIMITS"], **changed}


def new_initiative(world: World, n: int) -> dict[str, Any]:
    return {
        "conflict_id": world["where"].conflict.id,
        "title": f"Dialogue {n}",
        "track": "2",
        "mode": "soft",
        "method": "dialogue",
        "status": "planned",
        "issue_ids": [world["where"].issue.id],
    }


def test_the_creates_past_a_users_limit_get_429_with_retry_after(app, client, world) -> None:
    app.config["CREATE_RATE_LIMITS"] = limits(
        initiatives={"user": "2 per minute", "organisation": "100 per minute"}
    )
    headers = bearer_for(world["editor"])
    codes = [
        client.post("/api/v1/initiatives", json=new_initiative(world, n), headers=headers)
        for n in range(3)
    ]
    assert [response.status_code for response in codes] == [201, 201, 429]
    refused = codes[-1]
    assert int(refused.headers["Retry-After"]) > 0
    assert refused.get_json()["code"] == 429 and refused.get_json()["message"]
    other = client.post(
        "/api/v1/initiatives", json=new_initiative(world, 9), headers=bearer_for(world["colleague"])
    )
    assert other.status_code == 201  # another user of the organisation has their own count


def test_an_organisations_limit_counts_all_its_users(app, client, world) -> None:
    app.config["CREATE_RATE_LIMITS"] = limits(
        people={"user": "100 per minute", "organisation": "3 per minute"}
    )
    answers = [
        client.post(
            "/api/v1/people",
            json={
                "full_name": f"Amina Number{n}",
                "gender": "female",
                "sector": "women",
                "proximity": 2,
            },
            headers=bearer_for(world["editor" if n % 2 else "colleague"]),
        )
        for n in range(4)
    ]
    assert [answer.status_code for answer in answers] == [201, 201, 201, 429]


def test_participations_past_the_limit_get_429_on_the_page_too(app, client, world) -> None:
    app.config["CREATE_RATE_LIMITS"] = limits(
        participations={"user": "1 per minute", "organisation": "100 per minute"}
    )
    with one_transaction():
        people = [PersonFactory(organisation_id=world["ngo"].id) for _ in range(2)]
    url = f"/api/v1/initiatives/{world['initiative'].id}/participations"
    first = client.post(
        url, json={"person_id": people[0].id, "role": "participant"},
        headers=bearer_for(world["editor"]),
    )  # fmt: skip
    assert first.status_code == 201
    sign_in_as(client, world["editor"])
    page = client.post(
        f"/initiatives/{world['initiative'].id}/participants",
        data={"person_id": people[1].id, "role": "participant"},
    )
    assert page.status_code == 429
    assert "Too many requests" in page.get_data(as_text=True)


def test_openapi_declares_429_on_each_limited_create(client) -> None:
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    for path in ("/api/v1/initiatives", "/api/v1/people"):
        assert "Retry-After" in paths[path]["post"]["responses"]["429"]["headers"]
    participations = paths["/api/v1/initiatives/{initiative_id}/participations"]["post"]
    assert "429" in participations["responses"]
