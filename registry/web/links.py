"""Coordination requests: propose to coordinate two initiatives of a conflict, agree, decline."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from flask import Blueprint, flash, redirect, request, url_for
from werkzeug.wrappers import Response

from ..auth.access import SIGNED_IN, access, current_actor
from ..errors import Invalid, PermissionDenied, PreconditionFailed, StateConflict
from ..policy import Actor, can_edit_own
from ..readers import choices
from ..readers.links import LinkableInitiative, link_lines, linkable
from ..schemas.engagement import CoordinationLinkSchema
from ..services import coordination
from .forms import CHOICE, INTEGER, FormState, attempt, load, read, render

bp = Blueprint("links", __name__, url_prefix="/links")

LINK_LABELS = {
    "initiative_a_id": "Your initiative",
    "initiative_b_id": "The initiative to coordinate with",
    "kind": "What you propose",
}
LINK_FIELDS = {"initiative_a_id": INTEGER, "initiative_b_id": INTEGER, "kind": CHOICE}


@bp.get("/")
@access(SIGNED_IN)
def list_links() -> str:
    """List the requests that concern the organisation's initiatives or coordinated conflicts."""
    actor = current_actor()
    return render(
        "links/list.html",
        rows=link_lines(actor),
        may_propose=can_edit_own(actor),
    )


def _groups(
    items: Sequence[LinkableInitiative], conflicts: dict[int, str]
) -> list[tuple[str, list[tuple[str, str]], dict[str, Any]]]:
    """Group initiatives by conflict for a select; each group says its conflict for links.js."""
    groups: dict[int, list[tuple[str, str]]] = {}
    for i in items:
        groups.setdefault(i.conflict_id, []).append((str(i.id), f"{i.title} ({i.sponsor})"))
    return [
        (conflicts[conflict_id], options, {"data-conflict": conflict_id})
        for conflict_id, options in sorted(groups.items(), key=lambda item: conflicts[item[0]])
    ]


def _render_new(
    actor: Actor,
    state: FormState,
    seed_id: int | None,
    visible: Sequence[LinkableInitiative] | None = None,
) -> str:
    """Render the proposal form: the reader's initiatives, and the others of the same conflict."""
    visible = linkable(actor) if visible is None else visible
    seed = next((i for i in visible if i.id == seed_id), None)
    own = [i for i in visible if i.sponsor_id == actor.organisation_id]
    others = list(visible)
    if seed is not None and seed.sponsor_id == actor.organisation_id:
        others = [i for i in others if i.conflict_id == seed.conflict_id and i.id != seed.id]
    elif seed is not None:
        own = [i for i in own if i.conflict_id == seed.conflict_id]
    conflicts = dict(choices.conflicts())
    return render(
        "links/new.html",
        state=state,
        own_groups=_groups(own, conflicts),
        other_groups=_groups(others, conflicts),
        seed=seed,
    )


def _require_editor(actor: Actor) -> None:
    if not can_edit_own(actor):
        raise PermissionDenied("Editors of your organisation propose to coordinate.")


@bp.get("/new")
@access(SIGNED_IN)
def new_link() -> str:
    """Show the form to propose coordinating one of the organisation's initiatives."""
    actor = current_actor()
    _require_editor(actor)
    seed_id = request.args.get("initiative_id", type=int)
    values: dict[str, Any] = {"kind": "information_sharing"}
    visible = linkable(actor)
    seed = next((i for i in visible if i.id == seed_id), None)
    if seed is not None:
        side = "initiative_a_id" if seed.sponsor_id == actor.organisation_id else "initiative_b_id"
        values[side] = str(seed.id)
    return _render_new(actor, FormState(LINK_LABELS, values), seed_id, visible)


@bp.post("/")
@access(SIGNED_IN)
def propose_link() -> Response | tuple[str, int]:
    """Propose the link; the other organisation (or a coordinator) answers."""
    actor = current_actor()
    _require_editor(actor)
    typed, data = read(request.form, LINK_FIELDS)
    state = FormState(LINK_LABELS, typed)
    loaded = load(CoordinationLinkSchema(), data, state)
    proposed = attempt(state, lambda: coordination.propose(actor, loaded)) if loaded else None
    if proposed is None:
        return _render_new(actor, state, None), 422
    flash("Your proposal is sent; the other organisation will agree or decline.", "success")
    return redirect(url_for("links.list_links"))


@bp.post("/<int:link_id>/<any(agree, decline):answer>")
@access(SIGNED_IN)
def decide_link(link_id: int, answer: str) -> Response:
    """Agree or decline a proposal (the other organisation's editors or the coordinators)."""
    status = "agreed" if answer == "agree" else "declined"
    version = request.form.get("version", type=int)
    try:
        link = coordination.decide(current_actor(), link_id, status, version)
    except (StateConflict, PermissionDenied, PreconditionFailed, Invalid) as refusal:
        flash(refusal.message, "danger")
    else:
        if link.status == "proposed":  # a coordinator's proposal awaits the other sponsor
            flash("Your answer is recorded; the other sponsor has yet to answer.", "success")
        else:
            flash(f"The request is {link.status}.", "success")
    return redirect(url_for("links.list_links"))
