"""A conflict's analysis as pages: findings and their triage, the overlap map, coverage.

Every page reads through `registry.readers.findings`, so each reader sees exactly what
the API gives them: coordinators the stored findings (and triage them), everyone else
findings computed from what they may see, and coverage with small cells suppressed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any
from urllib.parse import parse_qsl, urlencode

import sqlalchemy as sa
from flask import Blueprint, flash, redirect, request, url_for
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import BadRequest
from werkzeug.wrappers import Response

from .. import policy
from ..analysis.codes import FINDING_CODES
from ..analysis.findings import SEVERITIES
from ..auth.access import SIGNED_IN, access, current_actor
from ..extensions import db
from ..models import (
    Conflict,
    Finding,
    Issue,
    Organisation,
    Party,
    Region,
    TrackOneBody,
)
from ..models.enums import FINDING_STATUSES
from ..readers import agenda as agenda_reader
from ..readers import coverage as coverage_reader
from ..readers import finding_words
from ..readers import findings as reader
from ..services import analysis
from ..services.freshness import prepare_read
from ..services.unit import get_or_404
from . import map_page
from .forms import CHOICE, OPTIONAL_TEXT, FormState, attempt, read, render
from .freshness import announce
from .paging import PAGE_SIZE, offset, page_number

bp = Blueprint("analysis_pages", __name__)

TRIAGE_LABELS = {"status": "Status", "status_reason": "Why"}
TRIAGE_FIELDS = {"status": CHOICE, "status_reason": OPTIONAL_TEXT}
LIST_PARAMETERS = ("code", "severity", "status", "initiative_id", "as_of", "page")


def _as_of(query: Mapping[str, str] | None = None) -> date:
    """The evaluation date asked for (today when none); a malformed one is a 400."""
    raw = (request.args if query is None else query).get("as_of", "").strip()
    if not raw:
        return analysis.today()
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise BadRequest("Give the date as year-month-day, for example 2026-03-31.") from None


def _filters(query: Mapping[str, str]) -> dict[str, str]:
    """The list's filters as asked for, each kept only when it is a known value."""
    known = {"code": FINDING_CODES, "severity": SEVERITIES, "status": FINDING_STATUSES}
    chosen = {name: query[name] for name, values in known.items() if query.get(name) in values}
    if query.get("initiative_id", "").isdigit():
        chosen["initiative_id"] = query["initiative_id"]
    return chosen


def _matches(row: dict[str, Any], filters: dict[str, str]) -> bool:
    """Whether a finding passes the filters; `initiative_id` asks for one of its subjects."""
    return all(
        int(value) in row["initiative_ids"] if name == "initiative_id" else row.get(name) == value
        for name, value in filters.items()
    )


def _list_query(pairs: Iterable[tuple[str, str]]) -> MultiDict[str, str]:
    """The list's own parameters (filters, date, page); anything else is dropped."""
    return MultiDict([(k, v) for k, v in pairs if k in LIST_PARAMETERS])


def _render_findings(
    conflict: Conflict,
    refused: dict[int, FormState] | None = None,
    query: MultiDict[str, str] | None = None,
) -> str:
    """The findings page; a refused triage form passes the list's query it came from."""
    actor = current_actor()
    query = request.args if query is None else query
    as_of = _as_of(query)
    filters = _filters(query)
    freshness = prepare_read(actor, conflict.id, as_of)
    rows = [reader.as_dict(item) for item in reader.findings_for(actor, conflict, as_of)]
    announce(freshness, reader.left_out_for(actor, conflict, as_of))
    matching = [row for row in rows if _matches(row, filters)]
    number, pages = page_number(len(matching), query)
    page = matching[offset(number) : offset(number) + PAGE_SIZE]
    shown = finding_words.rows_in_words(actor, conflict, page)
    coordinates = policy.is_coordinator(actor, conflict.id)
    return render(
        "analysis/findings.html",
        conflict=conflict,
        as_of=as_of,
        today=analysis.today(),
        filters=filters,
        findings=shown,
        matching=len(matching),
        total=len(rows),
        page=number,
        pages=pages,
        coordinates=coordinates,
        triage=coordinates and as_of == analysis.today(),
        refused=refused or {},
        back=urlencode(list(_list_query(query.items(multi=True)).items(multi=True))),
        codes=FINDING_CODES,
        severities=SEVERITIES,
        statuses=FINDING_STATUSES,
    )


@bp.get("/conflicts/<int:conflict_id>/findings")
@access(SIGNED_IN)
def list_findings(conflict_id: int) -> str:
    """List the findings the reader may see, with filters; coordinators triage them here."""
    return _render_findings(get_or_404(Conflict, conflict_id))


@bp.post("/conflicts/<int:conflict_id>/analysis")
@access(SIGNED_IN)
def run_analysis(conflict_id: int) -> Response:
    """Run the analysis now (the conflict's coordinators)."""
    run = analysis.run(current_actor(), conflict_id)
    flash(f"The analysis ran: {run.metrics['summary']['findings']} findings.", "success")
    return redirect(url_for(".list_findings", conflict_id=conflict_id))


@bp.post("/findings/<int:finding_id>/triage")
@access(SIGNED_IN)
def triage_finding(finding_id: int) -> Response | tuple[str, int]:
    """Acknowledge, dismiss (with a reason) or reopen a finding (the conflict's coordinators)."""
    finding = get_or_404(Finding, finding_id)
    typed, data = read(request.form, TRIAGE_FIELDS)
    state = FormState(TRIAGE_LABELS, typed)
    version = request.form.get("version", type=int)
    saved = attempt(state, lambda: analysis.triage(current_actor(), finding.id, data, version))
    # Back to the list as it was filtered; only the list's own parameters are carried.
    back = _list_query(parse_qsl(request.form.get("back", "")))
    if saved is None:
        conflict = get_or_404(Conflict, finding.conflict_id)
        return _render_findings(conflict, {finding.id: state}, back), 422
    flash(f"Finding {saved.id} is now {saved.status}.", "success")
    return redirect(url_for(".list_findings", conflict_id=saved.conflict_id, **back.to_dict()))


@bp.get("/conflicts/<int:conflict_id>/map")
@access(SIGNED_IN)
def show_map(conflict_id: int) -> str:
    """The overlap map: an interactive network, legends, filters and a paged table of it."""
    conflict, as_of, actor = get_or_404(Conflict, conflict_id), _as_of(), current_actor()
    freshness = prepare_read(actor, conflict.id, as_of)
    announce(freshness, reader.left_out_for(actor, conflict, as_of))
    return map_page.render_map(conflict, as_of)


@bp.get("/conflicts/<int:conflict_id>/coverage")
@access(SIGNED_IN)
def show_coverage(conflict_id: int) -> str:
    """The coverage heat map: issues by parties and by Track One bodies, regions, funders."""
    conflict = get_or_404(Conflict, conflict_id)
    as_of = _as_of()
    announce(prepare_read(current_actor(), conflict.id, as_of))
    coverage = coverage_reader.coverage_for(current_actor(), conflict, as_of)
    names = {
        model.__tablename__: dict(
            db.session.execute(
                sa.select(model.id, model.name).filter_by(conflict_id=conflict.id)
            ).all()
        )
        for model in (Issue, Party, Region, TrackOneBody)
    }
    names["organisation"] = dict(
        db.session.execute(
            sa.select(Organisation.id, Organisation.name).where(
                Organisation.id.in_(list(coverage.funders.shares))
            )
        ).all()
    )
    return render(
        "analysis/coverage.html",
        conflict=conflict,
        as_of=as_of,
        today=analysis.today(),
        coverage=coverage,
        names=names,
        suppressed=coverage.suppressed_label,
        withheld=coverage.withheld,
        peak=max(coverage.issues_by_parties.peak, coverage.issues_by_track_one_bodies.peak),
        gap_words=finding_words.gap_messages(current_actor(), conflict, as_of),
        next_agenda=agenda_reader.next_agenda(
            current_actor(), conflict.id, as_of, analysis.thresholds().delivery_window_days
        ),
    )
