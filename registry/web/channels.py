"""Steps 3 and 4 of registering an initiative: its channels to Track One and the transfer
events delivered through them."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, request, url_for
from werkzeug.wrappers import Response

from ..auth.access import SIGNED_IN, access, current_actor
from ..errors import StateConflict
from ..readers import registration
from ..readers.initiative_scope import editable_scope
from ..schemas.engagement import ChannelSchema, TransferSchema
from ..services import channels, transfers
from ..services.inputs.engagement import TransferInput
from . import wording
from .forms import (
    CHOICE,
    DATE,
    INTEGER,
    INTEGERS,
    OPTIONAL_INTEGER,
    TEXT,
    FormState,
    attempt,
    load,
    read,
    render,
)

bp = Blueprint("channels", __name__)

CHANNEL_LABELS = {
    "track_one_body_id": "Track One body it reaches",
    "mechanism": "How the output gets there",
    "via_person_id": "Carried by",
    "established_on": "Established on",
}
CHANNEL_KINDS = {
    "track_one_body_id": INTEGER,
    "mechanism": CHOICE,
    "via_person_id": OPTIONAL_INTEGER,
    "established_on": DATE,
}
TRANSFER_LABELS = {
    "channel_id": "Channel it went through",
    "title": "Title",
    "kind": "Kind of output",
    "issue_ids": "Issues it addresses",
    "delivered_on": "Delivered on",
    "round_id": "Round of talks it was delivered for",
}
TRANSFER_KINDS = {
    "channel_id": INTEGER,
    "title": TEXT,
    "kind": CHOICE,
    "issue_ids": INTEGERS,
    "delivered_on": DATE,
    "round_id": OPTIONAL_INTEGER,
}


def _render_channels(initiative_id: int, state: FormState) -> str:
    step = registration.channels_step(current_actor(), initiative_id)
    carriers = [(str(person.id), person.label) for person in step.carriers]
    return render(
        "initiatives/channels.html",
        initiative=step.initiative,
        rows=step.rows,
        bodies={body.id: body for body in step.bodies},
        body_options=[(str(body.id), body.name) for body in step.bodies],
        carriers=carriers,
        carrier_names=dict(carriers),
        state=state,
    )


@bp.get("/initiatives/<int:initiative_id>/channels")
@access(SIGNED_IN)
def list_channels(initiative_id: int) -> str:
    """Show the initiative's channels to Track One and a form to add one."""
    return _render_channels(initiative_id, FormState(CHANNEL_LABELS))


@bp.post("/initiatives/<int:initiative_id>/channels")
@access(SIGNED_IN)
def add_channel(initiative_id: int) -> Response | tuple[str, int]:
    """Add a channel to a Track One body of the conflict."""
    actor = current_actor()
    editable_scope(actor, initiative_id)  # 404 if hidden, 403 if only seen
    typed, data = read(request.form, CHANNEL_KINDS)
    if data.get("established_on") is None:
        data.pop("established_on", None)  # the service makes it today
    state = FormState(CHANNEL_LABELS, typed)
    loaded = load(ChannelSchema(), data, state)
    added = (
        attempt(state, lambda: channels.create(actor, initiative_id, loaded)) if loaded else None
    )
    if added is None:
        return _render_channels(initiative_id, state), 422
    flash("The channel is added.", "success")
    return redirect(url_for("channels.list_channels", initiative_id=initiative_id))


@bp.post("/channels/<int:channel_id>/remove")
@access(SIGNED_IN)
def remove_channel(channel_id: int) -> Response:
    """Remove a channel through which nothing was delivered yet."""
    initiative_id = registration.channel_initiative(current_actor(), channel_id)
    try:
        channels.delete(current_actor(), channel_id)
    except StateConflict as refusal:
        flash(refusal.message, "danger")
    else:
        flash("The channel is removed.", "success")
    return redirect(url_for("channels.list_channels", initiative_id=initiative_id))


def _render_transfers(initiative_id: int, state: FormState) -> str:
    step = registration.transfers_step(current_actor(), initiative_id)
    channel_options = [
        (str(c.id), f"{step.bodies[c.track_one_body_id].name} ({wording.MECHANISMS[c.mechanism]})")
        for c in step.channels
    ]
    return render(
        "initiatives/transfers.html",
        initiative=step.initiative,
        transfers=step.transfers,
        channel_options=channel_options,
        channel_names=dict(channel_options),
        issue_options=[(str(issue.id), issue.name) for issue in step.issues],
        round_groups=step.round_groups,
        state=state,
    )


@bp.get("/initiatives/<int:initiative_id>/transfers")
@access(SIGNED_IN)
def list_transfers(initiative_id: int) -> str:
    """Show the transfer events of the initiative and a form to record one."""
    return _render_transfers(initiative_id, FormState(TRANSFER_LABELS))


@bp.post("/initiatives/<int:initiative_id>/transfers")
@access(SIGNED_IN)
def add_transfer(initiative_id: int) -> Response | tuple[str, int]:
    """Record a delivery of output to Track One; coordinators raise its evidence later."""
    actor = current_actor()
    editable_scope(actor, initiative_id)  # 404 if hidden, 403 if only seen
    typed, data = read(request.form, TRANSFER_KINDS)
    state = FormState(TRANSFER_LABELS, typed)
    loaded: TransferInput | None = load(TransferSchema(), data, state)
    added = (
        attempt(state, lambda: transfers.create(actor, initiative_id, loaded)) if loaded else None
    )
    if added is None:
        return _render_transfers(initiative_id, state), 422
    flash("The transfer is recorded as claimed.", "success")
    return redirect(url_for("channels.list_transfers", initiative_id=initiative_id))
