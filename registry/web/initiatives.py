"""Initiatives: the organisation's table, registering and editing the scope (step 1), cloning."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import Blueprint, flash, redirect, request, url_for
from werkzeug.wrappers import Response

from ..auth.access import SIGNED_IN, access, current_actor
from ..auth.quotas import create_limits
from ..errors import PermissionDenied
from ..extensions import db
from ..models import Conflict, Initiative, Issue, Organisation, Region
from ..models.enums import INITIATIVE_STATUSES
from ..policy import Access, Actor, can_edit_initiative, can_edit_own, is_coordinator
from ..readers import desk
from ..readers import initiatives as reader
from ..schemas.initiatives import InitiativeSchema
from ..services import freshness, initiatives
from . import initiative_view
from .forms import (
    BOOLEAN,
    CHOICE,
    DATE,
    INTEGER,
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
from .paging import PAGE_SIZE, offset, page_number

bp = Blueprint("initiatives", __name__, url_prefix="/initiatives")

SCOPE_LABELS = {
    "conflict_id": "Conflict",
    "title": "Title",
    "summary": "Summary",
    "issue_ids": "Issues it addresses",
    "region_ids": "Regions",
    "start_date": "Start date",
    "end_date": "End date",
    "track": "Track",
    "mode": "Mode",
    "method": "Method",
    "status": "Status",
    "confidentiality": "Who may see it",
    "funder_ids": "Funders",
    "intra_party": "One party by design (intra-party)",
    "external_id": "Your own reference",
}
SCOPE_KINDS = {
    "conflict_id": INTEGER,
    "title": TEXT,
    "summary": OPTIONAL_TEXT,
    "issue_ids": INTEGERS,
    "region_ids": INTEGERS,
    "start_date": DATE,
    "end_date": DATE,
    "track": CHOICE,
    "mode": CHOICE,
    "method": CHOICE,
    "status": CHOICE,
    "confidentiality": CHOICE,
    "funder_ids": INTEGERS,
    "intra_party": BOOLEAN,
    "external_id": OPTIONAL_TEXT,
}


def open_findings_counts(actor: Actor, initiative_ids: list[int]) -> dict[int, int]:
    """Return the number of open findings of each initiative, as the reader may see them."""
    freshness.refresh_coordinated(actor)
    items = db.session.scalars(sa.select(Initiative).where(Initiative.id.in_(initiative_ids)))
    return desk.open_counts(actor, items.all())


def open_findings_counts_of(actor: Actor, initiative: Initiative) -> Any:
    """The open findings of one initiative, as the reader may see them."""
    freshness.refresh_coordinated(actor)
    return desk.open_findings(actor, [initiative])[initiative.id]


def _filters(actor: Actor, tab: str) -> dict[str, Any]:
    """Read the table's filters from the query string, ignoring values that make no sense."""
    filters: dict[str, Any] = {"conflict_id": request.args.get("conflict_id", type=int)}
    status = request.args.get("status")
    filters["status"] = status if status in INITIATIVE_STATUSES else None
    if tab == "ours":
        filters["sponsor_id"] = actor.organisation_id
    return filters


def _page(statement: sa.Select[Any]) -> tuple[list[Initiative], int, int]:
    """Return one page of a SELECT, the page number and the number of pages."""
    total = db.session.scalar(sa.select(sa.func.count()).select_from(statement.subquery())) or 0
    number, pages = page_number(total)
    items = db.session.scalars(statement.limit(PAGE_SIZE).offset(offset(number)))
    return list(items.unique()), number, pages


def _names(model: type[Any], ids: set[int] | None = None) -> dict[int, str]:
    """Return {id: name} of conflicts or organisations in one query (all of them if no ids)."""
    statement = sa.select(model.id, model.name).order_by(model.name)
    if ids is not None:
        statement = statement.where(model.id.in_(sorted(ids)))
    return {row.id: row.name for row in db.session.execute(statement)}


@bp.get("/")
@access(SIGNED_IN)
def list_initiatives() -> str:
    """Show the organisation's initiatives, or the others the reader may see, with filters."""
    actor = current_actor()
    tab = "others" if request.args.get("tab") == "others" else "ours"
    filters = _filters(actor, tab)
    statement = reader.visible_query(actor, filters).order_by(None)
    if tab == "others":
        statement = statement.where(Initiative.sponsor_id != actor.organisation_id)
    statement = statement.order_by(Initiative.updated_at.desc(), Initiative.id.desc())
    items, number, pages = _page(statement)
    return render(
        "initiatives/list.html",
        tab=tab,
        filters=filters,
        initiatives=items,
        page=number,
        pages=pages,
        conflicts=_names(Conflict),
        sponsors=_names(Organisation, {i.sponsor_id for i in items}),
        findings=open_findings_counts(actor, [i.id for i in items]),
        editable={i.id for i in items if can_edit_initiative(actor, i)},
        may_register=can_edit_own(actor),
    )


def _require_editor(actor: Actor) -> None:
    if not can_edit_own(actor):
        raise PermissionDenied("Editors of your organisation register initiatives.")


def _render_scope(state: FormState, conflict: Conflict, initiative: Initiative | None) -> str:
    """Render step 1 with the conflict's issues and regions and the possible funders."""
    issues = db.session.scalars(
        sa.select(Issue).filter_by(conflict_id=conflict.id).order_by(Issue.name)
    )
    regions = db.session.scalars(
        sa.select(Region).filter_by(conflict_id=conflict.id).order_by(Region.name)
    )
    # Donors only, and any organisation already funding it (or ticked on a refused form).
    kept = {int(value) for value in state.chosen("funder_ids") if value.isdigit()}
    funders = db.session.scalars(
        sa.select(Organisation)
        .where(sa.or_(Organisation.kind == "donor", Organisation.id.in_(sorted(kept))))
        .order_by(Organisation.name)
    )
    return render(
        "initiatives/scope.html",
        state=state,
        conflict=conflict,
        initiative=initiative,
        issue_options=[(str(i.id), i.name) for i in issues],
        region_options=[(str(r.id), r.name) for r in regions],
        funder_options=[(str(o.id), _funder_label(o)) for o in funders],
    )


def _funder_label(organisation: Organisation) -> str:
    """Name a funder; one that is not a donor says what it is."""
    if organisation.kind == "donor":
        return organisation.name
    return f"{organisation.name} ({organisation.kind.replace('_', ' ')})"


def _values_of(initiative: Initiative) -> dict[str, Any]:
    """Return an initiative's scope as a form shows it."""
    values = {name: getattr(initiative, name) for name in SCOPE_KINDS}
    return as_typed(values) | {"intra_party": initiative.intra_party}


@bp.get("/new")
@access(SIGNED_IN)
def new_initiative() -> str:
    """Show step 1 for a new initiative: first the conflict, then its scope (or a clone's)."""
    actor = current_actor()
    _require_editor(actor)
    state = FormState(SCOPE_LABELS, {"confidentiality": "registry"})
    conflict_id = request.args.get("conflict_id", type=int)
    source_id = request.args.get("from", type=int)
    if source_id is not None:
        source = reader.get_visible(actor, source_id, Access.ALL_BUT_PARTICIPANTS)
        state.values = _values_of(source) | {"title": f"{source.title} (copy)", "external_id": ""}
        conflict_id = source.conflict_id
    conflict = db.session.get(Conflict, conflict_id) if conflict_id else None
    if conflict is None:
        conflicts = db.session.scalars(sa.select(Conflict).order_by(Conflict.name)).all()
        return render("initiatives/choose_conflict.html", conflicts=conflicts)
    state.values["conflict_id"] = str(conflict.id)
    return _render_scope(state, conflict, None)


@bp.post("/")
@access(SIGNED_IN)
@create_limits("initiatives")
def create_initiative() -> Response | tuple[str, int]:
    """Register the initiative (step 1), then go on to its participants."""
    actor = current_actor()
    _require_editor(actor)
    typed, data = read(request.form, SCOPE_KINDS)
    conflict_id = data.get("conflict_id")
    conflict = db.session.get(Conflict, conflict_id) if isinstance(conflict_id, int) else None
    if conflict is None:
        flash("Choose the conflict the initiative works on first.", "warning")
        return redirect(url_for("initiatives.new_initiative"))
    state = FormState(SCOPE_LABELS, typed)
    loaded = load(InitiativeSchema(), data, state)
    created = attempt(state, lambda: initiatives.create(actor, loaded)) if loaded else None
    if created is None:
        return _render_scope(state, conflict, None), 422
    flash(f"“{created.title}” is registered. Now add the people who take part.", "success")
    return redirect(url_for("participants.list_participants", initiative_id=created.id))


@bp.get("/<int:initiative_id>/edit")
@access(SIGNED_IN)
def edit_initiative(initiative_id: int) -> str:
    """Show step 1 of an existing initiative, to edit its scope."""
    initiative = initiatives.editable(current_actor(), initiative_id)
    state = FormState(SCOPE_LABELS, _values_of(initiative))
    state.values["version"] = str(initiative.version)
    return _render_scope(state, db.session.get_one(Conflict, initiative.conflict_id), initiative)


@bp.post("/<int:initiative_id>/edit")
@access(SIGNED_IN)
def update_initiative(initiative_id: int) -> Response | tuple[str, int]:
    """Save the scope of an initiative; its conflict stays."""
    actor = current_actor()
    initiative = initiatives.editable(actor, initiative_id)
    kinds = {name: kind for name, kind in SCOPE_KINDS.items() if name != "conflict_id"}
    typed, data = read(request.form, kinds)
    state = FormState(SCOPE_LABELS, typed | {"version": request.form.get("version", "")})
    version = request.form.get("version", type=int)
    loaded = load(InitiativeSchema(partial=True), data, state)
    saved = (
        attempt(state, lambda: initiatives.update(actor, initiative_id, loaded, version))
        if loaded
        else None
    )
    if saved is None:
        conflict = db.session.get_one(Conflict, initiative.conflict_id)
        return _render_scope(state, conflict, initiative), 422
    flash("The scope is saved.", "success")
    return redirect(url_for("initiatives.show_initiative", initiative_id=initiative_id))


@bp.get("/<int:initiative_id>")
@access(SIGNED_IN)
def show_initiative(initiative_id: int) -> str:
    """Show an initiative as the reader may see it; 404 exactly as if missing otherwise."""
    actor = current_actor()
    initiative = reader.get_visible(actor, initiative_id)
    page = initiative_view.build(actor, initiative)
    return render(
        "initiatives/show.html",
        page=page,
        may_edit=can_edit_initiative(actor, initiative),
        may_register=can_edit_own(actor),
        coordinates=is_coordinator(actor, initiative.conflict_id),
        findings=open_findings_counts_of(actor, initiative),
    )
