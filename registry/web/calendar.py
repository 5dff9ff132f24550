"""The Track One calendar's pages: a round's page, and adding and editing rounds."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, request, url_for
from werkzeug.wrappers import Response

from ..auth.access import SIGNED_IN, access, current_actor
from ..errors import PermissionDenied, StateConflict
from ..models.enums import ROUND_STATUSES
from ..policy import can_manage_reference_data, is_coordinator
from ..readers import calendar as reader
from ..readers import choices, conflicts
from ..readers.calendar import RoundRecord
from ..readers.choices import Choice
from ..readers.conflicts import ConflictLine
from ..schemas.calendar import RoundSchema
from ..services import analysis, rounds
from ..services.inputs import every_field
from ..services.inputs.calendar import RoundChanges
from .forms import (
    CHOICE,
    DATE,
    INTEGERS,
    OPTIONAL_TEXT,
    TEXT,
    FormState,
    as_typed,
    attempt,
    load,
    read,
    render,
)

bp = Blueprint("calendar", __name__)

LABELS = {
    "title": "Title",
    "starts_on": "Starts on",
    "ends_on": "Ends on",
    "status": "Status",
    "track_one_body_ids": "Track One bodies meeting",
    "agenda_issue_ids": "Agenda",
    "notes": "Notes",
}
KINDS = {
    "title": TEXT,
    "starts_on": DATE,
    "ends_on": DATE,
    "status": CHOICE,
    "track_one_body_ids": INTEGERS,
    "agenda_issue_ids": INTEGERS,
    "notes": OPTIONAL_TEXT,
}
STATUS_WORDS = {status: status.capitalize() for status in ROUND_STATUSES}


def _require_manager(conflict_id: int) -> None:
    if not can_manage_reference_data(current_actor(), conflict_id):
        raise PermissionDenied("Platform admins and the conflict's coordinators manage its rounds.")


def _options(found: list[Choice]) -> list[tuple[str, str]]:
    return [(str(choice.id), choice.name) for choice in found]


def _form(conflict: ConflictLine, state: FormState, record: RoundRecord | None = None) -> str:
    return render(
        "calendar/form.html",
        conflict=conflict,
        record=record,
        state=state,
        bodies=_options(choices.track_one_bodies_of(conflict.id)),
        issues=_options(choices.issues_of(conflict.id)),
        statuses=list(STATUS_WORDS.items()),
    )


@bp.get("/conflicts/<int:conflict_id>/rounds/new")
@access(SIGNED_IN)
def new_round(conflict_id: int) -> str:
    """Show the form that adds a round to the conflict's calendar (its managers)."""
    conflict = conflicts.conflict(conflict_id)
    _require_manager(conflict.id)
    return _form(conflict, FormState(LABELS, {"status": "planned"}))


@bp.post("/conflicts/<int:conflict_id>/rounds/new")
@access(SIGNED_IN)
def create_round(conflict_id: int) -> Response | tuple[str, int]:
    """Add a round, then show it on the conflict overview."""
    conflict = conflicts.conflict(conflict_id)
    _require_manager(conflict.id)
    typed, data = read(request.form, KINDS)
    state = FormState(LABELS, typed)
    loaded = load(RoundSchema(), data, state)
    saved = loaded and attempt(state, lambda: rounds.create(current_actor(), conflict.id, loaded))
    if not saved:
        return _form(conflict, state), 422
    flash(f"“{saved.title}” is on the calendar.", "success")
    return redirect(url_for("conflict_pages.show_conflict", conflict_id=conflict.id) + "#rounds")


@bp.get("/rounds/<int:round_id>")
@access(SIGNED_IN)
def show_round(round_id: int) -> str:
    """Show a round: its agenda, who covers each issue, and what was delivered for it."""
    page = reader.round_page(current_actor(), round_id, analysis.today())
    conflict = conflicts.conflict(page.conflict_id)
    manages = can_manage_reference_data(current_actor(), conflict.id)
    sees_all = is_coordinator(current_actor(), conflict.id)
    return render(
        "calendar/show.html", page=page, conflict=conflict, manages=manages, sees_all=sees_all
    )


@bp.get("/rounds/<int:round_id>/edit")
@access(SIGNED_IN)
def edit_round(round_id: int) -> str:
    """Show the form that edits a round."""
    record = reader.round_record(round_id)
    _require_manager(record.conflict_id)
    fields = {name: getattr(record, name) for name in LABELS}
    state = FormState(LABELS, as_typed({**fields, "version": record.version}))
    return _form(conflicts.conflict(record.conflict_id), state, record)


@bp.post("/rounds/<int:round_id>/edit")
@access(SIGNED_IN)
def update_round(round_id: int) -> Response | tuple[str, int]:
    """Save a round's changes; a stale version or a body still reached is explained."""
    record = reader.round_record(round_id)
    _require_manager(record.conflict_id)
    conflict = conflicts.conflict(record.conflict_id)
    typed, data = read(request.form, KINDS)
    state = FormState(LABELS, {**typed, "version": request.form.get("version", "")})
    version = request.form.get("version", type=int)
    loaded = load(RoundSchema(), data, state)
    try:
        saved = loaded and attempt(
            state,
            lambda: rounds.update(
                current_actor(), round_id, every_field(loaded, RoundChanges), version
            ),
        )
    except StateConflict as refusal:
        state.errors.setdefault("track_one_body_ids", []).append(refusal.message)
        saved = None
    if not saved:
        return _form(conflict, state, record), 422
    flash(f"“{saved.title}” is saved.", "success")
    return redirect(url_for(".show_round", round_id=round_id))


@bp.post("/rounds/<int:round_id>/delete")
@access(SIGNED_IN)
def delete_round(round_id: int) -> Response:
    """Delete a round, unless transfers refer to it."""
    record = reader.round_record(round_id)
    conflict_id = record.conflict_id
    try:
        rounds.delete(current_actor(), round_id)
    except StateConflict as refusal:
        flash(refusal.message, "danger")
        return redirect(url_for(".show_round", round_id=round_id))
    flash("The round is deleted.", "success")
    return redirect(url_for("conflict_pages.show_conflict", conflict_id=conflict_id) + "#rounds")
