"""The designated-entities page: platform admins list, add and import; nobody else enters."""

from __future__ import annotations

import io

import sqlalchemy as sa

from registry.extensions import db
from registry.models import DesignatedEntity
from tests.factories import OrganisationFactory, editor_of
from tests.helpers import sign_in_as


def test_platform_admin_adds_an_entity_and_sees_it_listed(app, client) -> None:
    admin = editor_of(OrganisationFactory().id, role="platform_admin")
    sign_in_as(client, admin)
    response = client.post(
        "/admin/designated-entities/",
        data={
            "name": "Eastern Riverbank Front",
            "aliases": "ERF; Jabhat al-Difa",
            "list_name": "US FTO list",
            "jurisdictions": "US",
        },
        follow_redirects=True,
    )
    assert response.status_code == 200
    assert "Eastern Riverbank Front" in response.get_data(as_text=True)


def test_platform_admin_imports_a_csv(app, client) -> None:
    admin = editor_of(OrganisationFactory().id, role="platform_admin")
    sign_in_as(client, admin)
    csv = b"name,aliases,list_name,jurisdictions\nNorth Ridge Brigade,NRB,UN list,UN\n"
    response = client.post(
        "/admin/designated-entities/import",
        data={"file": (io.BytesIO(csv), "list.csv")},
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    assert "1 added" in response.get_data(as_text=True)
    assert db.session.scalars(sa.select(DesignatedEntity)).all()[0].name == "North Ridge Brigade"


def test_an_org_admin_cannot_open_the_list(app, client) -> None:
    sign_in_as(client, editor_of(OrganisationFactory().id, role="org_admin"))
    assert client.get("/admin/designated-entities/").status_code == 403
