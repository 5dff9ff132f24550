"""Initiatives: the organisation's table, registering and editing the scope (step 1), cloning."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, request, url_for
from werkzeug.wrappers import Response

from ..auth.access import SIGNED_IN, access, current_actor
from ..auth.quotas import create_limits
from ..errors import PermissionDenied
from ..models.enums import INITIATIVE_STATUSES
from ..policy import Access, Actor, can_edit_for, can_edit_own, is_coordinator
from ..readers import choices, desk, initiative_page, initiative_table
from ..readers.choices import Choice, Funder
from ..readers.desk import DeskFinding, Placed
from ..readers.initiative_scope import Scope, editable_scope, visible_scope
from ..schemas.initiatives import InitiativeSchema
from ..services import freshness, identities, initiatives
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


def open_findings_counts(actor: Actor, items: list[Placed]) -> dict[int, int]:
    """Return the number of open findings of each initiative, as the reader may see them."""
    freshness.refresh_coordinated(actor)
    return desk.open_counts(actor, items)


def open_findings_counts_of(actor: Actor, initiative: Placed) -> list[DeskFinding] | None:
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


@bp.get("/")
@access(SIGNED_IN)
def list_initiatives() -> str:
    """Show the organisation's initiatives, or the others the reader may see, with filters."""
    actor = current_actor()
    tab = "others" if request.args.get("tab") == "others" else "ours"
    filters = _filters(actor, tab)
    others = tab == "others"
    number, pages = page_number(initiative_table.count(actor, filters, others))
    items = initiative_table.lines(actor, filters, others, offset(number), PAGE_SIZE)
    return render(
        "initiatives/list.html",
        tab=tab,
        filters=filters,
        initiatives=items,
        page=number,
        pages=pages,
        conflicts=dict(choices.conflicts()),
        sponsors={i.sponsor_id: i.sponsor for i in items},
        findings=open_findings_counts(actor, list(items)),
        editable={i.id for i in items if i.editable},
        may_register=can_edit_own(actor),
    )


def _require_editor(actor: Actor) -> None:
    if not can_edit_own(actor):
        raise PermissionDenied("Editors of your organisation register initiatives.")


def _render_scope(state: FormState, conflict: Choice, initiative: Scope | None) -> str:
    """Render step 1 with the conflict's issues and regions and the possible funders."""
    # Donors only, and any organisation already funding it (or ticked on a refused form).
    kept = {int(value) for value in state.chosen("funder_ids") if value.isdigit()}
    return render(
        "initiatives/scope.html",
        state=state,
        conflict=conflict,
        initiative=initiative,
        issue_options=[(str(i.id), i.name) for i in choices.issues_of(conflict.id)],
        region_options=[(str(r.id), r.name) for r in choices.regions_of(conflict.id)],
        funder_options=[(str(o.id), _funder_label(o)) for o in choices.funders(kept)],
    )


def _funder_label(organisation: Funder) -> str:
    """Name a funder; one that is not a donor says what it is."""
    if organisation.kind == "donor":
        return organisation.name
    return f"{organisation.name} ({organisation.kind.replace('_', ' ')})"


def _values_of(initiative: Scope) -> dict[str, Any]:
    """Return an initiative's scope as a form shows it."""
    values = {name: getattr(initiative, name) for name in SCOPE_KINDS}
    return as_typed(values) | {"intra_party": initiative.intra_party}


def _conflict_of(initiative: Scope) -> Choice:
    """The conflict an initiative works on (it always has one)."""
    return choices.conflict(initiative.conflict_id) or Choice(initiative.conflict_id, "")


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
        source = visible_scope(actor, source_id, Access.ALL_BUT_PARTICIPANTS)
        state.values = _values_of(source) | {"title": f"{source.title} (copy)", "external_id": ""}
        conflict_id = source.conflict_id
    conflict = choices.conflict(conflict_id) if conflict_id else None
    if conflict is None:
        return render("initiatives/choose_conflict.html", conflicts=choices.conflicts())
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
    conflict = choices.conflict(conflict_id) if isinstance(conflict_id, int) else None
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
    initiative = editable_scope(current_actor(), initiative_id)
    state = FormState(SCOPE_LABELS, _values_of(initiative))
    state.values["version"] = str(initiative.version)
    return _render_scope(state, _conflict_of(initiative), initiative)


@bp.post("/<int:initiative_id>/edit")
@access(SIGNED_IN)
def update_initiative(initiative_id: int) -> Response | tuple[str, int]:
    """Save the scope of an initiative; its conflict stays."""
    actor = current_actor()
    initiative = editable_scope(actor, initiative_id)
    kinds = {name: kind for name, kind in SCOPE_KINDS.items() if name != "conflict_id"}
    typed, data = read(request.form, kinds)
    state = FormState(SCOPE_LABELS, typed | {"version": request.form.get("version", "")})
    version = request.form.get("version", type=int)
    loaded = load(InitiativeSchema(partial=True), data, state)
    saved = (
        attempt(state, lambda: initiatives.update(actor, initiative_id, loaded.changes, version))
        if loaded
        else None
    )
    if saved is None:
        return _render_scope(state, _conflict_of(initiative), initiative), 422
    flash("The scope is saved.", "success")
    return redirect(url_for("initiatives.show_initiative", initiative_id=initiative_id))


@bp.get("/<int:initiative_id>")
@access(SIGNED_IN)
def show_initiative(initiative_id: int) -> str:
    """Show an initiative as the reader may see it; 404 exactly as if missing otherwise."""
    actor = current_actor()
    page = initiative_page.page(actor, initiative_id)
    if page.sees_rows:
        # Reading names audits outsiders' reads, so it goes through the service.
        page = page.named(identities.read_full_names(actor, page.person_ids))
    initiative = page.initiative
    return render(
        "initiatives/show.html",
        page=page,
        may_edit=can_edit_for(actor, page.fields.sponsor_id),
        may_register=can_edit_own(actor),
        coordinates=is_coordinator(actor, initiative.conflict_id),
        findings=open_findings_counts_of(actor, initiative),
    )
