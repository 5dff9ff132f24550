"""Delete a person record, or merge two of the organisation's records into one (editors)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, request, url_for
from werkzeug.wrappers import Response

from ..auth.access import SIGNED_IN, access, current_actor
from ..errors import Invalid, NotFound, StateConflict
from ..policy import Actor
from ..readers import people as reader
from ..services import people, people_records
from .forms import render
from .people import _require_editor

bp = Blueprint("people_records", __name__, url_prefix="/people")


def _own(actor: Actor, person_id: int) -> reader.OwnPersonRecord:
    """The record with its name, for its own organisation's editors; 404 for anyone else's."""
    _require_editor(actor)
    return reader.present_own([people.owned(actor, person_id)])[0]


@bp.get("/<int:person_id>/delete")
@access(SIGNED_IN)
def confirm_delete(person_id: int) -> str:
    """Ask before deleting a record: what it takes part in goes with it."""
    person = _own(current_actor(), person_id)
    return render(
        "people/delete.html",
        person=person,
        initiatives=reader.initiative_titles(current_actor(), person_id),
    )


@bp.post("/<int:person_id>/delete")
@access(SIGNED_IN)
def delete_person(person_id: int) -> Response:
    """Delete the record and its participations; refused while a channel runs through it."""
    person = _own(current_actor(), person_id)
    try:
        people_records.delete(current_actor(), person_id)
    except StateConflict as refusal:
        flash(refusal.message, "danger")
        return redirect(url_for(".confirm_delete", person_id=person_id))
    flash(f"{person.alias} is deleted, with the initiatives they took part in.", "success")
    return redirect(url_for("people.list_people"))


def _render_merge(person: reader.OwnPersonRecord, refusal: str | None = None) -> str:
    others = [row for row in reader.own_people(current_actor()) if row.id != person.id]
    return render(
        "people/merge.html",
        person=person,
        others=others,
        initiatives=reader.initiative_titles(current_actor(), person.id),
        chosen=request.values.get("from_person_id", type=int),
        refusal=refusal,
    )


@bp.get("/<int:person_id>/merge")
@access(SIGNED_IN)
def new_merge(person_id: int) -> str:
    """Choose the record to merge into this one."""
    return _render_merge(_own(current_actor(), person_id))


@bp.post("/<int:person_id>/merge")
@access(SIGNED_IN)
def merge_person(person_id: int) -> Response | tuple[str, int]:
    """Move the other record's participations to this one and delete the other."""
    actor = current_actor()
    person = _own(actor, person_id)
    source = request.form.get("from_person_id", type=int)
    if source is None:
        return _render_merge(person, "Choose the record to merge into this one."), 422
    try:
        people_records.merge(actor, person_id, source)
    except NotFound:
        return _render_merge(person, "Choose one of your organisation's records."), 422
    except StateConflict as refusal:
        return _render_merge(person, refusal.message), 409
    except Invalid as refusal:
        return _render_merge(person, _first(refusal)), 422
    flash(f"The two records are now one: {person.alias}.", "success")
    return redirect(url_for("people.list_people"))


def _first(error: Invalid) -> str:
    messages = [m for fields in error.errors.values() for ms in fields.values() for m in ms]
    return messages[0] if messages else error.message
