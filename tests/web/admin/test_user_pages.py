"""Users on the administration pages: who lists and edits whom, and what each change ends."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from registry.models import User
from registry.services import authentication
from tests.helpers import ID_WORDING, sign_in_as, stored
from tests.world import World


def page(client: FlaskClient, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.get_data(as_text=True)


def test_platform_admin_lists_every_user_with_organisation_names(client, staff: World) -> None:
    html = page(sign_in_as(client, staff.operator), "/admin/users")
    for name in ("Asha Mwangi", "Eli Kiprop", "Bruno Lind", "Vera Holm", "Border Voices"):
        assert name in html
    assert not ID_WORDING.search(html)


def test_org_admin_lists_only_its_organisation_s_users(client, staff: World) -> None:
    html = page(sign_in_as(client, staff.amani_admin), "/admin/users")
    assert "Eli Kiprop" in html
    assert "Bruno Lind" not in html and "Vera Holm" not in html and "Pat Operator" not in html


@pytest.mark.parametrize("url", ["/admin/", "/admin/users", "/admin/users/{user}"])
def test_editor_is_refused_the_administration_pages(client, staff: World, url: str) -> None:
    sign_in_as(client, staff.amani_editor)
    assert client.get(url.format(user=staff.amani_editor.id)).status_code == 403


def test_org_admin_opening_another_organisation_s_user_gets_404(client, staff: World) -> None:
    sign_in_as(client, staff.amani_admin)
    assert client.get(f"/admin/users/{staff.border_viewer.id}").status_code == 404
    response = client.post(f"/admin/users/{staff.border_viewer.id}/role", data={"role": "editor"})
    assert response.status_code == 404
    assert stored(User, staff.border_viewer.id).role == "viewer"


@pytest.mark.parametrize("action", ["disable", "reset-password", "end-sessions"])
def test_org_admin_acting_on_another_organisation_s_user_gets_404(
    client, staff: World, action: str
) -> None:
    sign_in_as(client, staff.amani_admin)
    before = stored(User, staff.border_viewer.id).session_generation
    assert client.post(f"/admin/users/{staff.border_viewer.id}/{action}").status_code == 404
    after = stored(User, staff.border_viewer.id)
    assert after.session_generation == before and after.is_active


def test_org_admin_cannot_open_a_platform_admin_of_its_own_organisation(
    client, staff: World
) -> None:
    from tests.factories import named_user

    boss = named_user(staff.amani.id, "Ops Inside", "platform_admin", "ops@amani.example")
    sign_in_as(client, staff.amani_admin)
    assert client.get(f"/admin/users/{boss.id}").status_code == 404


def test_role_change_ends_sessions_and_revokes_tokens(app: Flask, staff: World) -> None:
    admin, target = app.test_client(), app.test_client()
    sign_in_as(target, staff.amani_editor)
    raw, _ = authentication.issue_token(staff.amani_editor, "script")
    assert target.get("/home").status_code == 200
    sign_in_as(admin, staff.amani_admin)
    response = admin.post(f"/admin/users/{staff.amani_editor.id}/role", data={"role": "viewer"})
    assert response.status_code == 302
    assert stored(User, staff.amani_editor.id).role == "viewer"
    assert target.get("/home").status_code != 200
    bearer = {"Authorization": f"Bearer {raw}"}
    assert app.test_client().get("/api/v1/users/me", headers=bearer).status_code == 401


def test_org_admin_cannot_make_a_platform_admin_and_sees_why_beside_the_field(
    client, staff: World
) -> None:
    sign_in_as(client, staff.amani_admin)
    response = client.post(
        f"/admin/users/{staff.amani_editor.id}/role", data={"role": "platform_admin"}
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'class="form-select is-invalid"' in html and "invalid-feedback" in html
    assert stored(User, staff.amani_editor.id).role == "editor"


def test_admin_cannot_change_its_own_role(client, staff: World) -> None:
    sign_in_as(client, staff.amani_admin)
    response = client.post(f"/admin/users/{staff.amani_admin.id}/role", data={"role": "viewer"})
    assert response.status_code == 422
    assert "own account" in response.get_data(as_text=True)
    assert stored(User, staff.amani_admin.id).role == "org_admin"


def test_disable_ends_sessions_and_tokens_and_enable_lets_the_user_back(
    app: Flask, staff: World
) -> None:
    admin, target = app.test_client(), app.test_client()
    sign_in_as(target, staff.border_viewer)
    raw, _ = authentication.issue_token(staff.border_viewer, "script")
    sign_in_as(admin, staff.border_admin)
    admin.post(f"/admin/users/{staff.border_viewer.id}/disable")
    assert not stored(User, staff.border_viewer.id).is_active
    assert target.get("/home").status_code != 200
    bearer = {"Authorization": f"Bearer {raw}"}
    assert app.test_client().get("/api/v1/users/me", headers=bearer).status_code == 401
    admin.post(f"/admin/users/{staff.border_viewer.id}/enable")
    user = stored(User, staff.border_viewer.id)
    assert user.is_active
    assert sign_in_as(app.test_client(), user).get("/home").status_code == 200


def test_end_sessions_signs_the_user_out_everywhere(app: Flask, staff: World) -> None:
    admin, target = app.test_client(), app.test_client()
    sign_in_as(target, staff.amani_editor)
    raw, _ = authentication.issue_token(staff.amani_editor, "script")
    sign_in_as(admin, staff.operator)
    response = admin.post(
        f"/admin/users/{staff.amani_editor.id}/end-sessions", follow_redirects=True
    )
    assert "1 API token revoked" in response.get_data(as_text=True)
    assert target.get("/home").status_code != 200
    bearer = {"Authorization": f"Bearer {raw}"}
    assert app.test_client().get("/api/v1/users/me", headers=bearer).status_code == 401


def test_password_reset_shows_a_one_time_password_that_must_be_changed(
    app: Flask, staff: World
) -> None:
    admin = sign_in_as(app.test_client(), staff.amani_admin)
    response = admin.post(f"/admin/users/{staff.amani_editor.id}/reset-password")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "one-time password" in html
    one_time = html.split('<code class="user-select-all fs-5">')[1].split("</code>")[0]
    user = app.test_client()
    signed = user.post("/signin", data={"email": "eli@amani.example", "password": one_time})
    assert signed.status_code == 302
    home = user.get("/home")
    assert home.status_code == 302 and home.headers["Location"].endswith("/account/")
    assert user.get("/api/v1/users/me").status_code == 403
    changed = user.post(
        "/account/password",
        data={
            "current_password": one_time,
            "new_password": "river stones remember the drought",
        },
    )
    assert changed.status_code == 302
    assert not stored(User, staff.amani_editor.id).must_change_password
    assert user.get("/home").status_code == 200


def test_create_user_shows_every_error_beside_its_field_at_once(client, staff: World) -> None:
    sign_in_as(client, staff.amani_admin)
    response = client.post(
        "/admin/users",
        data={
            "email": "",
            "display_name": "",
            "role": "editor",
            "organisation_id": str(staff.amani.id),
        },
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert html.count('is-invalid"') >= 2
    assert 'id="user-email"' in html and 'id="user-display_name"' in html


def test_create_user_with_a_taken_email_says_so_beside_the_email(client, staff: World) -> None:
    sign_in_as(client, staff.amani_admin)
    response = client.post(
        "/admin/users",
        data={
            "email": "ELI@amani.example",
            "display_name": "Eli Again",
            "role": "editor",
            "organisation_id": str(staff.amani.id),
        },
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    field = html.split('id="user-email"')[1].split("</div>")[0]
    assert "already exists" in html.split('id="user-email"')[1].split('id="user-display_name"')[0]
    assert field  # the email's own block holds its error


def test_create_user_selects_are_styled_as_selects(client, staff: World) -> None:
    html = page(sign_in_as(client, staff.operator), "/admin/users")
    assert '<select class="form-select" id="user-organisation_id"' in html
    assert '<select class="form-select" id="user-role"' in html


def test_org_admin_creates_a_user_in_its_own_organisation(client, staff: World) -> None:
    sign_in_as(client, staff.amani_admin)
    response = client.post(
        "/admin/users",
        data={
            "email": "new@amani.example",
            "display_name": "Neema Otieno",
            "role": "viewer",
            "organisation_id": str(staff.amani.id),
        },
    )
    assert response.status_code == 302
    assert "Neema Otieno" in page(client, "/admin/users")


def test_org_admin_is_not_offered_another_organisation_or_the_platform_admin_role(
    client, staff: World
) -> None:
    html = page(sign_in_as(client, staff.amani_admin), "/admin/users")
    assert "Border Voices" not in html
    assert 'value="platform_admin"' not in html


def test_reveal_pages_are_offered_to_org_admins_and_not_to_platform_admins(
    app: Flask, staff: World
) -> None:
    operator = sign_in_as(app.test_client(), staff.operator)
    assert "/admin/reveals" not in page(operator, "/admin/")
    assert operator.get("/admin/reveals").status_code == 403
    assert operator.get("/admin/name-reads").status_code == 403
    org_admin = sign_in_as(app.test_client(), staff.amani_admin)
    html = page(org_admin, "/admin/")
    assert "/admin/reveals" in html and "/admin/name-reads" in html
    assert "/admin/audit" not in html
    assert org_admin.get("/admin/audit").status_code == 403


def test_user_page_speaks_in_names(client, staff: World, system: Any) -> None:
    from registry.services import users

    users.assign_coordinator(system, staff.border_admin.id, staff.conflict.id)
    html = page(sign_in_as(client, staff.operator), f"/admin/users/{staff.border_admin.id}")
    assert "Bruno Lind" in html and "Border Voices" in html and "Kerio Valley" in html
    assert not ID_WORDING.search(html)


def test_role_change_without_a_recent_sign_in_asks_to_confirm_first(client, staff: World) -> None:
    sign_in_as(client, staff.amani_admin)
    with client.session_transaction() as cookie_session:
        cookie_session["authenticated_at"] -= 6 * 60
    response = client.post(f"/admin/users/{staff.amani_editor.id}/role", data={"role": "viewer"})
    assert response.status_code == 302 and "/account/confirm" in response.headers["Location"]
    assert stored(User, staff.amani_editor.id).role == "editor"


def test_a_one_time_password_user_who_must_enrol_can_enrol_then_change_it(
    app: Flask, staff: World
) -> None:
    app.config["TWO_FACTOR_ROLES"] = frozenset({"org_admin"})
    admin = sign_in_as(app.test_client(), staff.operator)
    html = admin.post(f"/admin/users/{staff.border_admin.id}/reset-password").get_data(as_text=True)
    one_time = html.split('<code class="user-select-all fs-5">')[1].split("</code>")[0]
    user = app.test_client()
    user.post("/signin", data={"email": "bruno@border.example", "password": one_time})
    home = user.get("/home")
    assert home.status_code == 302
    enrolment = user.get(home.headers["Location"])
    assert enrolment.status_code == 200  # not sent back and forth between two gates
