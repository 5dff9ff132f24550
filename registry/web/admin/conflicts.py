"""Conflicts (platform admins): list, create, edit, and assign or unassign their coordinators."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from werkzeug.wrappers import Response

from ...auth.access import PLATFORM_ADMIN, access, current_actor
from ...errors import Invalid, StateConflict
from ...readers import admin as admin_reader
from ...services import conflicts, coordinators
from ...services.inputs import every_field
from ...services.inputs.conflicts import ConflictChanges, ConflictInput
from .blueprint import bp
from .forms import ConflictForm, CoordinatorForm, EmptyForm, codes, show_errors


def _data(form: ConflictForm) -> ConflictInput:
    return ConflictInput(
        name=(form.name.data or "").strip(),
        slug=(form.slug.data or "").strip(),
        summary=(form.summary.data or "").strip() or None,
        countries=tuple(codes(form.countries.data)),
        track_one_status=form.track_one_status.data,
        escalation_stage=form.escalation_stage.data,
    )


def _render_list(form: ConflictForm | None = None) -> str:
    listed = admin_reader.conflicts()
    return render_template(
        "admin/conflicts.html",
        conflicts=listed,
        coordinators={c.id: admin_reader.coordinators_of(c.id) for c in listed},
        form=form or ConflictForm(prefix="conflict"),
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
    form = ConflictForm(prefix="conflict")
    if form.validate_on_submit():
        try:
            conflict = conflicts.create(current_actor(), _data(form))
        except Invalid as error:
            show_errors(form, error)
        else:
            flash(f"{conflict.name} is registered; now assign its coordinators.", "success")
            return redirect(url_for("admin.edit_conflict", conflict_id=conflict.id))
    return _render_list(form), 422


def _render_edit(
    conflict_id: int,
    form: ConflictForm | None = None,
    coordinator_form: CoordinatorForm | None = None,
) -> str:
    conflict = admin_reader.conflict(conflict_id)
    if form is None:
        form = ConflictForm(
            prefix="conflict",
            data={
                "name": conflict.name,
                "slug": conflict.slug,
                "summary": conflict.summary or "",
                "countries": " ".join(conflict.countries or []),
                "track_one_status": conflict.track_one_status,
                "escalation_stage": conflict.escalation_stage,
            },
        )
    return render_template(
        "admin/conflict.html",
        conflict=conflict,
        conflict_form=form,
        coordinator_form=coordinator_form or CoordinatorForm(prefix="coordinator"),
        coordinators=admin_reader.coordinators_of(conflict.id),
        action_form=EmptyForm(),
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
    admin_reader.conflict(conflict_id)
    form = ConflictForm(prefix="conflict")
    if form.validate_on_submit():
        try:
            conflict = conflicts.update(
                current_actor(), conflict_id, every_field(_data(form), ConflictChanges)
            )
        except Invalid as error:
            show_errors(form, error)
        else:
            flash(f"{conflict.name} is saved.", "success")
            return redirect(url_for("admin.edit_conflict", conflict_id=conflict_id))
    return _render_edit(conflict_id, form=form), 422


@bp.post("/conflicts/<int:conflict_id>/coordinators")
@access(PLATFORM_ADMIN)
def assign_coordinator(conflict_id: int) -> Response | tuple[str, int]:
    """Assign a user, found by email, as coordinator of the conflict."""
    admin_reader.conflict(conflict_id)
    form = CoordinatorForm(prefix="coordinator")
    if form.validate_on_submit():
        try:
            user = coordinators.find_user(None, form.email.data)
            coordinators.assign(current_actor(), conflict_id, user)
        except Invalid as error:
            show_errors(form, error)
        except StateConflict as error:
            form.email.errors = [*form.email.errors, error.message]
        else:
            flash(f"{user.display_name} now coordinates this conflict.", "success")
            return redirect(url_for("admin.edit_conflict", conflict_id=conflict_id))
    return _render_edit(conflict_id, coordinator_form=form), 422


@bp.post("/conflicts/<int:conflict_id>/coordinators/<int:user_id>/unassign")
@access(PLATFORM_ADMIN)
def unassign_coordinator(conflict_id: int, user_id: int) -> Response:
    """Take a user's coordination of the conflict back."""
    if EmptyForm().validate_on_submit():
        coordinators.unassign(current_actor(), conflict_id, user_id)
        name = admin_reader.display_name(user_id) or "The user"
        flash(f"{name} no longer coordinates this conflict.", "success")
    return redirect(url_for("admin.edit_conflict", conflict_id=conflict_id))
