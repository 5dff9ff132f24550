"""A focal point's inbox, and the page where coordinators assign focal points (SPEC 8)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, request, url_for
from werkzeug.wrappers import Response

from .. import policy
from ..auth.access import SIGNED_IN, access, current_actor
from ..errors import Invalid, NotFound, PermissionDenied, PreconditionFailed
from ..readers import admin as admin_reader
from ..readers import conflicts
from ..readers import focal_points as focal_points_reader
from ..readers.focal_points import HomeInbox
from ..services import focal_points, transfers
from ..services.inputs.engagement import TransferChanges
from . import wording
from .forms import render

bp = Blueprint("inbox", __name__)
RAISES = ("acknowledged", "documented_uptake")


@bp.get("/inbox")
@access(SIGNED_IN)
def show_inbox() -> str:
    """List what was delivered to the bodies the user is a focal point of."""
    actor = current_actor()
    return render(
        "calendar/inbox.html",
        items=focal_points_reader.inbox(actor),
        bodies=focal_points_reader.body_names(actor),
        raises=RAISES,
    )


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
        transfers.update(current_actor(), transfer_id, TransferChanges(evidence=evidence), version)
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
    conflict = conflicts.conflict(conflict_id)
    if not policy.can_manage_reference_data(current_actor(), conflict.id):
        raise PermissionDenied("Platform admins and the conflict's coordinators do this.")
    bodies = focal_points_reader.focal_points_of(conflict.id)
    return render("calendar/focal_points.html", conflict=conflict, bodies=bodies)


@bp.post("/track-one-bodies/<int:body_id>/focal-points")
@access(SIGNED_IN)
def assign_focal_point(body_id: int) -> Response:
    """Assign the user with exactly this email as a focal point of the body."""
    body = conflicts.track_one_body(body_id)
    try:
        link = focal_points.assign(current_actor(), body.id, request.form.get("email", ""))
    except Invalid as refusal:
        messages = refusal.errors.get("json", {}).get("email", [refusal.message])
        flash(" ".join(messages), "danger")
    else:
        name = admin_reader.display_name(link.user_id)
        flash(f"{name} is a focal point of {body.name}.", "success")
    return redirect(url_for(".list_focal_points", conflict_id=body.conflict_id))


@bp.post("/track-one-bodies/<int:body_id>/focal-points/<int:user_id>/delete")
@access(SIGNED_IN)
def unassign_focal_point(body_id: int, user_id: int) -> Response:
    """Stop a user being a focal point of the body."""
    body = conflicts.track_one_body(body_id)
    try:
        focal_points.unassign(current_actor(), body.id, user_id)
    except NotFound:
        flash("That user was no longer a focal point of this body.", "warning")
    else:
        flash(f"Unassigned from {body.name}.", "success")
    return redirect(url_for(".list_focal_points", conflict_id=body.conflict_id))


def home_inbox() -> HomeInbox | None:
    """Return the home page's inbox section, for focal points only."""
    return focal_points_reader.home_inbox(current_actor())
