"""The overlap map: visible live initiatives as nodes, pair findings as edges, in three formats."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import networkx as nx
import sqlalchemy as sa

from .. import policy
from ..analysis.bounds import Caps
from ..analysis.codes import EDGE_CODES, RIVAL_CODE
from ..analysis.findings import SEVERITY_RANK
from ..extensions import db
from ..models import Initiative, Organisation
from ..policy import Actor
from ..services import analysis
from . import runs
from .conflicts import ConflictFields
from .findings import as_dict, findings_for, reads_stored
from .map_caps import strongest_nodes
from .run_metrics import metrics_for

MIMETYPES = {
    "cytoscape": "application/json",
    "gexf": "application/gexf+xml",
    "graphml": "application/graphml+xml",
}


def graph_for(actor: Actor, conflict: ConflictFields, as_of: date) -> nx.MultiGraph:
    """Build the reader's overlap graph from the findings and metrics they may see.

    Overlap findings are edges of kind "overlap"; `competing_proposals` (SPEC 8) are
    edges of their own kind beside them, and bring their initiatives in even when not live.
    Past the map's caps it keeps the strongest edges and their nodes; what it left
    out (and what the run's caps left out) is counted in `left_out(graph)`.
    """
    metrics = metrics_for(actor, conflict, as_of, ("overlap_graph", "left_out"))
    nodes = set(metrics["overlap_graph"]["nodes"])
    if reads_stored(actor, conflict, as_of):
        findings = runs.stored_edges(conflict.id, EDGE_CODES)  # the edges' columns only
    else:
        findings = [as_dict(finding) for finding in findings_for(actor, conflict, as_of)]
    rivals = [
        item for item in findings if item["code"] == RIVAL_CODE and item.get("status") != "resolved"
    ]
    nodes |= {iid for item in rivals for iid in item["initiative_ids"]}
    statement = (
        sa.select(Initiative, Organisation.name)
        .join(Organisation, Organisation.id == Initiative.sponsor_id)
        .where(Initiative.id.in_(sorted(nodes)), policy.visible_initiatives(actor))
    )
    graph = nx.MultiGraph()
    for initiative, sponsor in db.session.execute(statement):
        graph.add_node(
            initiative.id,
            label=initiative.title,
            sponsor=sponsor,
            status=initiative.status,
            mode=initiative.mode,
            track=initiative.track,
        )
    for item in findings:
        if item["code"] not in EDGE_CODES or item.get("status") == "resolved":
            continue
        a, b = item["initiative_ids"]
        if graph.has_node(a) and graph.has_node(b):
            facets = item["evidence"].get("inputs", {}).get("facets", {})
            weight = sum(bool(v) for v in facets.values()) / max(len(facets), 1)
            kind = RIVAL_CODE if item["code"] == RIVAL_CODE else "overlap"
            graph.add_edge(
                a,
                b,
                key=item["key"],
                code=item["code"],
                kind=kind,
                severity=item["severity"],
                weight=weight if kind == "overlap" else 1.0,
                finding_key=item["key"],
            )
    graph.graph["left_out"] = {**(metrics.get("left_out") or {}), **cap(graph, analysis.caps())}
    return graph


def left_out(graph: nx.MultiGraph) -> dict[str, int]:
    """What caps left out of the graph's answer: findings by code, map nodes and edges."""
    return dict(graph.graph.get("left_out") or {})


def cap(graph: nx.MultiGraph, caps: Caps) -> dict[str, int]:
    """Keep the strongest edges up to the edge cap, then nodes (those of strong edges first).

    Edges are ranked as findings are: severity, then the facets that hold, then key.
    """
    edges = sorted(
        graph.edges(keys=True, data=True),
        key=lambda e: (SEVERITY_RANK[e[3]["severity"]], -e[3]["weight"], e[3]["finding_key"]),
    )
    before = graph.number_of_edges()
    if caps.map_edges is not None and len(edges) > caps.map_edges:
        graph.remove_edges_from((a, b, k) for a, b, k, _ in edges[caps.map_edges :])
        edges = edges[: caps.map_edges]
    dropped_nodes = 0
    if caps.map_nodes is not None and graph.number_of_nodes() > caps.map_nodes:
        order = strongest_nodes(((a, b) for a, b, _, _ in edges), graph.nodes)
        dropped_nodes = len(order) - caps.map_nodes
        graph.remove_nodes_from(order[caps.map_nodes :])
    counts = {"map_edges": before - graph.number_of_edges(), "map_nodes": dropped_nodes}
    return {name: count for name, count in counts.items() if count}


def _edge_id(a: int, b: int, kind: str) -> str:
    """An overlap edge keeps its "a-b" id; a rival proposals edge is told apart."""
    return f"{a}-{b}" if kind == "overlap" else f"{a}-{b}-{kind}"


def render(graph: nx.MultiGraph, fmt: str) -> bytes | dict[str, Any]:
    """Return the graph as Cytoscape.js elements (a dict) or GEXF / GraphML bytes."""
    if fmt == "cytoscape":
        return {
            "left_out": left_out(graph),
            "elements": {
                "nodes": [
                    {"data": {"id": str(n), **data}} for n, data in sorted(graph.nodes(data=True))
                ],
                "edges": [
                    {
                        "data": {
                            "id": _edge_id(a, b, data["kind"]),
                            "source": str(a),
                            "target": str(b),
                            "key": data["finding_key"],
                            **{k: v for k, v in data.items() if k != "finding_key"},
                        }
                    }
                    for a, b, data in sorted(
                        graph.edges(data=True), key=lambda e: (e[0], e[1], e[2]["kind"])
                    )
                ],
            },
        }
    buffer = io.BytesIO()
    plain = graph.copy()
    plain.graph.pop("left_out", None)  # said in a header: GraphML cannot hold a mapping
    (nx.write_gexf if fmt == "gexf" else nx.write_graphml)(plain, buffer)
    return buffer.getvalue()
