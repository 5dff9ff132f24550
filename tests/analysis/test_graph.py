"""The overlap graph's structure, checked against networkx on the same graphs."""

from __future__ import annotations

import random

import networkx as nx
import pytest

from registry.analysis.graph import Edge, components, density, louvain_communities


def weighted(graph: nx.Graph, seed: int) -> list[Edge]:
    """The graph's edges with weights a pair edge can have (quarters)."""
    rnd = random.Random(seed)
    return [(a, b, rnd.choice((0.25, 0.5, 0.75, 1.0))) for a, b in graph.edges]


def as_networkx(nodes: list[int], edges: list[Edge]) -> nx.Graph:
    graph = nx.Graph()
    graph.add_nodes_from(nodes)
    graph.add_weighted_edges_from(edges)
    return graph


def random_graph(seed: int) -> tuple[list[int], list[Edge]]:
    """Sparse random graphs and chains of cliques, the shapes overlap graphs take."""
    rnd = random.Random(seed)
    if seed % 3 == 0:
        graph = nx.connected_caveman_graph(rnd.randint(2, 20), rnd.randint(3, 8))
    else:
        size = rnd.randint(2, 250)
        graph = nx.gnm_random_graph(size, rnd.randint(0, 4 * size), seed=seed)
    return sorted(graph.nodes), weighted(graph, seed)


def test_density_of_a_simple_graph() -> None:
    assert density(5, 2) == 2 / 10
    assert density(1, 0) == density(0, 0) == 0.0


@pytest.mark.parametrize("seed", range(20))
def test_components_are_networkx_components(seed: int) -> None:
    nodes, edges = random_graph(seed)
    expected = sorted(sorted(c) for c in nx.connected_components(as_networkx(nodes, edges)))
    assert components(nodes, edges) == expected


def test_two_cliques_joined_by_one_edge_are_two_communities() -> None:
    left = [(a, b, 1.0) for a in range(5) for b in range(a + 1, 5)]
    right = [(a + 10, b + 10, 1.0) for a, b, _ in left]
    edges = [*left, *right, (4, 10, 0.25)]
    nodes = [*range(5), *range(10, 15), 99]
    assert louvain_communities(nodes, edges, seed=42) == [
        [0, 1, 2, 3, 4],
        [10, 11, 12, 13, 14],
        [99],
    ]


def test_without_edges_every_node_is_alone() -> None:
    assert louvain_communities([3, 1, 2], [], seed=42) == [[1], [2], [3]]
    assert louvain_communities([], [], seed=42) == []


@pytest.mark.parametrize("seed", range(30))
def test_communities_partition_the_nodes_as_well_as_networkx_does(seed: int) -> None:
    nodes, edges = random_graph(seed)
    ours = louvain_communities(nodes, edges, seed=42)
    assert sorted(node for group in ours for node in group) == nodes
    flipped = [(b, a, weight) for a, b, weight in reversed(edges)]
    assert louvain_communities(nodes[::-1], flipped, seed=42) == ours  # same graph, same answer
    if not edges:
        return
    graph = as_networkx(nodes, edges)
    theirs = nx.community.louvain_communities(graph, weight="weight", seed=42)
    quality = nx.community.modularity(graph, ours)
    assert quality >= 0.95 * nx.community.modularity(graph, theirs)
    # Louvain only merges neighbours: no community spans two components.
    component_of = {node: i for i, group in enumerate(components(nodes, edges)) for node in group}
    assert all(len({component_of[node] for node in group}) == 1 for group in ours)
