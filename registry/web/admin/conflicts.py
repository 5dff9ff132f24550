"""Conflicts (platform admins): list, create, edit, and assign or unassign their coordinators."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from ...auth.access import PLATFORM_ADMIN, access, current_actor
from ...errors import Invalid, StateConflict
from ...models import User
from ...models.enums import ESCALATION_STAGES, TRACK_ONE_STATUSES
from ...readers import admin as admin_reader
from ...readers import conflicts as conflict_reader
from ...schemas.conflicts import ConflictSchema
from ...schemas.coordinators import CoordinatorAssignmentSchema
from ...services import conflicts, coordinators
from ..forms import TEXT, FormState, attempt, load, read, submitted
from .blueprint import bp
from .forms import CONFLICT_KINDS, CONFLICT_LABELS, COORDINATOR_LABELS, choices, shown, with_codes

OPTIONS = {"statuses": choices(TRACK_ONE_STATUSES), "stages": choices(ESCALATION_STAGES)}


def _submitted(schema: ConflictSchema) -> tuple[FormState, Any]:
    """Read the posted conflict (countries split into codes) and load it into its input."""
    typed, data = read(request.form, CONFLICT_KINDS)
    state = FormState(CONFLICT_LABELS, typed)
    return state, load(schema, with_codes(data, "countries"), state)


def _render_list(state: FormState | None = None) -> str:
    listed = conflict_reader.all_conflicts()
    return render_template(
        "admin/conflicts.html",
        conflicts=listed,
        coordinators={c.id: admin_reader.coordinators_of(c.id) for c in listed},
        state=state or FormState(CONFLICT_LABELS),
        **OPTIONS,
    )


@bp.get("/conflicts")
@access(PLATFORM_ADMIN)
def list_admin_conflicts() -> str:
    """List the conflicts with their coordinators, and the form to create one."""
    return _render_list()


@bp.post("/conflicts")
@access(PLATFORM_ADMIN)
def create_conflict() -> Response | tuple[str, int]:
    """Register a conflict, then go to its page to assign coordinators."""
    state, loaded = _submitted(ConflictSchema())
    conflict = loaded and attempt(state, lambda: conflicts.create(current_actor(), loaded))
    if not conflict:
        return _render_list(state), 422
    flash(f"{conflict.name} is registered; now assign its coordinators.", "success")
    return redirect(url_for("admin.edit_conflict", conflict_id=conflict.id))


def _render_edit(
    conflict_id: int,
    state: FormState | None = None,
    coordinator: FormState | None = None,
) -> str:
    conflict = conflict_reader.conflict(conflict_id)
    if state is None:
        state = shown(CONFLICT_LABELS, {name: getattr(conflict, name) for name in CONFLICT_LABELS})
    return render_template(
        "admin/conflict.html",
        conflict=conflict,
        conflict_state=state,
        coordinator_state=coordinator or FormState(COORDINATOR_LABELS),
        coordinators=admin_reader.coordinators_of(conflict.id),
        **OPTIONS,
    )


@bp.get("/conflicts/<int:conflict_id>")
@access(PLATFORM_ADMIN)
def edit_conflict(conflict_id: int) -> str:
    """Show the form to edit a conflict, and its coordinators."""
    return _render_edit(conflict_id)


@bp.post("/conflicts/<int:conflict_id>")
@access(PLATFORM_ADMIN)
def update_conflict(conflict_id: int) -> Response | tuple[str, int]:
    """Save a conflict's description."""
    conflict_reader.conflict(conflict_id)
    state, edit = _submitted(ConflictSchema(partial=True))
    conflict = edit and attempt(
        state, lambda: conflicts.update(current_actor(), conflict_id, edit.changes)
    )
    if not conflict:
        return _render_edit(conflict_id, state=state), 422
    flash(f"{conflict.name} is saved.", "success")
    return redirect(url_for("admin.edit_conflict", conflict_id=conflict_id))


@bp.post("/conflicts/<int:conflict_id>/coordinators")
@access(PLATFORM_ADMIN)
def assign_coordinator(conflict_id: int) -> Response | tuple[str, int]:
    """Assign a user, found by email, as coordinator of the conflict."""
    conflict_reader.conflict(conflict_id)
    state, loaded = submitted(CoordinatorAssignmentSchema(), COORDINATOR_LABELS, {"email": TEXT})
    user = loaded and attempt(state, lambda: _assign(conflict_id, loaded["email"]))
    if not user:
        return _render_edit(conflict_id, coordinator=state), 422
    flash(f"{user.display_name} now coordinates this conflict.", "success")
    return redirect(url_for("admin.edit_conflict", conflict_id=conflict_id))


def _assign(conflict_id: int, email: str) -> User:
    """Assign the user of this email, as the API does; one already assigned is refused (409)."""
    user = coordinators.find_user(None, email)
    try:
        coordinators.assign(current_actor(), conflict_id, user)
    except StateConflict as error:
        raise Invalid.field("email", error.message) from error
    return user


@bp.post("/conflicts/<int:conflict_id>/coordinators/<int:user_id>/unassign")
@access(PLATFORM_ADMIN)
def unassign_coordinator(conflict_id: int, user_id: int) -> Response:
    """Take a user's coordination of the conflict back."""
    coordinators.unassign(current_actor(), conflict_id, user_id)
    name = admin_reader.display_name(user_id) or "The user"
    flash(f"{name} no longer coordinates this conflict.", "success")
    return redirect(url_for("admin.edit_conflict", conflict_id=conflict_id))
