"""The overlap map's page: filters, legends, the data island the drawing script reads, tables."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import request, url_for
from werkzeug.datastructures import MultiDict

from .. import policy
from ..analysis.codes import EDGE_CODES
from ..analysis.findings import SEVERITIES
from ..auth.access import current_actor
from ..readers import choices, map_view
from ..readers.choices import Choice
from ..readers.conflicts import ConflictFields
from ..readers.map_view import MapEdge, MapFilters, MapNode, MapView
from ..services import analysis
from ..services.freshness import Freshness
from . import map_style
from .forms import render
from .freshness import announce
from .paging import PAGE_SIZE, offset, page_number

STATUS_CHOICES = {
    "active": "Open or acknowledged",
    "open": "Open",
    "acknowledged": "Acknowledged",
    "dismissed": "Dismissed",
    "all": "Any",
}


def read_filters(query: MultiDict[str, str]) -> MapFilters:
    """The filters asked for; unknown values are ignored, as on the findings page."""
    codes = tuple(code for code in EDGE_CODES if code in query.getlist("code"))
    severity = query.get("severity", "")
    status = query.get("status", "active")
    return MapFilters(
        codes=codes or EDGE_CODES,
        severity=severity if severity in SEVERITIES else "",
        status=status if status in STATUS_CHOICES else "active",
        sponsor_id=query.get("sponsor", type=int),
        issue_id=query.get("issue", type=int),
    )


def render_map(conflict: ConflictFields, as_of: date, freshness: Freshness) -> str:
    """Render the map page of the conflict at `as_of` for the current reader, with the
    run's freshness and what its caps left out."""
    actor = current_actor()
    filters = read_filters(request.args)
    view = map_view.map_view(actor, conflict, as_of, filters)
    announce(freshness, view.left_out)
    coordinates = policy.is_coordinator(actor, conflict.id)
    sponsors = {sid: map_style.sponsor_colour(rank) for rank, (sid, _) in enumerate(view.sponsors)}
    titles = {node.id: node.title for node in view.nodes}
    shown = view.shown_edges
    edge_page, edge_pages = page_number(len(shown))
    node_page, node_pages = page_number(
        len(view.nodes), MultiDict({"page": request.args.get("nodes_page", "1")})
    )
    return render(
        "analysis/map.html",
        conflict=conflict,
        as_of=as_of,
        today=analysis.today(),
        view=view,
        filters=filters,
        query=_kept_query(),
        search=request.args.get("q", "").strip(),
        coordinates=coordinates,
        titles=titles,
        sponsors=[(sid, name, sponsors[sid]) for sid, name in view.sponsors],
        issues=_issues(conflict.id),
        edges=shown[offset(edge_page) : offset(edge_page) + PAGE_SIZE],
        edge_page=edge_page,
        edge_pages=edge_pages,
        nodes=view.nodes[offset(node_page) : offset(node_page) + PAGE_SIZE],
        node_page=node_page,
        node_pages=node_pages,
        style=map_style,
        statuses=STATUS_CHOICES,
        severities=SEVERITIES,
        codes=EDGE_CODES,
        island=_island(conflict, view, sponsors, titles, coordinates),
    )


def _kept_query() -> dict[str, Any]:
    """The map's filters and date as asked, to carry over to the tables' other pages."""
    kept = {
        name: request.args.getlist(name)
        for name in ("code", "severity", "status", "sponsor", "issue", "q", "as_of")
    }
    return {name: values for name, values in kept.items() if values}


def _issues(conflict_id: int) -> list[Choice]:
    """The conflict's issues, by name, for the issue filter."""
    return choices.issues_of(conflict_id)


def _island(
    conflict: ConflictFields,
    view: MapView,
    sponsors: dict[int, str],
    titles: dict[int, str],
    coordinates: bool,
) -> dict[str, Any]:
    """What the drawing script needs, as JSON: elements, colours, widths and addresses."""
    return {
        "elements": {
            "nodes": [_node(node, sponsors) for node in view.nodes],
            "edges": [_edge(conflict, edge, titles, coordinates) for edge in view.edges],
        },
        "style": {
            "codes": map_style.code_colours(),
            "code_labels": map_style.CODE_LABELS,
            "selection": map_style.selection_colour(),
            "widths": map_style.SEVERITY_WIDTHS,
            "worst": map_style.WORST_BORDERS,
        },
    }


def _node(node: MapNode, sponsors: dict[int, str]) -> dict[str, Any]:
    return {
        "data": {
            "id": str(node.id),
            "label": map_style.short_title(node.title),
            "title": node.title,
            "sponsor": node.sponsor,
            "colour": sponsors[node.sponsor_id],
            "size": map_style.node_size(node.participants),
            "participants": node.participants,
            "worst": node.worst,
            "status": node.status,
            "mode": node.mode,
            "track": node.track,
            "url": url_for("initiatives.show_initiative", initiative_id=node.id),
        },
        "position": {"x": node.x, "y": node.y},
        "classes": "" if node.matches else "faded",
    }


def _edge(
    conflict: ConflictFields, edge: MapEdge, titles: dict[int, str], coordinates: bool
) -> dict[str, Any]:
    # A stored finding is brought into the list ("focus") whatever its status, and the page
    # opens at it, where its history and "propose coordination" are.
    focus: dict[str, Any] = {} if edge.finding_id is None else {"focus": edge.finding_id}
    finding = url_for(
        "analysis_pages.list_findings", conflict_id=conflict.id, initiative_id=edge.source, **focus
    )
    if edge.finding_id is not None:
        finding += f"#finding-{edge.finding_id}"
    data = {
        "id": f"{edge.source}-{edge.target}" + ("" if edge.kind == "overlap" else f"-{edge.kind}"),
        "kind": edge.kind,
        "source": str(edge.source),
        "target": str(edge.target),
        "code": edge.code,
        "severity": edge.severity,
        "status": edge.status,
        "weight": edge.weight,
        "message": edge.message,
        "evidence": list(edge.evidence),
        "coordinated": edge.coordinated,
        "finding_url": finding,
        "source_title": titles[edge.source],
        "target_title": titles[edge.target],
    }
    if coordinates:
        # Proposing from the map goes to the finding, where the proposal form lives.
        data["propose_url"] = finding
    classes = " ".join(
        c
        for c in (
            "coordinated" if edge.coordinated else "",
            "" if edge.kind == "overlap" else "rival",
            "" if edge.shown else "hidden",
        )
        if c
    )
    return {"data": data, "classes": classes}
