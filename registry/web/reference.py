"""A conflict's reference data (parties, issues, regions, Track One bodies, Track One status)
and, for its coordinators, the evidence of transfer events."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, request, url_for
from werkzeug.wrappers import Response

from ..auth.access import SIGNED_IN, access, current_actor
from ..errors import PermissionDenied, StateConflict
from ..policy import can_manage_reference_data, is_coordinator
from ..readers import choices, conflict_transfers
from ..readers import conflicts as reader
from ..readers.conflicts import ConflictLine, PartyLine, ReferenceLine
from ..schemas.conflicts import REFERENCE_SCHEMAS, ConflictSchema
from ..schemas.engagement import TransferSchema
from ..services import conflicts, transfers
from . import wording as words
from .forms import (
    BOOLEAN,
    CHOICE,
    OPTIONAL_INTEGER,
    OPTIONAL_TEXT,
    TEXT,
    FormState,
    as_typed,
    attempt,
    load,
    read,
    render,
)

bp = Blueprint("reference", __name__)

KIND = "<any(party, issue, region, track_one_body):kind>"
# Each kind of reference data: the labels and the field kinds of its form.
FORMS: dict[str, tuple[dict[str, str], dict[str, str]]] = {
    "party": (
        {"name": "Name", "kind": "Kind", "potential_spoiler": "May spoil an agreement"},
        {"name": TEXT, "kind": CHOICE, "potential_spoiler": BOOLEAN},
    ),
    "issue": (
        {
            "name": "Name",
            "description": "Description",
            "on_track_one_agenda": "On the Track One agenda",
        },
        {"name": TEXT, "description": OPTIONAL_TEXT, "on_track_one_agenda": BOOLEAN},
    ),
    "region": ({"name": "Name"}, {"name": TEXT}),
    "track_one_body": (
        {"name": "Name", "kind": "Kind", "party_id": "Whose official track it is"},
        {"name": TEXT, "kind": CHOICE, "party_id": OPTIONAL_INTEGER},
    ),
}
STATUS_LABELS = {"track_one_status": "Track One status", "escalation_stage": "Escalation stage"}
STATUS_FIELDS = {"track_one_status": CHOICE, "escalation_stage": CHOICE}


def _blank_states(conflict: ConflictLine) -> dict[str, FormState]:
    states = {kind: FormState(labels) for kind, (labels, _) in FORMS.items()}
    states["status"] = FormState(
        STATUS_LABELS,
        {
            "track_one_status": conflict.track_one_status,
            "escalation_stage": conflict.escalation_stage,
            "version": str(conflict.version),
        },
    )
    return states


def _party_options(parties: tuple[PartyLine, ...]) -> list[tuple[str, str]]:
    return [(str(party.id), party.name) for party in parties]


def _render(conflict: ConflictLine, states: dict[str, FormState] | None = None) -> str:
    """Render the reference page; `states` holds the form that was refused, if any."""
    records = reader.reference_data(conflict.id)
    actor = current_actor()
    return render(
        "reference/show.html",
        conflict=conflict,
        records=records,
        party_names={party.id: party.name for party in records.party},
        party_options=_party_options(records.party),
        states=_blank_states(conflict) | (states or {}),
        may_manage=can_manage_reference_data(actor, conflict.id),
        coordinates=is_coordinator(actor, conflict.id),
    )


@bp.get("/reference")
@access(SIGNED_IN)
def list_conflicts() -> str:
    """List the conflicts, each with a link to its reference data."""
    actor = current_actor()
    return render(
        "reference/index.html",
        conflicts=reader.all_conflicts(),
        coordinated=actor.coordinated_conflict_ids,
    )


@bp.get("/conflicts/<int:conflict_id>/reference")
@access(SIGNED_IN)
def show_reference(conflict_id: int) -> str:
    """Show a conflict's reference data; its coordinators and platform admins edit it."""
    return _render(reader.conflict(conflict_id))


def _require_manager(conflict_id: int) -> None:
    if not can_manage_reference_data(current_actor(), conflict_id):
        raise PermissionDenied("The conflict's coordinators and platform admins edit its data.")


@bp.post("/conflicts/<int:conflict_id>/reference/status")
@access(SIGNED_IN)
def update_conflict_status(conflict_id: int) -> Response | tuple[str, int]:
    """Record the state of the official track and of escalation."""
    conflict = reader.conflict(conflict_id)
    _require_manager(conflict.id)
    typed, data = read(request.form, STATUS_FIELDS)
    state = FormState(STATUS_LABELS, typed | {"version": request.form.get("version", "")})
    version = request.form.get("version", type=int)
    loaded = load(ConflictSchema(partial=True), data, state)
    saved = (
        attempt(
            state, lambda: conflicts.update(current_actor(), conflict.id, loaded.changes, version)
        )
        if loaded
        else None
    )
    if saved is None:
        return _render(conflict, {"status": state}), 422
    flash("The conflict's status is saved.", "success")
    return redirect(url_for("reference.show_reference", conflict_id=conflict.id))


@bp.post(f"/conflicts/<int:conflict_id>/reference/{KIND}")
@access(SIGNED_IN)
def add_reference(conflict_id: int, kind: str) -> Response | tuple[str, int]:
    """Add a party, issue, region or Track One body to the conflict."""
    conflict = reader.conflict(conflict_id)
    _require_manager(conflict.id)
    labels, fields = FORMS[kind]
    typed, data = read(request.form, fields)
    state = FormState(labels, typed)
    loaded = load(REFERENCE_SCHEMAS[kind](), data, state)
    actor = current_actor()
    added = (
        attempt(state, lambda: conflicts.create_reference(actor, kind, conflict.id, loaded))
        if loaded
        else None
    )
    if added is None:
        return _render(conflict, {kind: state}), 422
    flash(f"“{added.name}” is added.", "success")
    return redirect(url_for("reference.show_reference", conflict_id=conflict.id) + f"#{kind}")


def _record(kind: str, record_id: int) -> ReferenceLine:
    """Return a record of reference data the actor manages (404 if missing, 403 otherwise)."""
    record = reader.reference_record(kind, record_id)
    _require_manager(record.conflict_id)
    return record


def _render_edit(kind: str, record: ReferenceLine, state: FormState) -> str:
    parties = []
    if kind == "track_one_body":
        parties = [(str(c.id), c.name) for c in choices.parties_of(record.conflict_id)]
    return render(
        "reference/edit.html",
        kind=kind,
        record=record,
        conflict=reader.conflict(record.conflict_id),
        state=state,
        party_options=parties,
    )


@bp.get(f"/reference/{KIND}/<int:record_id>/edit")
@access(SIGNED_IN)
def edit_reference(kind: str, record_id: int) -> str:
    """Show the form to edit a party, issue, region or Track One body."""
    record = _record(kind, record_id)
    labels, fields = FORMS[kind]
    values = as_typed({name: getattr(record, name) for name in fields})
    values |= {name: getattr(record, name) for name, kind_ in fields.items() if kind_ == BOOLEAN}
    state = FormState(labels, values | {"version": str(record.version)})
    return _render_edit(kind, record, state)


@bp.post(f"/reference/{KIND}/<int:record_id>/edit")
@access(SIGNED_IN)
def update_reference(kind: str, record_id: int) -> Response | tuple[str, int]:
    """Save a party, issue, region or Track One body."""
    record = _record(kind, record_id)
    labels, fields = FORMS[kind]
    typed, data = read(request.form, fields)
    state = FormState(labels, typed | {"version": request.form.get("version", "")})
    version = request.form.get("version", type=int)
    loaded = load(REFERENCE_SCHEMAS[kind](partial=True), data, state)
    actor = current_actor()
    saved = (
        attempt(
            state,
            lambda: conflicts.update_reference(actor, kind, record.id, loaded.changes, version),
        )
        if loaded
        else None
    )
    if saved is None:
        return _render_edit(kind, record, state), 422
    flash(f"“{saved.name}” is saved.", "success")
    return redirect(url_for("reference.show_reference", conflict_id=saved.conflict_id) + f"#{kind}")


@bp.post(f"/reference/{KIND}/<int:record_id>/delete")
@access(SIGNED_IN)
def delete_reference(kind: str, record_id: int) -> Response:
    """Delete a record that nothing refers to any more."""
    record = _record(kind, record_id)
    conflict_id, name = record.conflict_id, record.name
    try:
        conflicts.delete_reference(current_actor(), kind, record.id)
    except StateConflict as refusal:
        flash(refusal.message, "danger")
    else:
        flash(f"“{name}” is deleted.", "success")
    return redirect(url_for("reference.show_reference", conflict_id=conflict_id) + f"#{kind}")


@bp.get("/conflicts/<int:conflict_id>/transfers")
@access(SIGNED_IN)
def list_conflict_transfers(conflict_id: int) -> str:
    """Show a coordinator every transfer event of the conflict, to set its evidence."""
    conflict = reader.conflict(conflict_id)
    if not is_coordinator(current_actor(), conflict.id):
        raise PermissionDenied("The conflict's coordinators set the evidence of transfers.")
    rows = conflict_transfers.conflict_transfers(current_actor(), conflict.id)
    return render("reference/transfers.html", conflict=conflict, rows=rows)


@bp.post("/transfers/<int:transfer_id>/evidence")
@access(SIGNED_IN)
def set_evidence(transfer_id: int) -> Response:
    """Set how far a transfer is evidenced (the conflict's coordinators)."""
    event = conflict_transfers.transfer_ref(transfer_id)
    initiative_id, conflict_id = event.initiative_id, event.conflict_id
    state = FormState({"evidence": "Evidence"}, {})
    data = load(TransferSchema(partial=True), {"evidence": request.form.get("evidence")}, state)
    version = request.form.get("version", type=int)
    saved = None
    try:
        if data:
            saved = attempt(
                state, lambda: transfers.update(current_actor(), transfer_id, data.changes, version)
            )
    except PermissionDenied as refusal:
        state.errors.setdefault("evidence", []).append(refusal.message)
    if saved is None:
        flash(" ".join(m for ms in state.errors.values() for m in ms), "danger")
    else:
        flash(f"“{saved.title}”: {words.EVIDENCE[saved.evidence].lower()}.", "success")
    if request.form.get("back") == "conflict" and is_coordinator(current_actor(), conflict_id):
        return redirect(url_for("reference.list_conflict_transfers", conflict_id=conflict_id))
    return redirect(url_for("initiatives.show_initiative", initiative_id=initiative_id))
