"""The organisation's people (participants): list with full names, register, edit."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, request, url_for
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response

from ..auth.access import SIGNED_IN, access, current_actor
from ..auth.quotas import create_limits
from ..errors import PermissionDenied
from ..policy import Actor, can_edit_own
from ..readers import people as reader
from ..schemas.people import PersonSchema
from ..services import people
from ..services.inputs.people import PersonInput
from .forms import (
    CHOICE,
    INTEGER,
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

bp = Blueprint("people", __name__, url_prefix="/people")

PERSON_LABELS = {
    "full_name": "Full name",
    "alias": "Pseudonym",
    "birth_year": "Year of birth",
    "gender": "Gender",
    "sector": "Sector",
    "proximity": "Proximity to decision makers",
    "designated_affiliation": "Affiliation with an armed group or listed organisation",
    "identity_visibility": "How the name is shown outside your organisation",
}
PERSON_KINDS = {
    "full_name": TEXT,
    "alias": OPTIONAL_TEXT,
    "birth_year": OPTIONAL_INTEGER,
    "gender": CHOICE,
    "sector": CHOICE,
    "proximity": INTEGER,
    "designated_affiliation": OPTIONAL_TEXT,
    "identity_visibility": CHOICE,
}


def read_person(form: MultiDict[str, str]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Return (typed, data) of the person fields; a blank pseudonym keeps or generates one."""
    typed, data = read(form, PERSON_KINDS)
    if data.get("alias") is None:
        data.pop("alias", None)
    return typed, data


def new_person_state() -> FormState:
    """Return an empty person form: pseudonymous unless the editor chooses otherwise."""
    return FormState(dict(PERSON_LABELS), {"identity_visibility": "pseudonymous"})


def similar_records(actor: Actor, loaded: PersonInput | None) -> list[str]:
    """Aliases of the organisation's records with the new name's skeleton, unless confirmed.

    Only the organisation's own records are compared (readers.people.same_skeleton).
    """
    if not loaded or request.form.get("confirm_similar"):
        return []
    return reader.same_skeleton(actor, loaded.full_name)


def _require_editor(actor: Actor) -> None:
    if not can_edit_own(actor):
        raise PermissionDenied("Editors of your organisation register and edit people.")


@bp.get("/")
@access(SIGNED_IN)
def list_people() -> str:
    """List the organisation's people with their full names and how many initiatives each is in."""
    actor = current_actor()
    query = request.args.get("q", "").strip()[:200]
    rows = reader.search_own(actor, query)
    taking_part = reader.initiative_counts(actor)
    may_edit = can_edit_own(actor)
    return render(
        "people/list.html", people=rows, taking_part=taking_part, may_edit=may_edit, query=query
    )


@bp.get("/new")
@access(SIGNED_IN)
def new_person() -> str:
    """Show the form to register a person."""
    _require_editor(current_actor())
    return render("people/form.html", state=new_person_state(), person=None)


@bp.post("/")
@access(SIGNED_IN)
@create_limits("people")
def create_person() -> Response | tuple[str, int]:
    """Register a person of the organisation."""
    actor = current_actor()
    _require_editor(actor)
    typed, data = read_person(request.form)
    state = FormState(dict(PERSON_LABELS), typed)
    loaded = load(PersonSchema(), data, state)
    similar = similar_records(actor, loaded)
    if similar:
        return render("people/form.html", state=state, person=None, similar=similar), 200
    created = attempt(state, lambda: people.create(actor, loaded)) if loaded else None
    if created is None:
        return render("people/form.html", state=state, person=None), 422
    flash(f"{created.alias} is registered.", "success")
    return redirect(url_for("people.list_people"))


@bp.get("/<int:person_id>/edit")
@access(SIGNED_IN)
def edit_person(person_id: int) -> str:
    """Show the form to edit a person of the organisation."""
    actor = current_actor()
    _require_editor(actor)
    person = people.owned(actor, person_id)
    state = FormState(dict(PERSON_LABELS), as_typed(reader.present_own([person])[0].values()))
    return render("people/form.html", state=state, person=person)


@bp.post("/<int:person_id>/edit")
@access(SIGNED_IN)
def update_person(person_id: int) -> Response | tuple[str, int]:
    """Save a person of the organisation."""
    actor = current_actor()
    _require_editor(actor)
    person = people.owned(actor, person_id)
    typed, data = read_person(request.form)
    state = FormState(dict(PERSON_LABELS), typed | {"version": request.form.get("version", "")})
    version = request.form.get("version", type=int)
    loaded = load(PersonSchema(partial=True), data, state)
    saved = (
        attempt(state, lambda: people.update(actor, person_id, loaded.changes, version))
        if loaded
        else None
    )
    if saved is None:
        return render("people/form.html", state=state, person=person), 422
    flash(f"{saved.alias} is saved.", "success")
    return redirect(url_for("people.list_people"))
