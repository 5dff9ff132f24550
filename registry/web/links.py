"""Coordination requests: propose to coordinate two initiatives of a conflict, agree, decline."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from flask import Blueprint, flash, redirect, request, url_for
from sqlalchemy.orm import selectinload
from werkzeug.wrappers import Response

from ..auth.access import SIGNED_IN, access, current_actor
from ..errors import Invalid, PermissionDenied, PreconditionFailed, StateConflict
from ..extensions import db
from ..models import Conflict, CoordinationLink, Initiative, Organisation
from ..policy import Access, Actor, can_edit_own, initiative_access
from ..readers import initiatives as reader
from ..readers.links import readable_links
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


@dataclass(frozen=True)
class LinkRow:
    """A link as its reader may see it: an initiative hidden from them is named by id only."""

    link: CoordinationLink
    a: str
    b: str
    a_id: int | None
    b_id: int | None
    conflict: str
    may_decide: bool


def _row(
    actor: Actor, link: CoordinationLink, a: Initiative, b: Initiative, conflict: str
) -> LinkRow:
    """Name each initiative of a link only if the reader may see it."""
    seen_a, seen_b = (initiative_access(actor, i) >= Access.PUBLIC_FIELDS for i in (a, b))
    return LinkRow(
        link=link,
        a=a.title if seen_a else "an initiative you may not see",
        b=b.title if seen_b else "an initiative you may not see",
        a_id=a.id if seen_a else None,
        b_id=b.id if seen_b else None,
        conflict=conflict,
        may_decide=coordination.may_answer(actor, link, a, b),
    )


def _rows(actor: Actor) -> list[LinkRow]:
    """Return the links the reader sees, newest first, in three queries whatever their number."""
    links = db.session.scalars(readable_links(actor)).all()
    ids = {i for link in links for i in (link.initiative_a_id, link.initiative_b_id)}
    initiatives = {
        i.id: i
        for i in db.session.scalars(
            sa.select(Initiative)
            .where(Initiative.id.in_(sorted(ids)))
            .options(selectinload(Initiative.funders))
        )
    }
    conflicts = dict(db.session.execute(sa.select(Conflict.id, Conflict.name)).all())
    return [
        _row(
            actor,
            link,
            initiatives[link.initiative_a_id],
            initiatives[link.initiative_b_id],
            conflicts.get(initiatives[link.initiative_a_id].conflict_id, ""),
        )
        for link in reversed(links)
    ]


@bp.get("/")
@access(SIGNED_IN)
def list_links() -> str:
    """List the requests that concern the organisation's initiatives or coordinated conflicts."""
    actor = current_actor()
    return render(
        "links/list.html",
        rows=_rows(actor),
        may_propose=can_edit_own(actor),
    )


def _groups(
    items: list[Initiative], conflicts: dict[int, str], sponsors: dict[int, str]
) -> list[tuple[str, list[tuple[str, str]], dict[str, Any]]]:
    """Group initiatives by conflict for a select; each group says its conflict for links.js."""
    groups: dict[int, list[tuple[str, str]]] = {}
    for i in items:
        groups.setdefault(i.conflict_id, []).append(
            (str(i.id), f"{i.title} ({sponsors[i.sponsor_id]})")
        )
    return [
        (conflicts[conflict_id], choices, {"data-conflict": conflict_id})
        for conflict_id, choices in sorted(groups.items(), key=lambda item: conflicts[item[0]])
    ]


def _render_new(actor: Actor, state: FormState, seed_id: int | None) -> str:
    """Render the proposal form: the reader's initiatives, and the others of the same conflict."""
    visible = db.session.scalars(
        reader.visible_query(actor).order_by(None).order_by(Initiative.title)
    ).all()
    seed = next((i for i in visible if i.id == seed_id), None)
    own = [i for i in visible if i.sponsor_id == actor.organisation_id]
    others = list(visible)
    if seed is not None and seed.sponsor_id == actor.organisation_id:
        others = [i for i in others if i.conflict_id == seed.conflict_id and i.id != seed.id]
    elif seed is not None:
        own = [i for i in own if i.conflict_id == seed.conflict_id]
    conflicts = dict(db.session.execute(sa.select(Conflict.id, Conflict.name)).all())
    sponsors = _sponsor_names({i.sponsor_id for i in visible})
    return render(
        "links/new.html",
        state=state,
        own_groups=_groups(own, conflicts, sponsors),
        other_groups=_groups(others, conflicts, sponsors),
        seed=seed,
    )


def _sponsor_names(ids: set[int]) -> dict[int, str]:
    statement = sa.select(Organisation.id, Organisation.name).where(
        Organisation.id.in_(sorted(ids))
    )
    return dict(db.session.execute(statement).all())


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
    seed = db.session.get(Initiative, seed_id) if seed_id else None
    if seed is not None and initiative_access(actor, seed) > Access.NOTHING:
        side = "initiative_a_id" if seed.sponsor_id == actor.organisation_id else "initiative_b_id"
        values[side] = str(seed.id)
    return _render_new(actor, FormState(LINK_LABELS, values), seed_id)


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
