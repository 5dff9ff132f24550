"""Metrics of a run (SPEC 4.3): the overlap graph and its structure, reach, brokers, coverage."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

import networkx as nx

from registry.analysis.context import Context
from registry.analysis.coverage import compute_coverage
from registry.analysis.findings import Finding

LOUVAIN_SEED = 42
TOP_BROKERS = 10


def overlap_graph(ctx: Context, codes: Iterable[str]) -> tuple[nx.Graph, list[dict[str, Any]]]:
    """Live initiatives as nodes, an edge per pair finding weighted by the facets that hold."""
    selected = frozenset(codes)
    graph = nx.Graph()
    graph.add_nodes_from(i.id for i in ctx.live)
    edges = []
    for (a, b), outcome in ctx.pair_outcomes.items():  # sorted by pair
        if outcome.code in selected:
            edges.append({"source": a, "target": b, "code": outcome.code, "weight": outcome.weight})
    graph.add_weighted_edges_from((e["source"], e["target"], e["weight"]) for e in edges)
    return graph, edges


def _groups(groups: Iterable[Iterable[int]]) -> list[list[int]]:
    """Sort each group and the list of groups."""
    return sorted(sorted(group) for group in groups)


def structure(graph: nx.Graph, edges: list[dict[str, Any]]) -> dict[str, Any]:
    """Nodes, edges, density, connected components and Louvain communities of the graph."""
    communities = nx.community.louvain_communities(graph, weight="weight", seed=LOUVAIN_SEED)
    return {
        "overlap_graph": {"nodes": sorted(graph.nodes), "edges": edges},
        "density": nx.density(graph),
        "components": _groups(nx.connected_components(graph)),
        "communities": _groups(communities),
    }


def reach(ctx: Context) -> dict[str, dict[str, list[int]]]:
    """For each initiative, the parties and Track One bodies it reaches."""
    return {
        str(i.id): {
            "parties": sorted(ctx.reaches(i.id)),
            "track_one_bodies": sorted(ctx.bodies_of.get(i.id, ())),
        }
        for i in sorted(ctx.snapshot.initiatives, key=lambda i: i.id)
    }


def brokers(ctx: Context) -> list[dict[str, Any]]:
    """Matched people in two or more live initiatives, by initiatives then parties bridged."""
    ranked = []
    for key, ids in ctx.live_initiatives_of_person.items():
        if len(ids) < 2:
            continue
        parties = frozenset().union(*(ctx.parties_among(iid) for iid in ids))
        ranked.append((-len(ids), -len(parties), key))
    ranked.sort()
    return [
        {
            "alias": ctx.people_by_key[key].alias,
            "ref": ctx.ref(key),
            "initiatives": -initiatives,
            "parties": -parties,
        }
        for initiatives, parties, key in ranked[:TOP_BROKERS]
    ]


def summary(ctx: Context, findings: Sequence[Finding]) -> dict[str, Any]:
    """Counts of initiatives and of findings by code and by severity."""
    return {
        "initiatives": len(ctx.initiatives),
        "live_initiatives": len(ctx.live),
        "findings": len(findings),
        "by_code": dict(sorted(Counter(f.code for f in findings).items())),
        "by_severity": dict(sorted(Counter(f.severity for f in findings).items())),
    }


def compute_metrics(
    ctx: Context, findings: Sequence[Finding], codes: Iterable[str]
) -> dict[str, Any]:
    """All metrics of a run, JSON-ready (string keys)."""
    return {
        "as_of": ctx.as_of.isoformat(),
        "summary": summary(ctx, findings),
        **structure(*overlap_graph(ctx, codes)),
        "reach": reach(ctx),
        "brokers": brokers(ctx),
        "coverage": compute_coverage(ctx, findings),
    }
