"""Users and organisations through /api/v1: who manages whom, versions, pages and errors."""

from __future__ import annotations

import json
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from registry.extensions import db
from registry.models import Organisation, User
from tests.factories import (
    ConflictFactory,
    InitiativeFactory,
    OrganisationFactory,
    editor_of,
    reference,
)
from tests.helpers import assert_error, bearer_for, stored
from tests.world import World, build_world, member, org


@pytest.fixture
def accounts(app: Flask) -> World:
    """Two NGOs with their users, and a platform admin in an operators' organisation.

    The users have no passwords (no Argon2: they use API tokens).
    """
    return build_world(
        scopes=(),
        organisations={
            "ngo": org(name="Alpha Peace Trust"),
            "other": org(name="Beta Dialogue Centre"),
            "ops": org("other", name="Registry operators"),
        },
        users={
            "admin": member("ngo", role="org_admin"),
            "viewer": member("ngo", role="viewer"),
            "editor": member("ngo", role="editor"),
            "other_admin": member("other", role="org_admin"),
            "other_viewer": member("other", role="viewer"),
            "operator": member("ops", role="platform_admin"),
        },
    )


# /users/me


def test_show_me_answers_the_token_holder(client: FlaskClient, accounts: World) -> None:
    response = client.get("/api/v1/users/me", headers=bearer_for(accounts.viewer))

    assert response.status_code == 200
    body = response.get_json()
    assert body["id"] == accounts.viewer.id
    assert body["email"] == accounts.viewer.email
    assert body["role"] == "viewer"
    assert body["organisation_id"] == accounts.ngo.id


def test_show_me_omits_password_and_session_fields(client: FlaskClient, accounts: World) -> None:
    body = client.get("/api/v1/users/me", headers=bearer_for(accounts.viewer)).get_json()

    assert not {"password", "password_hash", "session_generation"} & set(body)


# GET /users and /users/{id}


@pytest.mark.parametrize("who", ["viewer", "editor"])
def test_list_users_as_viewer_or_editor_answers_403(
    client: FlaskClient, accounts: World, who: str
) -> None:
    response = client.get("/api/v1/users", headers=bearer_for(getattr(accounts, who)))

    assert_error(response, 403)


def test_list_users_as_org_admin_answers_only_own_organisation(
    client: FlaskClient, accounts: World
) -> None:
    response = client.get("/api/v1/users", headers=bearer_for(accounts.admin))

    assert response.status_code == 200
    assert {user["id"] for user in response.get_json()} == {
        accounts.admin.id,
        accounts.viewer.id,
        accounts.editor.id,
    }


def test_list_users_as_platform_admin_answers_everyone(
    client: FlaskClient, accounts: World
) -> None:
    response = client.get("/api/v1/users", headers=bearer_for(accounts.operator))

    assert response.status_code == 200
    assert {user["id"] for user in response.get_json()} == set(
        db.session.scalars(sa.select(User.id))
    )
    assert len(response.get_json()) == 6


def test_list_users_answers_the_totals_in_x_pagination(
    client: FlaskClient, accounts: World
) -> None:
    response = client.get(
        "/api/v1/users", query_string={"page_size": 2}, headers=bearer_for(accounts.operator)
    )

    assert len(response.get_json()) == 2
    assert json.loads(response.headers["X-Pagination"])["total"] == 6


def test_list_users_with_page_size_501_answers_422(client: FlaskClient, accounts: World) -> None:
    response = client.get(
        "/api/v1/users", query_string={"page_size": 501}, headers=bearer_for(accounts.operator)
    )

    assert_error(response, 422, "page_size")


def test_list_users_with_page_size_500_answers_200(client: FlaskClient, accounts: World) -> None:
    response = client.get(
        "/api/v1/users", query_string={"page_size": 500}, headers=bearer_for(accounts.operator)
    )

    assert response.status_code == 200


def test_show_user_of_own_organisation_as_org_admin_answers_200(
    client: FlaskClient, accounts: World
) -> None:
    response = client.get(f"/api/v1/users/{accounts.viewer.id}", headers=bearer_for(accounts.admin))

    assert response.status_code == 200
    assert response.get_json()["email"] == accounts.viewer.email


def test_show_user_of_another_organisation_as_org_admin_answers_404(
    client: FlaskClient, accounts: World
) -> None:
    response = client.get(
        f"/api/v1/users/{accounts.other_viewer.id}", headers=bearer_for(accounts.admin)
    )

    assert_error(response, 404)


def test_show_colleague_as_viewer_answers_404(client: FlaskClient, accounts: World) -> None:
    response = client.get(
        f"/api/v1/users/{accounts.editor.id}", headers=bearer_for(accounts.viewer)
    )

    assert_error(response, 404)


# POST /users


def new_user(**data: Any) -> dict[str, Any]:
    """Return the body of a POST /users, with overrides."""
    return {"email": "new.user@example.org", "display_name": "New User", "role": "viewer", **data}


def test_create_user_as_org_admin_puts_it_in_own_organisation(
    client: FlaskClient, accounts: World
) -> None:
    response = client.post("/api/v1/users", json=new_user(), headers=bearer_for(accounts.admin))

    assert response.status_code == 201
    assert response.get_json()["organisation_id"] == accounts.ngo.id


def test_create_user_in_another_organisation_as_org_admin_answers_422_naming_organisation_id(
    client: FlaskClient, accounts: World
) -> None:
    response = client.post(
        "/api/v1/users",
        json=new_user(organisation_id=accounts.other.id),
        headers=bearer_for(accounts.admin),
    )

    assert_error(response, 422)
    assert "organisation_id" in response.get_json()["errors"]["json"]
    assert db.session.scalar(sa.select(User).where(User.email == "new.user@example.org")) is None


def test_move_user_to_another_organisation_as_org_admin_answers_422_naming_organisation_id(
    client: FlaskClient, accounts: World
) -> None:
    response = client.patch(
        f"/api/v1/users/{accounts.viewer.id}",
        json={"organisation_id": accounts.other.id},
        headers=bearer_for(accounts.admin),
    )

    assert_error(response, 422, "organisation_id")
    assert stored(User, accounts.viewer.id).organisation_id == accounts.ngo.id


def test_create_platform_admin_as_org_admin_answers_422_naming_role(
    client: FlaskClient, accounts: World
) -> None:
    response = client.post(
        "/api/v1/users", json=new_user(role="platform_admin"), headers=bearer_for(accounts.admin)
    )

    assert_error(response, 422, "role")


def test_promote_to_platform_admin_as_org_admin_answers_422_naming_role(
    client: FlaskClient, accounts: World
) -> None:
    response = client.patch(
        f"/api/v1/users/{accounts.viewer.id}",
        json={"role": "platform_admin"},
        headers=bearer_for(accounts.admin),
    )

    assert_error(response, 422, "role")
    assert stored(User, accounts.viewer.id).role == "viewer"


def test_create_platform_admin_as_platform_admin_answers_201(
    client: FlaskClient, accounts: World
) -> None:
    response = client.post(
        "/api/v1/users",
        json=new_user(role="platform_admin", organisation_id=accounts.ops.id),
        headers=bearer_for(accounts.operator),
    )

    assert response.status_code == 201


def test_create_user_with_taken_email_in_other_case_answers_422_naming_email(
    client: FlaskClient, accounts: World
) -> None:
    response = client.post(
        "/api/v1/users",
        json=new_user(email=accounts.other_viewer.email.upper()),
        headers=bearer_for(accounts.admin),
    )

    assert_error(response, 422, "email")


def test_create_user_with_short_password_answers_422_naming_password(
    client: FlaskClient, accounts: World
) -> None:
    response = client.post(
        "/api/v1/users", json=new_user(password="short"), headers=bearer_for(accounts.admin)
    )

    assert_error(response, 422, "password")


def test_create_user_with_unknown_field_answers_422_naming_it(
    client: FlaskClient, accounts: World
) -> None:
    response = client.post(
        "/api/v1/users", json=new_user(clearance="top"), headers=bearer_for(accounts.admin)
    )

    assert_error(response, 422, "clearance")


# PATCH /users/{id}


@pytest.mark.parametrize("template", ["{}", '"{}"', 'W/"{}"'])
def test_patch_user_with_current_if_match_succeeds(
    client: FlaskClient, accounts: World, template: str
) -> None:
    headers = bearer_for(accounts.admin)
    version = client.get(f"/api/v1/users/{accounts.viewer.id}", headers=headers).json["version"]

    response = client.patch(
        f"/api/v1/users/{accounts.viewer.id}",
        json={"display_name": "Renamed"},
        headers={**headers, "If-Match": template.format(version)},
    )

    assert response.status_code == 200
    assert response.get_json()["display_name"] == "Renamed"
    assert response.get_json()["version"] == version + 1


@pytest.mark.parametrize("template", ["{}", '"{}"', 'W/"{}"'])
def test_patch_user_with_stale_if_match_answers_412(
    client: FlaskClient, accounts: World, template: str
) -> None:
    headers = bearer_for(accounts.admin)
    version = client.get(f"/api/v1/users/{accounts.viewer.id}", headers=headers).json["version"]
    client.patch(
        f"/api/v1/users/{accounts.viewer.id}", json={"display_name": "First"}, headers=headers
    )

    response = client.patch(
        f"/api/v1/users/{accounts.viewer.id}",
        json={"display_name": "Second"},
        headers={**headers, "If-Match": template.format(version)},
    )

    assert_error(response, 412)
    assert stored(User, accounts.viewer.id).display_name == "First"


def test_patch_user_with_current_version_in_body_succeeds(
    client: FlaskClient, accounts: World
) -> None:
    headers = bearer_for(accounts.admin)
    version = client.get(f"/api/v1/users/{accounts.viewer.id}", headers=headers).json["version"]

    response = client.patch(
        f"/api/v1/users/{accounts.viewer.id}",
        json={"display_name": "Renamed", "version": version},
        headers=headers,
    )

    assert response.status_code == 200
    assert response.get_json()["display_name"] == "Renamed"


def test_patch_user_with_stale_version_in_body_answers_412(
    client: FlaskClient, accounts: World
) -> None:
    headers = bearer_for(accounts.admin)
    version = client.get(f"/api/v1/users/{accounts.viewer.id}", headers=headers).json["version"]
    client.patch(
        f"/api/v1/users/{accounts.viewer.id}", json={"display_name": "First"}, headers=headers
    )

    response = client.patch(
        f"/api/v1/users/{accounts.viewer.id}",
        json={"display_name": "Second", "version": version},
        headers=headers,
    )

    assert_error(response, 412)


def test_patch_user_with_unreadable_if_match_answers_422(
    client: FlaskClient, accounts: World
) -> None:
    response = client.patch(
        f"/api/v1/users/{accounts.viewer.id}",
        json={"display_name": "Renamed"},
        headers={**bearer_for(accounts.admin), "If-Match": "yesterday"},
    )

    assert_error(response, 422, "If-Match")


def test_patch_user_with_unknown_field_answers_422_naming_it(
    client: FlaskClient, accounts: World
) -> None:
    response = client.patch(
        f"/api/v1/users/{accounts.viewer.id}",
        json={"clearance": "top"},
        headers=bearer_for(accounts.admin),
    )

    assert_error(response, 422, "clearance")


def test_patch_user_of_another_organisation_as_org_admin_answers_404(
    client: FlaskClient, accounts: World
) -> None:
    response = client.patch(
        f"/api/v1/users/{accounts.other_viewer.id}",
        json={"display_name": "Hijacked"},
        headers=bearer_for(accounts.admin),
    )

    assert_error(response, 404)
    assert stored(User, accounts.other_viewer.id).display_name != "Hijacked"


@pytest.mark.parametrize(
    "change",
    [
        {"password": "taken over by the org admin"},
        {"email": "takeover@example.org"},
        {"role": "viewer"},
        {"is_active": False},
    ],
    ids=["password", "email", "role", "is_active"],
)
def test_edit_of_a_platform_admin_by_an_org_admin_of_its_organisation_answers_403(
    client: FlaskClient, accounts: World, change: dict[str, Any]
) -> None:
    colleague = editor_of(accounts.ngo.id, role="platform_admin")

    response = client.patch(
        f"/api/v1/users/{colleague.id}", json=change, headers=bearer_for(accounts.admin)
    )

    assert_error(response, 403)
    now = stored(User, colleague.id)
    assert (now.password_hash, now.email, now.role, now.is_active) == (
        None,
        colleague.email,
        "platform_admin",
        True,
    )


# /organizations


def test_anonymous_organisation_list_names_only_sponsors_and_funders_of_public_initiatives(
    client: FlaskClient, accounts: World
) -> None:
    donor = OrganisationFactory(name="Gamma Fund", kind="donor")
    conflict = ConflictFactory()
    issue = reference("issue", conflict.id)
    common = {"conflict_id": conflict.id, "issue_ids": [issue.id]}
    InitiativeFactory(
        sponsor_id=accounts.ngo.id, funder_ids=[donor.id], confidentiality="public", **common
    )
    InitiativeFactory(sponsor_id=accounts.other.id, confidentiality="registry", **common)

    response = client.get("/api/v1/organizations")

    assert response.status_code == 200
    assert {o["name"] for o in response.get_json()} == {"Alpha Peace Trust", "Gamma Fund"}


def test_anonymous_organisation_list_is_empty_without_public_initiatives(
    client: FlaskClient, accounts: World
) -> None:
    response = client.get("/api/v1/organizations")

    assert response.status_code == 200
    assert response.get_json() == []


def test_anonymous_show_of_organisation_a_public_initiative_names_answers_200(
    client: FlaskClient, accounts: World
) -> None:
    conflict = ConflictFactory()
    issue = reference("issue", conflict.id)
    InitiativeFactory(
        conflict_id=conflict.id,
        sponsor_id=accounts.ngo.id,
        issue_ids=[issue.id],
        confidentiality="public",
    )

    response = client.get(f"/api/v1/organizations/{accounts.ngo.id}")

    assert response.status_code == 200
    assert response.get_json()["name"] == "Alpha Peace Trust"


def test_anonymous_show_of_organisation_no_public_initiative_names_answers_404(
    client: FlaskClient, accounts: World
) -> None:
    assert_error(client.get(f"/api/v1/organizations/{accounts.other.id}"), 404)


def test_signed_in_organisation_list_shows_every_organisation(
    client: FlaskClient, accounts: World
) -> None:
    response = client.get("/api/v1/organizations", headers=bearer_for(accounts.viewer))

    assert {o["id"] for o in response.get_json()} == {
        accounts.ngo.id,
        accounts.other.id,
        accounts.ops.id,
    }
    assert "X-Pagination" in response.headers


@pytest.mark.parametrize("who", ["viewer", "admin"])
def test_create_organisation_as_non_platform_admin_answers_403(
    client: FlaskClient, accounts: World, who: str
) -> None:
    response = client.post(
        "/api/v1/organizations",
        json={"name": "Epsilon Institute", "kind": "academic"},
        headers=bearer_for(getattr(accounts, who)),
    )

    assert_error(response, 403)
    assert db.session.scalar(sa.select(sa.func.count(Organisation.id))) == 3


def test_create_organisation_as_platform_admin_answers_201(
    client: FlaskClient, accounts: World
) -> None:
    response = client.post(
        "/api/v1/organizations",
        json={"name": "Epsilon Institute", "kind": "academic", "jurisdictions": ["ke", "UN"]},
        headers=bearer_for(accounts.operator),
    )

    assert response.status_code == 201
    assert response.get_json()["name"] == "Epsilon Institute"


@pytest.mark.parametrize("name", ["Alpha Peace Trust", "alpha peace TRUST"])
def test_create_organisation_with_taken_name_answers_422_naming_name(
    client: FlaskClient, accounts: World, name: str
) -> None:
    response = client.post(
        "/api/v1/organizations",
        json={"name": name, "kind": "ngo"},
        headers=bearer_for(accounts.operator),
    )

    assert_error(response, 422, "name")


def test_create_organisation_with_unknown_kind_answers_422_naming_kind(
    client: FlaskClient, accounts: World
) -> None:
    response = client.post(
        "/api/v1/organizations",
        json={"name": "Epsilon Institute", "kind": "militia"},
        headers=bearer_for(accounts.operator),
    )

    assert_error(response, 422, "kind")


def test_patch_organisation_as_org_admin_answers_403(client: FlaskClient, accounts: World) -> None:
    response = client.patch(
        f"/api/v1/organizations/{accounts.ngo.id}",
        json={"name": "Renamed Trust"},
        headers=bearer_for(accounts.admin),
    )

    assert_error(response, 403)
    assert stored(Organisation, accounts.ngo.id).name == "Alpha Peace Trust"


def _patch_organisation(client: FlaskClient, accounts: World, body: dict[str, Any]) -> Organisation:
    url = f"/api/v1/organizations/{accounts.ngo.id}"
    headers = bearer_for(accounts.operator)
    client.patch(url, json={"country": "ke", "jurisdictions": ["ke"]}, headers=headers)
    response = client.patch(url, json=body, headers=headers)
    assert response.status_code == 200, response.get_json()
    return stored(Organisation, accounts.ngo.id)


def test_patch_organisation_leaving_country_out_keeps_it(
    client: FlaskClient, accounts: World
) -> None:
    organisation = _patch_organisation(client, accounts, {"name": "Renamed Trust"})

    assert (organisation.name, organisation.country) == ("Renamed Trust", "KE")
    assert organisation.jurisdictions == ["KE"]


def test_patch_organisation_sending_null_country_clears_it(
    client: FlaskClient, accounts: World
) -> None:
    organisation = _patch_organisation(client, accounts, {"country": None})

    assert organisation.country is None
    assert organisation.name == "Alpha Peace Trust"


def test_patch_user_leaving_display_name_out_keeps_it(client: FlaskClient, accounts: World) -> None:
    before = accounts.editor.display_name
    response = client.patch(
        f"/api/v1/users/{accounts.editor.id}",
        json={"role": "viewer"},
        headers=bearer_for(accounts.admin),
    )

    assert response.status_code == 200, response.get_json()
    user = stored(User, accounts.editor.id)
    assert user is not None
    assert (user.role, user.display_name) == ("viewer", before)
