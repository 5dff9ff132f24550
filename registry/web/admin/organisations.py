"""Organisations (platform admins): list, register, edit name, kind, country and jurisdictions."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from ...auth.access import PLATFORM_ADMIN, access, current_actor
from ...models.enums import ORGANISATION_KINDS as KINDS
from ...readers import admin as admin_reader
from ...schemas.accounts import OrganisationSchema
from ...services import organisations
from ..forms import FormState, attempt, load, read
from .blueprint import bp
from .forms import ORGANISATION_KINDS, ORGANISATION_LABELS, choices, shown, with_codes


def _submitted(schema: OrganisationSchema) -> tuple[FormState, Any]:
    """Read the posted organisation (country upper-cased, jurisdictions split) and load it."""
    typed, data = read(request.form, ORGANISATION_KINDS)
    state = FormState(ORGANISATION_LABELS, typed)
    if data.get("country"):
        data["country"] = data["country"].upper()
    return state, load(schema, with_codes(data, "jurisdictions"), state)


def _render_list(state: FormState | None = None) -> str:
    return render_template(
        "admin/organisations.html",
        organisations=admin_reader.organisations(),
        state=state or FormState(ORGANISATION_LABELS, {"kind": KINDS[0]}),
        kinds=choices(KINDS),
    )


@bp.get("/organisations")
@access(PLATFORM_ADMIN)
def list_organisations() -> str:
    """List the organisations and the form to register one."""
    return _render_list()


@bp.post("/organisations")
@access(PLATFORM_ADMIN)
def create_organisation() -> Response | tuple[str, int]:
    """Register an organisation."""
    state, loaded = _submitted(OrganisationSchema())
    organisation = loaded and attempt(state, lambda: organisations.create(current_actor(), loaded))
    if not organisation:
        return _render_list(state), 422
    flash(f"{organisation.name} is registered.", "success")
    return redirect(url_for("admin.list_organisations"))


def _render_edit(organisation_id: int, state: FormState | None = None) -> str:
    organisation = admin_reader.organisation(organisation_id)
    if state is None:
        stored = {name: getattr(organisation, name) for name in ORGANISATION_LABELS}
        state = shown(ORGANISATION_LABELS, stored)
    return render_template(
        "admin/organisation.html", organisation=organisation, state=state, kinds=choices(KINDS)
    )


@bp.get("/organisations/<int:organisation_id>")
@access(PLATFORM_ADMIN)
def edit_organisation(organisation_id: int) -> str:
    """Show the form to edit an organisation."""
    return _render_edit(organisation_id)


@bp.post("/organisations/<int:organisation_id>")
@access(PLATFORM_ADMIN)
def update_organisation(organisation_id: int) -> Response | tuple[str, int]:
    """Save an organisation's name, kind, country and jurisdictions."""
    admin_reader.organisation(organisation_id)  # 404 before reading the form
    state, loaded = _submitted(OrganisationSchema(partial=True))
    organisation = loaded and attempt(
        state, lambda: organisations.update(current_actor(), organisation_id, loaded.changes)
    )
    if not organisation:
        return _render_edit(organisation_id, state), 422
    flash(f"{organisation.name} is saved.", "success")
    return redirect(url_for("admin.list_organisations"))
