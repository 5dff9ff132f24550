"""A conflict's analysis as pages: findings and their triage, the overlap map, coverage.

Every page reads through `registry.readers.findings`, so each reader sees exactly what
the API gives them: coordinators the stored findings (and triage them), everyone else
findings computed from what they may see, and coverage with small cells suppressed.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from urllib.parse import parse_qsl, urlencode

from flask import Blueprint, flash, redirect, request, url_for
from marshmallow import ValidationError
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response

from .. import policy
from ..auth.access import SIGNED_IN, access, current_actor
from ..errors import Invalid, NotFound, PermissionDenied, StateConflict
from ..readers import agenda as agenda_reader
from ..readers import choices, conflicts, finding_words, runs
from ..readers import coverage as coverage_reader
from ..schemas.engagement import CoordinationLinkSchema
from ..services import analysis, coordination, identities
from ..services.freshness import prepare_read
from ..services.inputs import build
from ..services.inputs.analysis import TriageChanges
from ..services.inputs.coordination import LinkProposal
from . import findings_page, map_page
from .forms import CHOICE, OPTIONAL_TEXT, FormState, attempt, read, render
from .freshness import announce

bp = Blueprint("analysis_pages", __name__)

TRIAGE_LABELS = {"status": "Status", "status_reason": "Why"}
TRIAGE_FIELDS = {"status": CHOICE, "status_reason": OPTIONAL_TEXT}
LIST_PARAMETERS = ("code", "severity", "status", "initiative_id", "as_of", "page")


def _as_of(query: Mapping[str, str] | None = None) -> date:
    """The evaluation date asked for (today when none); a malformed one is a 400."""
    return findings_page.as_of_of(request.args if query is None else query)


@bp.get("/conflicts/<int:conflict_id>/findings")
@access(SIGNED_IN)
def list_findings(conflict_id: int) -> str:
    """List the findings the reader may see, with filters; coordinators triage them here."""
    return findings_page.render_findings(conflicts.conflict(conflict_id))


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
    finding = runs.finding_ref(finding_id)
    typed, data = read(request.form, TRIAGE_FIELDS)
    state = FormState(TRIAGE_LABELS, typed)
    version = request.form.get("version", type=int)
    changes = build(TriageChanges, data)
    saved = attempt(state, lambda: analysis.triage(current_actor(), finding.id, changes, version))
    # Back to the list as it was filtered; only the list's own parameters are carried.
    back = findings_page.list_query(parse_qsl(request.form.get("back", "")))
    if saved is None:
        conflict = conflicts.conflict(finding.conflict_id)
        return findings_page.render_findings(conflict, {finding.id: state}, back), 422
    flash(f"The finding is now {saved.status}.", "success")
    return _back_to(saved.conflict_id, finding.id, back)


def _back_to(conflict_id: int, finding_id: int, back: MultiDict[str, str]) -> Response:
    """Return to the list as it was filtered, at the finding acted on."""
    pairs = [(k, v) for k, v in back.items(multi=True) if k != "focus"]
    query = urlencode([*pairs, ("focus", str(finding_id))])
    address = url_for(".list_findings", conflict_id=conflict_id)
    return redirect(f"{address}?{query}#finding-{finding_id}")


@bp.post("/findings/<int:finding_id>/propose")
@access(SIGNED_IN)
def propose_from_finding(finding_id: int) -> Response:
    """Propose coordination between an overlap finding's two initiatives (its coordinators)."""
    finding = runs.finding_ref(finding_id)
    if not policy.is_coordinator(current_actor(), finding.conflict_id):
        raise PermissionDenied("Only the conflict's coordinators propose from a finding.")
    back = findings_page.list_query(parse_qsl(request.form.get("back", "")))
    a, b = [*finding.initiative_ids, None, None][:2]
    data = {"initiative_a_id": a, "initiative_b_id": b, "kind": request.form.get("kind")}
    try:
        coordination.propose(current_actor(), _proposal(data))
    except (Invalid, PermissionDenied, StateConflict) as refusal:
        flash(_refusal_words(refusal), "danger")
    else:
        flash("Coordination proposed: each sponsor's editors will agree or decline.", "success")
    return _back_to(finding.conflict_id, finding.id, back)


@bp.post("/findings/<int:finding_id>/reveal")
@access(SIGNED_IN)
def ask_to_reveal(finding_id: int) -> Response:
    """Ask the owning organisation to reveal a person a finding names by alias (coordinators)."""
    finding = runs.finding_ref(finding_id)
    back = findings_page.list_query(parse_qsl(request.form.get("back", "")))
    person_id = request.form.get("person_id", type=int) or 0
    try:
        identities.request_reveal(current_actor(), person_id, request.form.get("reason", ""))
    except (Invalid, NotFound, StateConflict) as refusal:
        flash(_refusal_words(refusal), "danger")
    else:
        flash("Your request is sent to the organisation that registered this person.", "success")
    return _back_to(finding.conflict_id, finding.id, back)


def _proposal(data: Mapping[str, object]) -> LinkProposal:
    """Load a proposal through the links' schema, so its shape is checked as the API's is."""
    try:
        loaded: LinkProposal = CoordinationLinkSchema().load(data)
    except ValidationError as error:
        raise Invalid(error.messages_dict) from None
    return loaded


def _refusal_words(refusal: Exception) -> str:
    """A refusal's message, with the field's own message where there is one."""
    errors = getattr(refusal, "errors", None) or {}
    messages = [
        m for field in errors.values() for m in (field if isinstance(field, list) else [field])
    ]
    return " ".join(str(m) for m in messages) or getattr(refusal, "message", str(refusal))


@bp.get("/conflicts/<int:conflict_id>/map")
@access(SIGNED_IN)
def show_map(conflict_id: int) -> str:
    """The overlap map: an interactive network, legends, filters and a paged table of it."""
    conflict, as_of, actor = conflicts.conflict(conflict_id), _as_of(), current_actor()
    return map_page.render_map(conflict, as_of, prepare_read(actor, conflict.id, as_of))


@bp.get("/conflicts/<int:conflict_id>/coverage")
@access(SIGNED_IN)
def show_coverage(conflict_id: int) -> str:
    """The coverage heat map: issues by parties and by Track One bodies, regions, funders."""
    conflict = conflicts.conflict(conflict_id)
    as_of = _as_of()
    announce(prepare_read(current_actor(), conflict.id, as_of))
    coverage = coverage_reader.coverage_for(current_actor(), conflict, as_of)
    names = conflicts.reference_names(conflict.id)
    names["organisation"] = choices.organisation_names(coverage.funders.shares)
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
        sees_all=policy.is_coordinator(current_actor(), conflict.id),
    )
