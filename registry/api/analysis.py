"""Analysis, findings, coverage and the overlap map of a conflict."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from flask import Response, jsonify

from ..auth.access import SIGNED_IN, access, current_actor
from ..errors import PermissionDenied
from ..policy import Actor, is_coordinator
from ..readers import conflicts as conflicts_reader
from ..readers import coverage as coverage_reader
from ..readers import finding_words, overlap_map, run_metrics, run_records
from ..readers import findings as reader
from ..readers.conflicts import ConflictFields
from ..readers.finding_filters import FindingFilter, predicate
from ..readers.run_records import RunRecord
from ..schemas.analysis import (
    AnalysisRequestSchema,
    AnalysisSchema,
    DateQuerySchema,
    FindingQuerySchema,
    FindingSchema,
    OverlapMapQuerySchema,
    TriageSchema,
)
from ..services import analysis, audit
from ..services.freshness import LIVE, prepare_read
from ..services.inputs.analysis import TriageChanges
from ..services.inputs.edits import Edit
from ..web.freshness import announce
from .common import Blueprint, announce_total, expected_version, page_of, page_window

blp = Blueprint("analysis_api", __name__, url_prefix="/api/v1", description="Analysis")

_HEADERS = {
    "X-Data-Version": {
        "description": "The data version of the stored run answered (coordinators)",
        "schema": {"type": "integer"},
    },
    "X-Refreshing": {
        "description": "`true` when past the read budget a newer run is being computed",
        "schema": {"type": "string", "enum": ["true"]},
    },
    "X-Left-Out": {
        "description": "What caps left out, counted by code (JSON), when anything was",
        "content": {"application/json": {"schema": {"type": "object"}}},
    },
}
_UNAVAILABLE = {
    "description": "Not ready within the read budget (or a run past its budget): ask again",
    "headers": {"Retry-After": {"description": "Seconds to wait", "schema": {"type": "integer"}}},
    "content": {"application/json": {"schema": {"type": "object"}}},
}
READ_RESPONSES = {"503": _UNAVAILABLE}


@blp.post("/conflicts/<int:conflict_id>/analysis")
@access(SIGNED_IN)
@blp.arguments(AnalysisRequestSchema)
@blp.response(200, AnalysisSchema)
@blp.doc(responses={"503": _UNAVAILABLE})
def run_analysis(data: dict[str, Any], conflict_id: int) -> RunRecord | dict[str, Any]:
    """Run the analysis now (coordinators), or evaluate it at another date without storing."""
    as_of = data.get("as_of")
    if as_of is None or as_of == analysis.today():
        return run_records.run_record(analysis.run(current_actor(), conflict_id).id)
    conflict = conflicts_reader.conflict(conflict_id)
    if not is_coordinator(current_actor(), conflict.id):
        raise PermissionDenied("Only the conflict's coordinators run its analysis.")
    result = reader.bounded(lambda deadline: analysis.evaluate(conflict, as_of, deadline))
    audit.record_evaluation(current_actor(), conflict.id, as_of, len(result.findings))
    return {
        "conflict_id": conflict.id,
        "as_of": as_of,
        "parameters": analysis.thresholds().as_dict(),
        "metrics": result.metrics,
        "findings": finding_words.for_api(
            current_actor(),
            conflict,
            [reader.computed_dict(f, conflict.id) for f in result.findings],
        ),
    }


@blp.get("/conflicts/<int:conflict_id>/analysis")
@access(SIGNED_IN)
@blp.arguments(DateQuerySchema, location="query")
@blp.response(200, AnalysisSchema, headers=_HEADERS)
@blp.doc(responses=READ_RESPONSES)
def show_analysis(query: dict[str, Any], conflict_id: int) -> RunRecord | dict[str, Any]:
    """Show the latest run and its metrics, as the reader may see them."""
    actor = current_actor()
    conflict = conflicts_reader.conflict(conflict_id)
    as_of: date = query.get("as_of") or analysis.today()
    freshness = prepare_read(actor, conflict.id, as_of)
    if freshness is not LIVE:
        stored = run_records.latest(conflict.id)
        assert stored is not None  # prepare_read answers 503 when there is none
        announce(freshness, stored.metrics.get("left_out"))
        return replace(stored, metrics=_worded(actor, conflict, as_of, stored.metrics))
    metrics = run_metrics.metrics_for(actor, conflict, as_of)
    announce(freshness, metrics.get("left_out"))
    if not is_coordinator(actor, conflict.id):
        metrics = {
            **metrics,
            "coverage": coverage_reader.coverage_for(actor, conflict, as_of).json(),
        }
    metrics = _worded(actor, conflict, as_of, metrics)
    return {"conflict_id": conflict.id, "as_of": as_of, "metrics": metrics}


def _worded(
    actor: Actor, conflict: ConflictFields, as_of: date, metrics: dict[str, Any]
) -> dict[str, Any]:
    """Return metrics whose coverage gaps speak in names (a copy; the run is untouched)."""
    if "coverage" not in metrics:
        return metrics
    coverage = finding_words.with_gap_words(actor, conflict, as_of, metrics["coverage"])
    return {**metrics, "coverage": coverage}


@blp.get("/conflicts/<int:conflict_id>/findings")
@access(SIGNED_IN)
@blp.arguments(FindingQuerySchema, location="query")
@blp.response(200, FindingSchema(many=True), headers=_HEADERS)
@blp.doc(responses=READ_RESPONSES)
def list_findings(query: dict[str, Any], conflict_id: int) -> list[dict[str, Any]]:
    """List findings in words, filtered by code, severity, status and what they concern."""
    actor = current_actor()
    conflict = conflicts_reader.conflict(conflict_id)
    as_of = query.get("as_of") or analysis.today()
    freshness = prepare_read(actor, conflict.id, as_of)
    announce(freshness, run_metrics.left_out_for(actor, conflict, as_of))
    wanted = FindingFilter(
        code=query.get("code"),
        severity=query.get("severity"),
        statuses=(query["status"],) if query.get("status") else (),
        initiative_id=query.get("initiative_id"),
        sponsor_id=query.get("sponsor_id"),
        issue_id=query.get("issue_id"),
        round_id=query.get("round_id"),
    )
    paged = reader.stored_page_for(actor, conflict, as_of, wanted, *page_window())
    if paged is not None:  # a coordinator's page filtered and cut by the database
        announce_total(paged[1])
        return finding_words.for_api(actor, conflict, paged[0])
    keeps = predicate(conflict, wanted)
    items = reader.findings_for(actor, conflict, as_of)
    chosen = [item for item in items if keeps(reader.as_dict(item))]
    return finding_words.for_api(actor, conflict, page_of(chosen))


@blp.patch("/findings/<int:finding_id>")
@access(SIGNED_IN)
@blp.arguments(TriageSchema)
@blp.response(200, FindingSchema)
def triage_finding(edit: Edit[TriageChanges], finding_id: int) -> dict[str, Any]:
    """Acknowledge, dismiss (with a reason) or reopen a finding (the conflict's coordinators)."""
    version = expected_version(edit.version)
    actor = current_actor()
    finding = analysis.triage(actor, finding_id, edit.changes, version)
    conflict = conflicts_reader.conflict(finding.conflict_id)
    return finding_words.for_api(actor, conflict, [finding])[0]


@blp.get("/conflicts/<int:conflict_id>/coverage")
@access(SIGNED_IN)
@blp.arguments(DateQuerySchema, location="query")
@blp.response(200, headers=_HEADERS)
@blp.doc(responses=READ_RESPONSES)
def show_coverage(query: dict[str, Any], conflict_id: int) -> dict[str, Any]:
    """Show coverage: issues by parties and by Track One bodies, regions, funders, gaps."""
    conflict = conflicts_reader.conflict(conflict_id)
    as_of = query.get("as_of") or analysis.today()
    actor = current_actor()
    announce(prepare_read(actor, conflict.id, as_of))
    coverage = coverage_reader.coverage_for(actor, conflict, as_of).json()
    return {
        "conflict_id": conflict.id,
        "as_of": as_of.isoformat(),
        **finding_words.with_gap_words(actor, conflict, as_of, coverage),
    }


_MAP_RESPONSES = {
    "503": _UNAVAILABLE,
    "200": {
        "description": "The overlap network in the chosen format",
        "headers": _HEADERS,
        "content": {
            "application/json": {"schema": {"type": "object"}},
            "application/gexf+xml": {"schema": {"type": "string"}},
            "application/graphml+xml": {"schema": {"type": "string"}},
        },
    },
}


@blp.get("/conflicts/<int:conflict_id>/overlap-map")
@access(SIGNED_IN)
@blp.arguments(OverlapMapQuerySchema, location="query")
@blp.doc(responses=_MAP_RESPONSES)
def show_overlap_map(query: dict[str, Any], conflict_id: int) -> Response:
    """Export the overlap network: Cytoscape.js JSON, GEXF or GraphML."""
    actor = current_actor()
    conflict = conflicts_reader.conflict(conflict_id)
    as_of = query.get("as_of") or analysis.today()
    freshness = prepare_read(actor, conflict.id, as_of)
    graph = overlap_map.graph_for(actor, conflict, as_of)
    announce(freshness, overlap_map.left_out(graph))
    rendered = overlap_map.render(graph, query["format"])
    nodes, edges = graph.number_of_nodes(), graph.number_of_edges()
    audit.record_map_export(actor, conflict.id, nodes, edges, query["format"])
    if isinstance(rendered, dict):
        return jsonify(rendered)
    filename = f"overlap-map-{conflict.slug}.{query['format']}"
    return Response(
        rendered,
        mimetype=overlap_map.MIMETYPES[query["format"]],
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
