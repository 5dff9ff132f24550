"""The NGO's desk: home and initiative pages list exactly the findings the API gives the reader."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from registry.services import coordination
from registry.services.inputs import build
from registry.services.inputs.coordination import LinkProposal
from tests.factories import (
    SYSTEM,
    InitiativeFactory,
    PersonFactory,
    editor_of,
    one_transaction,
    participate,
)
from tests.helpers import bearer_for, sign_in_as
from tests.world import World, overlapping_pair


@pytest.fixture
def world(app: Flask) -> World:
    with one_transaction():
        pair = overlapping_pair("Water", titles=("Elders' forum", "Grazing talks"))
        hidden = InitiativeFactory(
            conflict_id=pair["conflict"].id,
            sponsor_id=pair["theirs"].sponsor_id,
            issue_ids=[pair["water"].id],
            title="Closed valley talks",
            confidentiality="restricted",
        )
        coordination.propose(
            SYSTEM,
            build(
                LinkProposal,
                {
                    "initiative_a_id": pair["theirs"].id,
                    "initiative_b_id": pair["own"].id,
                    "kind": "information_sharing",
                },
            ),
        )
    return pair.adding(hidden=hidden)


def page_keys(html: str, section: str | None = None) -> set[str]:
    """The finding keys a page lists (within one initiative's block when `section` is given)."""
    if section is not None:
        match = re.search(
            rf'<li class="border rounded p-3 mb-3" id="{section}">(.*?)\n    </li>', html, re.S
        )
        assert match, f"no block {section}"
        html = match.group(1)
    return set(re.findall(r'data-finding-key="([^"]+)"', html))


def api_keys(client: FlaskClient, world: World, user: Any) -> set[str]:
    response = client.get(
        f"/api/v1/conflicts/{world['conflict'].id}/findings",
        query_string={"initiative_id": world["own"].id, "status": "open"},
        headers=bearer_for(user),
    )
    assert response.status_code == 200, response.get_json()
    return {finding["key"] for finding in response.get_json()}


def test_an_editors_home_lists_exactly_the_findings_the_api_gives_them(
    client: FlaskClient, world: World
) -> None:
    expected = api_keys(client, world, world["member"])
    html = sign_in_as(client, world["member"]).get("/home").get_data(as_text=True)

    assert page_keys(html, f"initiative-{world['own'].id}") == expected
    assert any(
        key.startswith(("shared_participants", "duplicate_initiative", "scope_overlap"))
        for key in expected
    )
    assert "Closed valley talks" not in html
    assert f"initiative_id={world['own'].id}" in html
    # In words, with the evidence as sentences, never ids.
    assert "issues in common: Water" in html
    assert "Grazing talks run at the same time" in html


def test_the_initiative_page_lists_exactly_the_findings_the_api_gives_the_reader(
    client: FlaskClient, world: World
) -> None:
    expected = api_keys(client, world, world["member"])
    url = f"/initiatives/{world['own'].id}"

    html = sign_in_as(client, world["member"]).get(url).get_data(as_text=True)

    assert page_keys(html) == expected
    assert "Closed valley talks" not in html
    assert "Grazing talks" in html  # the other initiative of the pair, by title


def test_a_coordinator_reads_its_stored_findings_on_the_initiative_page(
    client: FlaskClient, world: World
) -> None:
    coordinator = world["coordinator"]
    expected = api_keys(client, world, coordinator)
    html = (
        sign_in_as(client, coordinator)
        .get(f"/initiatives/{world['own'].id}")
        .get_data(as_text=True)
    )

    assert page_keys(html) == expected
    pair = ",".join(str(i) for i in sorted((world["own"].id, world["hidden"].id)))
    assert any(key.endswith(f":{pair}") for key in expected)  # hidden from the member only


def test_the_home_offers_to_answer_a_request_awaiting_the_organisation(
    client: FlaskClient, world: World
) -> None:
    html = sign_in_as(client, world["member"]).get("/home").get_data(as_text=True)

    assert 'id="awaiting"' in html
    assert "/agree" in html and "/decline" in html


def test_the_findings_page_filters_by_initiative(client: FlaskClient, world: World) -> None:
    expected = api_keys(client, world, world["member"])
    url = f"/conflicts/{world['conflict'].id}/findings"
    query = {"initiative_id": world["own"].id, "status": "open"}

    html = sign_in_as(client, world["member"]).get(url, query_string=query).get_data(as_text=True)

    shown = re.search(r'<p id="findings-count">(\d+) of', html)
    assert shown and int(shown.group(1)) == len(expected)
    assert 'id="findings-about"' in html


def test_a_viewer_sees_the_requests_without_the_buttons(
    app: Flask, client: FlaskClient, world: World
) -> None:
    with one_transaction():
        viewer = editor_of(world["own"].sponsor_id, role="viewer")

    html = sign_in_as(client, viewer).get("/home").get_data(as_text=True)

    assert 'id="awaiting"' in html and "/agree" not in html


def test_an_org_admin_sees_pending_reveal_requests_and_an_editor_does_not(
    client: FlaskClient, world: World
) -> None:
    from registry.services import identities

    with one_transaction():
        ngo = world["own"].sponsor_id
        person = PersonFactory(organisation_id=ngo, full_name="Secret Elder", alias="Elder X")
        participate(world["own"].id, person.id)
        admin = editor_of(ngo, role="org_admin")
    identities.request_reveal(world["coordinator"], person.id, "Checking a listed affiliation")

    as_admin = sign_in_as(client, admin).get("/home").get_data(as_text=True)
    as_editor = sign_in_as(client, world["member"]).get("/home").get_data(as_text=True)

    assert 'id="reveals"' in as_admin and "Elder X" in as_admin
    assert "Checking a listed affiliation" in as_admin and "Secret Elder" not in as_admin
    assert 'id="reveals"' not in as_editor


def test_a_coordinators_proposal_awaits_each_sponsor_until_it_answers(
    client: FlaskClient, world: World
) -> None:
    with one_transaction():
        other = InitiativeFactory(
            conflict_id=world["conflict"].id,
            sponsor_id=world["theirs"].sponsor_id,
            issue_ids=[world["water"].id],
            title="Dry-season talks",
        )
        coordination.propose(
            world["coordinator"],
            build(
                LinkProposal,
                {
                    "initiative_a_id": world["own"].id,
                    "initiative_b_id": other.id,
                    "kind": "sequencing",
                },
            ),
        )
    sign_in_as(client, world["member"])

    before = client.get("/home").get_data(as_text=True)
    awaiting = before.split('id="awaiting"', 1)[1].split("</ul>", 1)[0]
    assert "Dry-season talks" in awaiting and "coordinator of the conflict" in awaiting
    forms = [chunk for chunk in awaiting.split("<li") if "Dry-season talks" in chunk]
    link_id = int(forms[0].split("/links/")[1].split("/")[0])
    client.post(f"/links/{link_id}/agree")

    after = client.get("/home").get_data(as_text=True)
    assert "Dry-season talks" not in after.split('id="own-initiatives"', 1)[0]
