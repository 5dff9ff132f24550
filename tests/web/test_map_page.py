"""The overlap map's page: caps on edges and nodes, filters that keep the layout, the table."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.factories import InitiativeFactory, OrganisationFactory
from tests.helpers import sign_in_as
from tests.world import World, overlapping_pair


@pytest.fixture
def world(app: Flask) -> World:
    """Three initiatives on one issue: three overlaps among them."""
    world = overlapping_pair("Water sharing", "Upstream herders", ("Wells dialogue", "River talks"))
    third = InitiativeFactory(
        conflict_id=world["conflict"].id,
        sponsor_id=OrganisationFactory().id,
        issue_ids=[world["water"].id],
        title="Spring meetings",
    )
    return world.adding(third=third)


def island(client: FlaskClient, world: World, **query: Any) -> tuple[str, dict]:
    sign_in_as(client, world["coordinator"])
    response = client.get(f"/conflicts/{world['conflict'].id}/map", query_string=query)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    found = re.search(r'<script type="application/json" id="overlap-data">(.*?)</script>', html)
    assert found is not None
    return html, json.loads(found.group(1))


def test_the_map_sends_the_strongest_edges_up_to_the_cap_and_says_so(
    app: Flask, client: FlaskClient, world: World
) -> None:
    _, full = island(client, world)
    assert len(full["elements"]["edges"]) == 3
    saved = app.config["ANALYSIS_CAPS"]
    app.config["ANALYSIS_CAPS"] = {"map_edges": 2}
    try:
        html, capped = island(client, world)
    finally:
        app.config["ANALYSIS_CAPS"] = saved
    edges = capped["elements"]["edges"]
    assert len(edges) == 2
    assert "There are 3 overlaps" in html and "leave out 1" in html
    ranks = {"high": 0, "medium": 1, "low": 2, "info": 3}
    kept = sorted(ranks[e["data"]["severity"]] for e in edges)
    left = [ranks[e["data"]["severity"]] for e in full["elements"]["edges"] if e not in edges]
    assert max(kept) <= min(left)  # the strongest first


def test_a_sponsor_filter_hides_edges_but_keeps_every_node_and_place(
    client: FlaskClient, world: World
) -> None:
    _, everything = island(client, world)
    sponsor = world["third"].sponsor_id
    html, filtered = island(client, world, sponsor=sponsor)
    hidden = [e for e in filtered["elements"]["edges"] if "hidden" in e["classes"]]
    assert len(hidden) == 1  # the overlap the third initiative is not part of
    assert [n["position"] for n in filtered["elements"]["nodes"]] == [
        n["position"] for n in everything["elements"]["nodes"]
    ]
    faded = {n["data"]["title"] for n in filtered["elements"]["nodes"] if n["classes"]}
    assert faded == {"Wells dialogue", "River talks"}
    assert "2 of 3 overlaps match the filters" in html


def test_nodes_are_labelled_by_title_and_edges_carry_the_sentence_in_words(
    client: FlaskClient, world: World
) -> None:
    html, data = island(client, world)
    labels = {n["data"]["label"] for n in data["elements"]["nodes"]}
    assert labels == {"Wells dialogue", "River talks", "Spring meetings"}
    for edge in data["elements"]["edges"]:
        message = edge["data"]["message"]
        assert edge["data"]["source_title"] in message and edge["data"]["target_title"] in message
        # Proposing goes to the stored finding, brought into the list and opened at it.
        assert re.search(r"focus=\d+#finding-\d+$", edge["data"]["propose_url"])
    assert not re.search(r"\binitiatives? \d", html, re.IGNORECASE)


def test_the_map_sends_the_nodes_of_the_strongest_edges_up_to_the_node_cap_and_says_so(
    app: Flask, client: FlaskClient, world: dict[str, Any]
) -> None:
    _, full = island(client, world)
    saved = app.config["ANALYSIS_CAPS"]
    app.config["ANALYSIS_CAPS"] = {"map_nodes": 2}
    try:
        html, capped = island(client, world)
    finally:
        app.config["ANALYSIS_CAPS"] = saved
    nodes = {n["data"]["id"] for n in capped["elements"]["nodes"]}
    edges = capped["elements"]["edges"]
    strongest = full["elements"]["edges"][0]["data"]  # the island lists edges strongest first
    assert nodes == {strongest["source"], strongest["target"]}
    assert [(e["data"]["source"], e["data"]["target"]) for e in edges] == [
        (strongest["source"], strongest["target"])
    ]
    assert "There are 3 initiatives to draw" in html and "leave out 1." in html
    assert "There are 3 overlaps" in html  # the overlaps the dropped node took are said too
