"""The overlap map as one reader may see it: nodes and edges with what the page draws and says.

Nodes are the live initiatives the reader may see; edges are their overlap findings,
strongest first up to a cap, then nodes up to theirs, those of the strongest edges
first, as the map's export caps them (SPEC 4.2). Filters mark edges shown or not rather than
dropping them, so the layout, computed on every edge sent, is the same whatever the
filters: a reader comparing two filters sees the same picture.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from .. import policy
from ..analysis.codes import EDGE_CODES, RIVAL_CODE
from ..analysis.findings import SEVERITY_RANK
from ..extensions import db
from ..models import Initiative, Organisation, Participation
from ..models.initiative import initiative_issue
from ..policy import Access, Actor
from .conflicts import ConflictFields
from .finding_words import in_words
from .findings import outlines_for, whole_rows
from .links import readable_links
from .map_caps import capped, edge_cap, node_cap
from .run_metrics import left_out_of, metrics_for

ACTIVE = ("open", "acknowledged")
GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))
SPACING = 40.0


@dataclass(frozen=True)
class MapFilters:
    """What the reader asked the map to show; empty values keep everything."""

    codes: tuple[str, ...] = EDGE_CODES
    severity: str = ""
    status: str = "active"
    sponsor_id: int | None = None
    issue_id: int | None = None


@dataclass(frozen=True)
class MapNode:
    """An initiative on the map, placed where the seeded layout starts it."""

    id: int
    title: str
    sponsor: str
    sponsor_id: int
    status: str
    mode: str
    track: str
    participants: int | None
    worst: str | None
    issue_ids: tuple[int, ...]
    x: float
    y: float
    matches: bool = True


@dataclass(frozen=True)
class MapEdge:
    """An overlap finding between two initiatives on the map."""

    source: int
    target: int
    code: str
    severity: str
    weight: float
    status: str
    finding_id: int | None
    message: str
    evidence: tuple[str, ...]
    coordinated: bool
    shown: bool = True

    @property
    def kind(self) -> str:
        """ "overlap", or the code of rival proposals (SPEC 8), drawn as an edge of its own."""
        return RIVAL_CODE if self.code == RIVAL_CODE else "overlap"


@dataclass(frozen=True)
class MapView:
    """The map of a conflict for one reader: the nodes and edges sent, and what caps left out."""

    nodes: tuple[MapNode, ...]
    edges: tuple[MapEdge, ...]
    total_edges: int
    cap: int | None
    sponsors: tuple[tuple[int, str], ...] = field(default=())
    total_nodes: int = 0
    node_cap: int | None = None
    # How many findings the run's caps left out, by code (the page's notice says so).
    left_out: Mapping[str, int] = field(default_factory=dict)

    @property
    def shown_edges(self) -> tuple[MapEdge, ...]:
        """The edges the filters keep, strongest first."""
        return tuple(edge for edge in self.edges if edge.shown)


def map_view(actor: Actor, conflict: ConflictFields, as_of: date, filters: MapFilters) -> MapView:
    """Build the reader's map of the conflict at `as_of`, filtered as asked."""
    metrics = metrics_for(actor, conflict, as_of, ("overlap_graph", "communities", "left_out"))
    outlines = outlines_for(actor, conflict, as_of)
    # Rival proposals bring their initiatives onto the map even when they are not live.
    rivals = {
        iid
        for row in outlines
        if _is_edge(row) and row["code"] == RIVAL_CODE
        for iid in row["initiative_ids"]
    }
    facts = _initiatives(actor, sorted(set(metrics["overlap_graph"]["nodes"]) | rivals))
    # Only the edges are put in words: a coordinator's stored findings come whole for them.
    on_map = set(facts)
    drawn = [row for row in outlines if _is_edge(row) and set(row["initiative_ids"]) <= on_map]
    edges = _edges(actor, conflict, whole_rows(actor, conflict, as_of, drawn), on_map)
    kept, ids = capped(edges, sorted(facts))
    worst = _worst(outlines)
    places = _placement(ids, metrics.get("communities", []))
    nodes = tuple(
        MapNode(
            **facts[iid],
            worst=worst.get(iid),
            x=places[iid][0],
            y=places[iid][1],
            matches=_node_matches(facts[iid], filters),
        )
        for iid in ids
    )
    view = MapView(
        nodes,
        tuple(kept),
        len(edges),
        edge_cap(),
        _sponsors(nodes),
        len(facts),
        node_cap(),
        left_out_of(metrics),
    )
    return mark_shown(view, filters)


def _initiatives(actor: Actor, live: list[int]) -> dict[int, dict[str, Any]]:
    """Facts of the live initiatives the reader may see; participants only where allowed."""
    statement = (
        sa.select(Initiative, Organisation.name)
        .join(Organisation, Organisation.id == Initiative.sponsor_id)
        .where(Initiative.id.in_(live), policy.visible_initiatives(actor))
        # The policy reads each initiative's funders: load them in one query, not one each.
        .options(selectinload(Initiative.funders))
    )
    found = db.session.execute(statement).all()
    ids = [initiative.id for initiative, _ in found]
    counts = dict(
        db.session.execute(
            sa.select(Participation.initiative_id, sa.func.count())
            .where(Participation.initiative_id.in_(ids))
            .group_by(Participation.initiative_id)
        ).all()
    )
    issues: dict[int, list[int]] = {}
    for iid, issue_id in db.session.execute(
        sa.select(initiative_issue.c.initiative_id, initiative_issue.c.issue_id).where(
            initiative_issue.c.initiative_id.in_(ids)
        )
    ):
        issues.setdefault(iid, []).append(issue_id)
    facts = {}
    for initiative, sponsor in found:
        sees_counts = policy.initiative_access(actor, initiative) >= Access.ALL_BUT_PARTICIPANTS
        facts[initiative.id] = {
            "id": initiative.id,
            "title": initiative.title,
            "sponsor": sponsor,
            "sponsor_id": initiative.sponsor_id,
            "status": initiative.status,
            "mode": initiative.mode,
            "track": initiative.track,
            "participants": counts.get(initiative.id, 0) if sees_counts else None,
            "issue_ids": tuple(sorted(issues.get(initiative.id, ()))),
        }
    return facts


def _edges(
    actor: Actor, conflict: ConflictFields, rows: Sequence[Mapping[str, Any]], on_map: set[int]
) -> list[MapEdge]:
    """Overlap findings between initiatives on the map, in words, strongest first."""
    agreed = _agreed_pairs(actor)
    pairs = [row for row in rows if _is_edge(row) and set(row["initiative_ids"]) <= on_map]
    edges = []
    for row, worded in zip(pairs, in_words(actor, conflict, pairs), strict=True):
        a, b = sorted(row["initiative_ids"])
        edges.append(
            MapEdge(
                source=a,
                target=b,
                code=row["code"],
                severity=row["severity"],
                weight=_weight(row["evidence"]),
                status=row["status"],
                finding_id=row["id"],
                message=worded.message,
                evidence=worded.evidence,
                coordinated=(a, b) in agreed,
            )
        )
    edges.sort(key=lambda e: (SEVERITY_RANK[e.severity], -e.weight, e.code, e.source, e.target))
    return edges


def _is_edge(row: Mapping[str, Any]) -> bool:
    """Whether a finding is drawn as an edge: an overlap or rival proposals, not resolved."""
    return row["code"] in EDGE_CODES and row["status"] != "resolved"


def mark_shown(view: MapView, filters: MapFilters) -> MapView:
    """Mark which edges the filters keep (an edge shows when either end matches)."""
    matching = {node.id for node in view.nodes if node.matches}
    edges = tuple(
        MapEdge(**{**edge.__dict__, "shown": _edge_matches(edge, filters, matching)})
        for edge in view.edges
    )
    return replace(view, edges=edges)


def _edge_matches(edge: MapEdge, filters: MapFilters, matching: set[int]) -> bool:
    if edge.code not in filters.codes:
        return False
    if filters.severity and edge.severity != filters.severity:
        return False
    statuses = ACTIVE if filters.status == "active" else (filters.status,)
    if filters.status != "all" and edge.status not in statuses:
        return False
    return edge.source in matching or edge.target in matching


def _node_matches(facts: dict[str, Any], filters: MapFilters) -> bool:
    if filters.sponsor_id is not None and facts["sponsor_id"] != filters.sponsor_id:
        return False
    return filters.issue_id is None or filters.issue_id in facts["issue_ids"]


def _weight(evidence: dict[str, Any]) -> float:
    """The share of an overlap's facets that hold (0 to 1)."""
    facets = (evidence or {}).get("inputs", {}).get("facets", {})
    return round(sum(bool(v) for v in facets.values()) / max(len(facets), 1), 3)


def _agreed_pairs(actor: Actor) -> set[tuple[int, int]]:
    """Pairs of initiatives joined by an agreed coordination link the reader may see."""
    links = db.session.scalars(readable_links(actor)).all()
    return {
        (
            min(link.initiative_a_id, link.initiative_b_id),
            max(link.initiative_a_id, link.initiative_b_id),
        )
        for link in links
        if link.status == "agreed"
    }


def _worst(rows: Sequence[Mapping[str, Any]]) -> dict[int, str]:
    """Each initiative's most severe open finding."""
    worst: dict[int, str] = {}
    for row in rows:
        if row["status"] != "open":
            continue
        for iid in row["initiative_ids"]:
            known = worst.get(iid)
            if known is None or SEVERITY_RANK[row["severity"]] < SEVERITY_RANK[known]:
                worst[iid] = row["severity"]
    return worst


def _placement(ids: list[int], communities: list[list[int]]) -> dict[int, tuple[float, float]]:
    """Seed the layout: a sunflower spiral, each community's initiatives side by side."""
    group = {iid: index for index, members in enumerate(communities) for iid in members}
    ordered = sorted(ids, key=lambda iid: (group.get(iid, len(communities)), iid))
    places = {}
    for index, iid in enumerate(ordered):
        radius = SPACING * math.sqrt(index + 0.5)
        angle = index * GOLDEN_ANGLE
        places[iid] = (round(radius * math.cos(angle), 2), round(radius * math.sin(angle), 2))
    return places


def _sponsors(nodes: tuple[MapNode, ...]) -> tuple[tuple[int, str], ...]:
    """The sponsors on the map, those with the most initiatives first, then by name."""
    counts = Counter((node.sponsor_id, node.sponsor) for node in nodes)
    return tuple(sorted(counts, key=lambda s: (-counts[s], s[1])))
