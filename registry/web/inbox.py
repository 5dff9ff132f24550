"""A focal point's inbox, and the page where coordinators assign focal points (SPEC 8)."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from flask import Blueprint, flash, redirect, request, url_for
from werkzeug.wrappers import Response

from .. import policy
from ..auth.access import SIGNED_IN, access, current_actor
from ..errors import Invalid, NotFound, PermissionDenied, PreconditionFailed
from ..extensions import db
from ..models import Conflict, FocalPoint, TrackOneBody, TransferChannel
from ..readers import calendar as reader
from ..services import focal_points, transfers
from ..services.unit import get_or_404
from . import wording
from .forms import render

bp = Blueprint("inbox", __name__)
RAISES = ("acknowledged", "documented_uptake")


def inbox_items(limit: int | None = None) -> list[reader.Delivered]:
    """Return the signed-in focal point's inbox across its bodies, newest first."""
    actor = current_actor()
    bodies = sorted(policy.focal_body_ids(actor))
    if not bodies:
        return []
    mine = TransferChannel.track_one_body_id.in_(bodies)
    inboxes = sa.or_(*(policy.inbox_transfers(actor, b) for b in bodies))
    rows = reader.transfer_rows(actor, sa.and_(mine, inboxes))
    return reader.delivered(actor, rows[:limit] if limit else rows)


@bp.get("/inbox")
@access(SIGNED_IN)
def show_inbox() -> str:
    """List what was delivered to the bodies the user is a focal point of."""
    actor = current_actor()
    names = db.session.scalars(
        sa.select(TrackOneBody.name)
        .where(TrackOneBody.id.in_(sorted(policy.focal_body_ids(actor))))
        .order_by(TrackOneBody.name)
    ).all()
    return render("calendar/inbox.html", items=inbox_items(), bodies=names, raises=RAISES)


@bp.post("/inbox/<int:transfer_id>/evidence")
@access(SIGNED_IN)
def confirm_transfer(transfer_id: int) -> Response:
    """Acknowledge a transfer, or record its documented uptake (audited)."""
    evidence = request.form.get("evidence", "")
    if evidence not in RAISES:
        flash("Choose acknowledged or documented uptake.", "danger")
        return redirect(url_for(".show_inbox"))
    version = request.form.get("version", type=int)
    try:
        transfers.update(current_actor(), transfer_id, {"evidence": evidence}, version)
    except PreconditionFailed:
        flash("Someone confirmed this transfer meanwhile; here it is as it stands now.", "warning")
    except (Invalid, PermissionDenied) as refusal:
        flash(refusal.message, "danger")
    else:
        flash(f"Recorded: {wording.EVIDENCE[evidence].lower()}.", "success")
    return redirect(url_for(".show_inbox"))


@bp.get("/conflicts/<int:conflict_id>/focal-points")
@access(SIGNED_IN)
def list_focal_points(conflict_id: int) -> str:
    """Show each Track One body of the conflict with its focal points (its managers)."""
    conflict = get_or_404(Conflict, conflict_id)
    if not policy.can_manage_reference_data(current_actor(), conflict.id):
        raise PermissionDenied("Platform admins and the conflict's coordinators do this.")
    bodies = db.session.scalars(
        sa.select(TrackOneBody)
        .where(TrackOneBody.conflict_id == conflict.id)
        .order_by(TrackOneBody.name)
    ).all()
    links = db.session.scalars(
        sa.select(FocalPoint).where(FocalPoint.track_one_body_id.in_([b.id for b in bodies]))
    ).all()
    by_body: dict[int, list[FocalPoint]] = {b.id: [] for b in bodies}
    for link in links:
        by_body[link.track_one_body_id].append(link)
    return render("calendar/focal_points.html", conflict=conflict, bodies=bodies, by_body=by_body)


@bp.post("/track-one-bodies/<int:body_id>/focal-points")
@access(SIGNED_IN)
def assign_focal_point(body_id: int) -> Response:
    """Assign the user with exactly this email as a focal point of the body."""
    body = get_or_404(TrackOneBody, body_id)
    try:
        link = focal_points.assign(current_actor(), body.id, request.form.get("email", ""))
    except Invalid as refusal:
        messages = refusal.errors.get("json", {}).get("email", [refusal.message])
        flash(" ".join(messages), "danger")
    else:
        flash(f"{link.user.display_name} is a focal point of {body.name}.", "success")
    return redirect(url_for(".list_focal_points", conflict_id=body.conflict_id))


@bp.post("/track-one-bodies/<int:body_id>/focal-points/<int:user_id>/delete")
@access(SIGNED_IN)
def unassign_focal_point(body_id: int, user_id: int) -> Response:
    """Stop a user being a focal point of the body."""
    body = get_or_404(TrackOneBody, body_id)
    try:
        focal_points.unassign(current_actor(), body.id, user_id)
    except NotFound:
        flash("That user was no longer a focal point of this body.", "warning")
    else:
        flash(f"Unassigned from {body.name}.", "success")
    return redirect(url_for(".list_focal_points", conflict_id=body.conflict_id))


@dataclass(frozen=True)
class HomeInbox:
    """The inbox section of the home page."""

    unconfirmed: int
    latest: list[reader.Delivered]


def home_inbox() -> HomeInbox | None:
    """Return the home page's inbox section, for focal points only."""
    if not policy.focal_body_ids(current_actor()):
        return None
    items = inbox_items()
    return HomeInbox(sum(1 for item in items if item.evidence == "claimed"), items[:5])
