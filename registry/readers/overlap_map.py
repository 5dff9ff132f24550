"""The overlap map: visible live initiatives as nodes, pair findings as edges, in three formats."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import networkx as nx
import sqlalchemy as sa

from .. import policy
from ..analysis.codes import PAIR_CODES
from ..extensions import db
from ..models import Conflict, Initiative, Organisation
from ..policy import Actor
from .findings import as_dict, findings_for, metrics_for

MIMETYPES = {
    "cytoscape": "application/json",
    "gexf": "application/gexf+xml",
    "graphml": "application/graphml+xml",
}


def graph_for(actor: Actor, conflict: Conflict, as_of: date) -> nx.Graph:
    """Build the reader's overlap graph from the findings and metrics they may see."""
    nodes = metrics_for(actor, conflict, as_of)["overlap_graph"]["nodes"]
    statement = (
        sa.select(Initiative, Organisation.name)
        .join(Organisation, Organisation.id == Initiative.sponsor_id)
        .where(Initiative.id.in_(nodes), policy.visible_initiatives(actor))
    )
    graph = nx.Graph()
    for initiative, sponsor in db.session.execute(statement):
        graph.add_node(
            initiative.id,
            label=initiative.title,
            sponsor=sponsor,
            status=initiative.status,
            mode=initiative.mode,
            track=initiative.track,
        )
    for finding in findings_for(actor, conflict, as_of):
        item = as_dict(finding)
        if item["code"] in PAIR_CODES and item.get("status") != "resolved":
            a, b = item["initiative_ids"]
            if graph.has_node(a) and graph.has_node(b):
                facets = item["evidence"].get("inputs", {}).get("facets", {})
                weight = sum(bool(v) for v in facets.values()) / max(len(facets), 1)
                graph.add_edge(
                    a,
                    b,
                    code=item["code"],
                    severity=item["severity"],
                    weight=weight,
                    key=item["key"],
                )
    return graph


def render(graph: nx.Graph, fmt: str) -> bytes | dict[str, Any]:
    """Return the graph as Cytoscape.js elements (a dict) or GEXF / GraphML bytes."""
    if fmt == "cytoscape":
        return {
            "elements": {
                "nodes": [
                    {"data": {"id": str(n), **data}} for n, data in sorted(graph.nodes(data=True))
                ],
                "edges": [
                    {"data": {"id": f"{a}-{b}", "source": str(a), "target": str(b), **data}}
                    for a, b, data in sorted(graph.edges(data=True), key=lambda e: (e[0], e[1]))
                ],
            }
        }
    buffer = io.BytesIO()
    (nx.write_gexf if fmt == "gexf" else nx.write_graphml)(graph, buffer)
    return buffer.getvalue()
