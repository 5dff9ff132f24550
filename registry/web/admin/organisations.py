"""Organisations (platform admins): list, register, edit name, kind, country and jurisdictions."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, url_for
from werkzeug.wrappers import Response

from ...auth.access import PLATFORM_ADMIN, access, current_actor
from ...errors import Invalid
from ...readers import admin as admin_reader
from ...services import organisations
from .blueprint import bp
from .forms import OrganisationForm, codes, show_errors


def _data(form: OrganisationForm) -> dict[str, Any]:
    return {
        "name": (form.name.data or "").strip(),
        "kind": form.kind.data,
        "country": (form.country.data or "").strip().upper() or None,
        "jurisdictions": codes(form.jurisdictions.data),
    }


def _render_list(form: OrganisationForm | None = None) -> str:
    return render_template(
        "admin/organisations.html",
        organisations=admin_reader.organisations(),
        form=form or OrganisationForm(prefix="org"),
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
    form = OrganisationForm(prefix="org")
    if form.validate_on_submit():
        try:
            organisation = organisations.create(current_actor(), _data(form))
        except Invalid as error:
            show_errors(form, error)
        else:
            flash(f"{organisation.name} is registered.", "success")
            return redirect(url_for("admin.list_organisations"))
    return _render_list(form), 422


def _render_edit(organisation_id: int, form: OrganisationForm | None = None) -> str:
    organisation = admin_reader.organisation(organisation_id)
    if form is None:
        form = OrganisationForm(
            prefix="org",
            data={
                "name": organisation.name,
                "kind": organisation.kind,
                "country": organisation.country or "",
                "jurisdictions": " ".join(organisation.jurisdictions or []),
            },
        )
    return render_template("admin/organisation.html", organisation=organisation, form=form)


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
    form = OrganisationForm(prefix="org")
    if form.validate_on_submit():
        try:
            organisation = organisations.update(current_actor(), organisation_id, _data(form))
        except Invalid as error:
            show_errors(form, error)
        else:
            flash(f"{organisation.name} is saved.", "success")
            return redirect(url_for("admin.list_organisations"))
    return _render_edit(organisation_id, form), 422
