"""Organisations, conflicts and coordinators on the administration pages (platform admins)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient

from registry.extensions import db
from registry.models import Conflict, ConflictCoordinator, Organisation
from tests.helpers import ID_WORDING, sign_in_as
from tests.world import World


def conflict_form(**values: str) -> dict[str, str]:
    data = {
        "name": "Ilemi Triangle",
        "slug": "ilemi-triangle",
        "summary": "A border dispute.",
        "countries": "ke ss",
        "track_one_status": "exploratory",
        "escalation_stage": "segregation",
        **values,
    }
    return data


@pytest.mark.parametrize(
    "url",
    [
        "/admin/organisations",
        "/admin/conflicts",
        "/admin/organisations/{org}",
        "/admin/conflicts/{conflict}",
    ],
)
@pytest.mark.parametrize("who", ["amani_admin", "amani_editor"])
def test_organisations_and_conflicts_are_for_platform_admins(
    client: FlaskClient, staff: World, url: str, who: str
) -> None:
    sign_in_as(client, getattr(staff, who))
    target = url.format(org=staff.amani.id, conflict=staff.conflict.id)
    assert client.get(target).status_code == 403


def test_platform_admin_edits_an_organisation_s_jurisdictions(client, staff: World) -> None:
    sign_in_as(client, staff.operator)
    response = client.post(
        f"/admin/organisations/{staff.amani.id}",
        data={
            "name": "Amani Bridges Kenya",
            "kind": "ngo",
            "country": "ke",
            "jurisdictions": "ke eu",
        },
    )
    assert response.status_code == 302
    db.session.expire_all()
    organisation = db.session.get(Organisation, staff.amani.id)
    assert organisation.name == "Amani Bridges Kenya"
    assert organisation.country == "KE" and organisation.jurisdictions == ["EU", "KE"]


def test_organisation_with_a_taken_name_is_refused_beside_the_name(client, staff: World) -> None:
    sign_in_as(client, staff.operator)
    response = client.post(
        f"/admin/organisations/{staff.amani.id}",
        data={
            "name": "border voices",
            "kind": "ngo",
            "country": "KENYA",
            "jurisdictions": "KE",
        },
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    # Both faults at once: the form's own (country) and the service's (name), each by its field.
    assert "Use a two-letter country code" in html
    assert html.count('is-invalid"') >= 1
    response = client.post(
        f"/admin/organisations/{staff.amani.id}",
        data={
            "name": "border voices",
            "kind": "ngo",
            "country": "KE",
            "jurisdictions": "KE",
        },
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    name_block = html.split('id="org-name"')[1].split('id="org-kind"')[0]
    assert "already registered" in name_block


def test_platform_admin_registers_an_organisation(client, staff: World) -> None:
    sign_in_as(client, staff.operator)
    response = client.post(
        "/admin/organisations",
        data={
            "name": "Peace Fund",
            "kind": "donor",
            "country": "",
            "jurisdictions": "GB",
        },
        follow_redirects=True,
    )
    assert response.status_code == 200
    assert "Peace Fund" in response.get_data(as_text=True)


def test_platform_admin_creates_a_conflict_and_is_sent_to_assign_coordinators(
    client, staff: World
) -> None:
    sign_in_as(client, staff.operator)
    response = client.post("/admin/conflicts", data=conflict_form())
    assert response.status_code == 302
    conflict = db.session.scalar(sa.select(Conflict).where(Conflict.slug == "ilemi-triangle"))
    assert conflict.countries == ["KE", "SS"] and conflict.escalation_stage == "segregation"
    assert response.headers["Location"].endswith(f"/admin/conflicts/{conflict.id}")


def test_conflict_form_shows_every_error_at_once(client, staff: World) -> None:
    sign_in_as(client, staff.operator)
    response = client.post("/admin/conflicts", data=conflict_form(name="", slug="", countries="K"))
    assert response.status_code == 422
    assert response.get_data(as_text=True).count('is-invalid"') == 3


def test_conflict_with_a_bad_or_taken_slug_is_refused_beside_the_slug(client, staff: World) -> None:
    sign_in_as(client, staff.operator)
    for slug, message in (("Bad Slug", "lower-case"), ("kerio-valley", "already uses")):
        response = client.post("/admin/conflicts", data=conflict_form(slug=slug))
        assert response.status_code == 422
        html = response.get_data(as_text=True)
        slug_block = html.split('id="conflict-slug"')[1].split('id="conflict-summary"')[0]
        assert message in slug_block


def test_platform_admin_edits_a_conflict(client, staff: World) -> None:
    sign_in_as(client, staff.operator)
    response = client.post(
        f"/admin/conflicts/{staff.conflict.id}",
        data=conflict_form(name="Kerio Valley", slug="kerio-valley", track_one_status="stalled"),
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Conflict, staff.conflict.id).track_one_status == "stalled"


def assignments() -> set[int]:
    db.session.rollback()
    return set(db.session.scalars(sa.select(ConflictCoordinator.user_id)))


def test_platform_admin_assigns_and_unassigns_a_coordinator_by_email(client, staff: World) -> None:
    sign_in_as(client, staff.operator)
    url = f"/admin/conflicts/{staff.conflict.id}"
    response = client.post(f"{url}/coordinators", data={"email": "Bruno@Border.example"})
    assert response.status_code == 302
    assert assignments() == {staff.border_admin.id}
    html = client.get(url).get_data(as_text=True)
    assert "Bruno Lind" in html and "Border Voices" in html
    assert not ID_WORDING.search(html)
    client.post(f"{url}/coordinators/{staff.border_admin.id}/unassign")
    assert assignments() == set()


@pytest.mark.parametrize(
    ("email", "message"),
    [("nobody@nowhere.example", "No user"), ("", "Give the email of the user to assign.")],
)
def test_assigning_an_unknown_email_says_so_beside_the_field(
    client, staff: World, email: str, message: str
) -> None:
    sign_in_as(client, staff.operator)
    response = client.post(
        f"/admin/conflicts/{staff.conflict.id}/coordinators", data={"email": email}
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert message in html.split('id="coordinator-email"')[1].split("</form>")[0]
    assert assignments() == set()


def test_assigning_a_coordinator_twice_says_so_beside_the_field(client, staff: World) -> None:
    sign_in_as(client, staff.operator)
    url = f"/admin/conflicts/{staff.conflict.id}/coordinators"
    client.post(url, data={"email": "vera@border.example"})
    response = client.post(url, data={"email": "vera@border.example"})
    assert response.status_code == 422
    assert "already coordinates" in response.get_data(as_text=True)
