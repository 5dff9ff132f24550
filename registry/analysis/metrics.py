"""Metrics of a run (SPEC 4.3): the overlap graph and its structure, reach, brokers, coverage."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from registry.analysis import graph
from registry.analysis.bounds import count_by_code
from registry.analysis.context import Context
from registry.analysis.coverage import compute_coverage
from registry.analysis.findings import Finding

LOUVAIN_SEED = 42
TOP_BROKERS = 10


def overlap_graph(
    ctx: Context, codes: Iterable[str], left_out: frozenset[str] = frozenset()
) -> tuple[list[int], list[dict[str, Any]]]:
    """Live initiatives as nodes, an edge per kept pair finding, weighted by facets that hold."""
    selected = frozenset(codes)
    edges = [
        {"source": a, "target": b, "code": outcome.code, "weight": outcome.weight}
        for (a, b), outcome in ctx.pair_outcomes.items()  # sorted by pair
        if outcome.code in selected
        and (not left_out or f"{outcome.code}:initiative:{a},{b}" not in left_out)
    ]
    return [i.id for i in ctx.live], edges


def structure(nodes: Iterable[int], edges: list[dict[str, Any]]) -> dict[str, Any]:
    """Nodes, edges, density, connected components and Louvain communities of the graph."""
    nodes = sorted(nodes)
    weighted = [(e["source"], e["target"], e["weight"]) for e in edges]
    return {
        "overlap_graph": {"nodes": nodes, "edges": edges},
        "density": graph.density(len(nodes), len(edges)),
        "components": graph.components(nodes, weighted),
        "communities": graph.louvain_communities(nodes, weighted, seed=LOUVAIN_SEED),
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


Structure = Callable[[Iterable[int], list[dict[str, Any]]], dict[str, Any]]


def compute_metrics(
    ctx: Context,
    findings: Sequence[Finding],
    codes: Iterable[str],
    structure_of: Structure = structure,
    left_out: frozenset[str] = frozenset(),
) -> dict[str, Any]:
    """All metrics of a run, JSON-ready; `left_out` counts by code what caps dropped."""
    return {
        "as_of": ctx.as_of.isoformat(),
        "summary": summary(ctx, findings),
        **structure_of(*overlap_graph(ctx, codes, left_out)),
        "reach": reach(ctx),
        "brokers": brokers(ctx),
        "coverage": compute_coverage(ctx, findings),
        "left_out": count_by_code(left_out),
    }
