"""Metrics of a run (SPEC 4.3)."""

from __future__ import annotations

from tests.analysis.builders import Build, alias_of


def chain() -> Build:
    """Initiatives 1-2 overlap in scope, 3-4 share a person, 5 stands alone."""
    build = Build().party(1, 2).issue(1, 2, 3, 4).body(5, party=1).body(6)
    build.initiative(1, issue_ids=(1,)).initiative(2, issue_ids=(1,))
    build.initiative(3, issue_ids=(2,)).initiative(4, issue_ids=(3,))
    build.initiative(5, issue_ids=(4,)).initiative(6, issue_ids=(1,), status="concluded")
    return build.join(3, 10, party=1).join(4, 10, party=2).join(4, 11, party=2, proximity=1)


def test_the_overlap_graph_has_live_initiatives_and_weighted_pair_edges() -> None:
    graph = chain().analyse().metrics["overlap_graph"]
    assert graph["nodes"] == [1, 2, 3, 4, 5]
    assert graph["edges"] == [
        {"source": 1, "target": 2, "code": "scope_overlap", "weight": 0.25},
        {"source": 3, "target": 4, "code": "shared_participants", "weight": 0.25},
    ]


def test_an_edge_weighs_the_share_of_facets_that_hold() -> None:
    build = Build().issue(1).initiative(1).initiative(2).join(1, 10).join(2, 10)
    (edge,) = build.analyse().metrics["overlap_graph"]["edges"]
    assert (edge["code"], edge["weight"]) == ("duplicate_initiative", 0.75)


def test_density_components_and_communities() -> None:
    metrics = chain().analyse().metrics
    assert metrics["density"] == 2 / 10
    assert metrics["components"] == [[1, 2], [3, 4], [5]]
    assert metrics["communities"] == [[1, 2], [3, 4], [5]]


def test_reach_lists_parties_and_bodies_of_every_initiative() -> None:
    build = chain().channel(1, 5).channel(2, 6)
    reach = build.analyse().metrics["reach"]
    assert reach["1"] == {"parties": [1], "track_one_bodies": [5]}
    assert reach["2"] == {"parties": [1, 2], "track_one_bodies": [6]}
    assert reach["4"] == {"parties": [2], "track_one_bodies": []}


def test_brokers_are_people_of_several_live_initiatives_shown_by_alias() -> None:
    build = chain().join(1, 11, party=1).join(2, 11).join(5, 12).join(6, 12)
    brokers = build.analyse().metrics["brokers"]
    assert brokers == [
        {"alias": alias_of(11), "ref": "ref0011", "initiatives": 3, "parties": 2},
        {"alias": alias_of(10), "ref": "ref0010", "initiatives": 2, "parties": 2},
    ]


def test_brokers_are_capped_at_ten() -> None:
    build = Build().issue(1).initiative(1).initiative(2)
    for key in range(20):
        build.join(1, key).join(2, key)
    assert len(build.analyse().metrics["brokers"]) == 10


def test_metrics_count_findings_by_code() -> None:
    summary = chain().analyse().metrics["summary"]
    assert summary["live_initiatives"] == 5 and summary["initiatives"] == 6
    assert summary["by_code"]["scope_overlap"] == 1
