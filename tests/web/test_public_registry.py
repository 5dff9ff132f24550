"""The public registry: filters, a page per public initiative, public fields only."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.factories import (
    InitiativeFactory,
    reference,
)
from tests.world import World, build_world, initiative, org, place


@pytest.fixture
def world(app) -> World:
    """Two conflicts: public initiatives of two sponsors, and a registry-level one of a third."""
    made = build_world(
        scopes={"valley": place(name="Valley conflict"), "border": place(name="Border dispute")},
        organisations={
            "open": org(name="Open Dialogue Centre"),
            "other": org(name="Bridge Builders"),
            "quiet": org(name="Quiet Sponsor Trust"),
        },
        initiatives={
            "water": initiative(
                "open",
                on="valley",
                title="Water talks",
                confidentiality="public",
                summary="Private summary of the water talks",
                method="back_channel",
            ),
            "crossing": initiative(
                "open", on="border", title="Crossing dialogue", confidentiality="public"
            ),
            "hidden": initiative("quiet", on="valley", title="Registry-only retreat"),
        },
    )
    grazing = reference("issue", made.valley.conflict.id, name="Grazing routes")
    routes = InitiativeFactory(
        conflict_id=made.valley.conflict.id,
        sponsor_id=made.other.id,
        title="Routes forum",
        confidentiality="public",
        status="planned",
        issue_ids=[grazing.id],
    )
    return made.adding(grazing=grazing, routes=routes)


def titles(client, **query: Any) -> list[str]:
    response = client.get("/registry", query_string=query)
    assert response.status_code == 200
    return sorted(re.findall(r'<h2 class="h5"><a href="/registry/\d+">([^<]+)</a>', response.text))


def test_the_registry_lists_public_initiatives_only(client, world) -> None:
    assert titles(client) == ["Crossing dialogue", "Routes forum", "Water talks"]


def test_the_filters_narrow_by_conflict_issue_status_and_sponsor(client, world) -> None:
    assert titles(client, conflict_id=world["border"].conflict.id) == ["Crossing dialogue"]
    assert titles(client, issue_id=world["grazing"].id) == ["Routes forum"]
    assert titles(client, status="planned") == ["Routes forum"]
    assert titles(client, sponsor_id=world["open"].id) == ["Crossing dialogue", "Water talks"]
    both = {"sponsor_id": world["open"].id, "conflict_id": world["valley"].conflict.id}
    assert titles(client, **both) == ["Water talks"]


def test_the_sponsor_filter_offers_sponsors_of_public_initiatives_only(client, world) -> None:
    html = client.get("/registry").text
    sponsors = html.split('name="sponsor_id"')[1].split("</select>")[0]
    assert "Open Dialogue Centre" in sponsors and "Bridge Builders" in sponsors
    assert "Quiet Sponsor Trust" not in html and "Registry-only retreat" not in html


def test_a_public_initiative_has_a_page_of_its_public_fields(client, world) -> None:
    html = client.get(f"/registry/{world['water'].id}").text
    fields = html.split('id="public-fields"')[1].split("</dl>")[0]
    labels = re.findall(r"<dt>([^<]+)</dt>", fields)
    assert labels == [
        "Conflict",
        "Sponsor",
        "Status",
        "Start date",
        "End date",
        "Track",
        "Mode",
        "Issues",
        "Regions",
    ]
    assert "Valley conflict" in fields and "Open Dialogue Centre" in fields
    assert "Private summary" not in html and "Back channel" not in html
    assert "registry" not in fields.lower()  # no confidentiality level shown


def test_any_other_initiative_reads_as_missing(client, world) -> None:
    assert client.get(f"/registry/{world['hidden'].id}").status_code == 404
    assert client.get("/registry/999999").status_code == 404


def test_a_malformed_filter_is_refused_naming_it(client, world) -> None:
    response = client.get("/registry", query_string={"status": "finished", "issue_id": "x"})
    assert response.status_code == 422
    assert "status" in response.text and "issue_id" in response.text


def test_the_landing_page_is_the_public_registry_with_a_contact_line(app, client, world) -> None:
    app.config["CONTACT"] = "Write to registry@example.org for an account."
    html = client.get("/").text
    assert "Water talks" in html and 'action="/registry"' in html
    assert "Write to registry@example.org for an account." in html
    assert "Write to registry@example.org" in client.get(f"/registry/{world['water'].id}").text


def test_the_filter_form_works_without_javascript(client, world) -> None:
    html = client.get("/registry").text
    assert '<form method="get" action="/registry"' in html
    # The only script is Bootstrap's, which folds the menu on phones; the list needs none.
    assert re.findall(r"<script[^>]*>", html) == [
        '<script src="/static/vendor/bootstrap/bootstrap.bundle.min.js" defer>'
    ]
