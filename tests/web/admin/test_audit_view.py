"""The platform admins' audit view: in names, never ids, and by kind only what they may not read."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from registry.models.base import utcnow
from registry.services import coordinators, identities, users
from registry.services.inputs import build
from registry.services.inputs.conflicts import ConflictChanges
from tests.factories import (
    ConflictFactory,
    PersonFactory,
    Scope,
    initiative_on,
    named_user,
    one_transaction,
    participate,
    reference,
)
from tests.helpers import ID_WORDING, sign_in_as
from tests.world import World

SEALED_TITLE = "CANARY-AUDIT-SEALED-4e1f"
RESTRICTED_TITLE = "CANARY-AUDIT-RESTRICTED-7a2c"
PUBLIC_TITLE = "Open Grazing Dialogue"
ALIAS = "CANARY-AUDIT-ALIAS-2b9d"
NAME = "Wilhelmina Sprocketfield"
CANARIES = (SEALED_TITLE, RESTRICTED_TITLE, ALIAS, *NAME.split())


@pytest.fixture
def history(app: Flask, staff: World, system: Any) -> dict[str, Any]:
    """Amani registers a sealed, a restricted and a public initiative and a participant;
    the operator assigns Bruno as coordinator; a coordinator reads a named person's name."""
    with one_transaction():
        conflict = ConflictFactory(name="Turkwel Basin", slug="turkwel-basin")
        where = Scope(
            conflict=conflict,
            issue=reference("issue", conflict.id, name="Water access"),
            region=reference("region", conflict.id, name="Lower Turkwel"),
            party=reference("party", conflict.id, name="Herders of the plain"),
            body=reference("track_one_body", conflict.id, name="Joint peace committee"),
        )
        sealed = initiative_on(where, staff.amani.id, title=SEALED_TITLE, confidentiality="sealed")
        initiative_on(where, staff.amani.id, title=RESTRICTED_TITLE, confidentiality="restricted")
        initiative_on(where, staff.amani.id, title=PUBLIC_TITLE, confidentiality="public")
        person = PersonFactory(
            organisation_id=staff.amani.id,
            full_name=NAME,
            alias=ALIAS,
            identity_visibility="named",
        )
        participate(sealed.id, person.id)
    coordinator = named_user(staff.border.id, "Cora Wanjiru", "editor", "cora@border.example")
    coordinators.assign(staff.operator, where.conflict.id, coordinator)
    identities.read_full_name(users.find_by_email("cora@border.example"), person.id)
    return {"conflict": where.conflict, "coordinator": coordinator}


def audit_pages(client: FlaskClient, query: str = "") -> str:
    """Return the text of every page of the audit view for a query, following the pager."""
    texts, url = [], f"/admin/audit{query}"
    for _ in range(50):
        response = client.get(url)
        assert response.status_code == 200, response.status_code
        html = response.get_data(as_text=True)
        texts.append(html)
        found = re.search(r'href="(/admin/audit[^"]*)">Next', html)
        if not found:
            break
        url = found.group(1).replace("&amp;", "&")
    return "\n".join(texts)


def rows_of(html: str) -> str:
    """Return the event rows of audit pages (not the filters' choices)."""
    return "\n".join(re.findall(r"<tbody>(.*?)</tbody>", html, re.DOTALL))


def test_audit_view_names_actors_and_objects_and_hides_what_the_admin_may_not_read(
    client: FlaskClient, staff: World, history: dict[str, Any]
) -> None:
    text = audit_pages(sign_in_as(client, staff.operator))
    assert not [canary for canary in CANARIES if canary.lower() in text.lower()]
    assert "a sealed initiative" in text and "a restricted initiative" in text
    assert "a person" in text
    assert PUBLIC_TITLE in text  # what the admin may read is named
    assert "Pat Operator" in text and "Registry operators" in text
    assert "assigned a coordinator to" in text and "Cora Wanjiru (Border Voices)" in text
    assert "read the full name of" in text
    assert not ID_WORDING.search(text)


def test_audit_view_of_a_coordinating_platform_admin_names_the_conflict_s_initiatives(
    client: FlaskClient, staff: World, history: dict[str, Any]
) -> None:
    coordinators.assign(staff.operator, history["conflict"].id, staff.operator)
    text = audit_pages(sign_in_as(client, staff.operator))
    assert SEALED_TITLE in text
    assert ALIAS not in text and "Sprocketfield" not in text  # people stay "a person"


def test_audit_view_filters_by_actor_action_kind_and_date(
    client: FlaskClient, staff: World, history: dict[str, Any]
) -> None:
    sign_in_as(client, staff.operator)
    by_actor = rows_of(audit_pages(client, f"?actor={staff.operator.id}"))
    assert "assigned a coordinator to" in by_actor and "created" not in by_actor
    by_action = audit_pages(client, "?action=person.read_full_name")
    assert "1 event." in by_action and "Cora Wanjiru" in by_action
    by_kind = rows_of(audit_pages(client, "?object_type=initiative"))
    assert "a sealed initiative" in by_kind and "a person" not in by_kind
    tomorrow = (utcnow() + timedelta(days=1)).date().isoformat()
    assert "0 events." in audit_pages(client, f"?since={tomorrow}")
    assert "0 events." not in audit_pages(client, f"?until={tomorrow}")


def test_audit_view_filter_selects_speak_in_names(
    client: FlaskClient, staff: World, history: dict[str, Any]
) -> None:
    html = audit_pages(sign_in_as(client, staff.operator))
    assert '<select class="form-select" id="actor"' in html
    assert ">Pat Operator (Registry operators)</option>" in html


def test_audit_view_is_paged_fifty_events_a_page(
    client: FlaskClient, staff: World, history: dict[str, Any], system: Any
) -> None:
    from registry.services import conflicts

    for number in range(60):
        conflicts.update(
            system,
            history["conflict"].id,
            build(ConflictChanges, {"summary": f"Revision {number}"}),
        )
    sign_in_as(client, staff.operator)
    first = client.get("/admin/audit").get_data(as_text=True)
    assert first.count("<tr>") == 51  # a header row and fifty events
    assert "Page 1 of" in first
    assert "Page 2 of" in client.get("/admin/audit?page=2").get_data(as_text=True)


@pytest.mark.parametrize("who", ["amani_admin", "amani_editor"])
def test_audit_view_is_for_platform_admins(client: FlaskClient, staff: World, who: str) -> None:
    sign_in_as(client, getattr(staff, who))
    assert client.get("/admin/audit").status_code == 403
