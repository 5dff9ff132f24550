"""The straightforward engine: the reference the fast one is checked and timed against.

It compares every pair of live initiatives and counts shared people through the
weighted bipartite projection of initiatives and people, then classifies each pair
exactly as the fast engine does. The overlap graph's structure comes from networkx
(its graph, components and Louvain), as the engine first had it; the other rules,
reach, brokers and coverage are the engine's own code.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import date
from itertools import combinations
from typing import Any

import networkx as nx
from networkx.algorithms import bipartite

from registry.analysis import terms
from registry.analysis.candidates import Pair
from registry.analysis.context import Context
from registry.analysis.engine import Result, collector_paused, run
from registry.analysis.findings import Finding, sort_key
from registry.analysis.metrics import LOUVAIN_SEED
from registry.analysis.pairs import PairFacets, PairOutcome, classify
from registry.analysis.rules.pair import pair_finding, pair_threshold
from registry.analysis.snapshot import InitiativeFacts, Snapshot
from registry.analysis.thresholds import DEFAULT_THRESHOLDS, Thresholds


def all_pairs(ctx: Context) -> dict[Pair, PairOutcome]:
    """Compare every pair of live initiatives; keep those that get a pair finding."""
    network = nx.Graph()
    initiatives = [("initiative", i.id) for i in ctx.live]
    network.add_nodes_from(initiatives)
    for participation in ctx.snapshot.participations:
        if participation.initiative_id in ctx.live_ids:
            node = ("initiative", participation.initiative_id)
            network.add_edge(node, ("person", participation.person_key))
    shared = nx.Graph()
    if len(network) > len(initiatives):  # the projection needs people on the other side
        shared = bipartite.weighted_projected_graph(network, initiatives)
    outcomes = {}
    for a, b in combinations(ctx.live, 2):
        if terms.concurrent(a, b):
            outcome = classify(_facets(ctx, network, shared, a, b), ctx.thresholds)
            if outcome.code is not None:
                outcomes[(a.id, b.id)] = outcome
    return outcomes


def _facets(
    ctx: Context, network: nx.Graph, shared: nx.Graph, a: InitiativeFacts, b: InitiativeFacts
) -> PairFacets:
    """The facets of one pair, people counted from the bipartite network and its projection."""
    edge = shared.get_edge_data(("initiative", a.id), ("initiative", b.id))
    common = edge["weight"] if edge else 0
    people = network.degree(("initiative", a.id)) + network.degree(("initiative", b.id))
    bodies_a = {c.body_id for c in ctx.channels(a.id)}
    bodies_b = {c.body_id for c in ctx.channels(b.id)}
    return PairFacets(
        a=a.id,
        b=b.id,
        shared_issue_ids=tuple(sorted(a.issue_ids & b.issue_ids)),
        issue_union=len(a.issue_ids | b.issue_ids),
        shared_body_ids=tuple(sorted(bodies_a & bodies_b)),
        shared_people=common,
        people_union=people - common,
        regions_compatible=terms.regions_compatible(a.region_ids, b.region_ids),
        same_mode=a.mode == b.mode,
        agreed_link=frozenset((a.id, b.id)) in ctx.snapshot.agreed_links,
    )


def networkx_structure(nodes: Iterable[int], edges: list[dict[str, Any]]) -> dict[str, Any]:
    """Density, components and Louvain communities of the overlap graph, by networkx."""
    graph = nx.Graph()
    graph.add_nodes_from(nodes)
    graph.add_weighted_edges_from((e["source"], e["target"], e["weight"]) for e in edges)
    communities = nx.community.louvain_communities(graph, weight="weight", seed=LOUVAIN_SEED)
    return {
        "overlap_graph": {"nodes": sorted(graph.nodes), "edges": edges},
        "density": nx.density(graph),
        "components": sorted(sorted(group) for group in nx.connected_components(graph)),
        "communities": sorted(sorted(group) for group in communities),
    }


def baseline_pair_findings(
    snapshot: Snapshot, as_of: date, thresholds: Thresholds = DEFAULT_THRESHOLDS
) -> tuple[Finding, ...]:
    """The pair findings of the all-pairs engine, sorted like the engine's."""
    ctx = Context(snapshot, as_of, thresholds, pair_engine=all_pairs)
    threshold = pair_threshold(thresholds)
    found = (pair_finding(outcome, threshold) for outcome in ctx.pair_outcomes.values())
    return tuple(sorted(found, key=sort_key))


def analyse_baseline(
    snapshot: Snapshot,
    as_of: date,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
    codes: Collection[str] | None = None,
) -> Result:
    """Like `engine.analyse`, with the all-pairs engine for the pair rules."""
    with collector_paused():
        context = Context(snapshot, as_of, thresholds, pair_engine=all_pairs)
        return run(context, codes, structure_of=networkx_structure)
