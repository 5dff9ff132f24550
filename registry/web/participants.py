"""Step 2 of registering an initiative: who takes part, picked from the organisation's people
or registered on the spot."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, request, url_for
from werkzeug.wrappers import Response

from ..auth.access import SIGNED_IN, access, current_actor
from ..auth.quotas import create_limits
from ..errors import StateConflict
from ..readers import registration
from ..readers.initiative_scope import editable_scope
from ..schemas.engagement import ParticipationSchema
from ..schemas.people import PersonSchema
from ..services import participations
from ..services.inputs import build
from ..services.inputs.people import RoleInput
from .forms import CHOICE, INTEGER, OPTIONAL_INTEGER, FormState, attempt, load, read, render
from .people import PERSON_LABELS, new_person_state, read_person, similar_records

bp = Blueprint("participants", __name__)

ROLE_LABELS = {"person_id": "Person", "role": "Role", "party_id": "Party they come from"}
ROLE_KINDS = {"person_id": INTEGER, "role": CHOICE, "party_id": OPTIONAL_INTEGER}


THIRD_PARTY = "third_party"
PARTY_MISSING = "Choose the party they come from, or “None: a third party”."


def _read_role(kinds: dict[str, str]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Read the role fields; the party must be chosen, "a third party" being a choice."""
    typed, data = read(request.form, kinds)
    if typed.get("party_id") == THIRD_PARTY:
        data["party_id"] = None
    return typed, data


def _party_chosen(typed: dict[str, Any], state: FormState) -> bool:
    """Note a party left unchosen beside its field (a new participant's starts empty)."""
    if typed.get("party_id"):
        return True
    state.errors.setdefault("party_id", []).append(PARTY_MISSING)
    return False


def _existing_state(values: dict[str, Any] | None = None) -> FormState:
    return FormState(ROLE_LABELS, values or {"role": "participant"})


def _render(
    initiative_id: int, existing: FormState, new: FormState, similar: list[str] | None = None
) -> str:
    """Render the step with the participants, the people to pick from and both forms."""
    step = registration.participants_step(current_actor(), initiative_id)
    taking_part = {row.person_id for row in step.rows}
    return render(
        "initiatives/participants.html",
        initiative=step.initiative,
        rows=step.rows,
        people={person.id: person for person in step.people},
        pickable=[(str(p.id), p.label) for p in step.people if p.id not in taking_part],
        parties=dict(step.parties),
        party_options=[(str(party.id), party.name) for party in step.parties],
        existing=existing,
        new=new,
        similar=similar or [],
    )


@bp.get("/initiatives/<int:initiative_id>/participants")
@access(SIGNED_IN)
def list_participants(initiative_id: int) -> str:
    """Show who takes part, with forms to add someone registered or someone new."""
    return _render(initiative_id, _existing_state(), _new_state())


def _new_state(values: dict[str, Any] | None = None) -> FormState:
    state = new_person_state()
    state.labels = PERSON_LABELS | ROLE_LABELS
    state.values = {**state.values, "role": "participant", **(values or {})}
    return state


@bp.post("/initiatives/<int:initiative_id>/participants")
@access(SIGNED_IN)
@create_limits("participations")
def add_participant(initiative_id: int) -> Response | tuple[str, int]:
    """Add a person the organisation registered before."""
    actor = current_actor()
    editable_scope(actor, initiative_id)  # 404 if hidden, 403 if only seen
    typed, data = _read_role(ROLE_KINDS)
    state = _existing_state(typed)
    loaded = load(ParticipationSchema(), data, state)
    chosen = _party_chosen(typed, state)
    added = (
        attempt(state, lambda: participations.create(actor, initiative_id, loaded))
        if loaded and chosen
        else None
    )
    if added is None:
        return _render(initiative_id, state, _new_state()), 422
    flash("The person is added.", "success")
    return redirect(url_for("participants.list_participants", initiative_id=initiative_id))


@bp.post("/initiatives/<int:initiative_id>/participants/new")
@access(SIGNED_IN)
@create_limits("people")
@create_limits("participations")
def add_new_person(initiative_id: int) -> Response | tuple[str, int]:
    """Register a new person and add them, both or neither."""
    actor = current_actor()
    editable_scope(actor, initiative_id)  # 404 if hidden, 403 if only seen
    typed, person = read_person(request.form)
    role_typed, role = _read_role({k: v for k, v in ROLE_KINDS.items() if k != "person_id"})
    state = _new_state(typed | role_typed)
    new_person = load(PersonSchema(), person, state)
    new_role = load(ParticipationSchema(partial=("person_id",)), role, state)
    chosen = _party_chosen(role_typed, state)
    if new_person is None or new_role is None or not chosen:
        return _render(initiative_id, _existing_state(), state), 422
    similar = similar_records(actor, new_person)
    if similar:
        return _render(initiative_id, _existing_state(), state, similar), 200
    added = attempt(
        state,
        lambda: participations.register_and_add(
            actor, initiative_id, new_person, build(RoleInput, new_role)
        ),
    )
    if added is None:
        return _render(initiative_id, _existing_state(), state), 422
    flash("The person is registered and added.", "success")
    return redirect(url_for("participants.list_participants", initiative_id=initiative_id))


@bp.post("/participations/<int:participation_id>/remove")
@access(SIGNED_IN)
def remove_participant(participation_id: int) -> Response:
    """Remove a person from an initiative (the person stays registered)."""
    initiative_id = registration.participation_initiative(current_actor(), participation_id)
    try:
        participations.delete(current_actor(), participation_id)
    except StateConflict as refusal:
        flash(refusal.message, "danger")
    else:
        flash("The person no longer takes part in this initiative.", "success")
    return redirect(url_for("participants.list_participants", initiative_id=initiative_id))
