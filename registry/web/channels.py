"""Steps 3 and 4 of registering an initiative: its channels to Track One and the transfer
events delivered through them."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import Blueprint, flash, redirect, request, url_for
from werkzeug.wrappers import Response

from ..auth.access import SIGNED_IN, access, current_actor
from ..errors import StateConflict
from ..extensions import db
from ..models import Initiative, Issue, Participation, Person, TrackOneBody, TransferChannel
from ..readers import calendar
from ..readers import people as people_reader
from ..schemas.engagement import ChannelSchema, TransferSchema
from ..services import channels, initiatives, transfers
from ..services.unit import get_or_404
from . import initiative_view, wording
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


def _bodies(initiative: Initiative) -> dict[int, TrackOneBody]:
    statement = sa.select(TrackOneBody).filter_by(conflict_id=initiative.conflict_id)
    return {body.id: body for body in db.session.scalars(statement.order_by(TrackOneBody.name))}


def _carriers(initiative: Initiative) -> list[tuple[str, str]]:
    """Return the participants who may carry a channel, as (person id, "alias: name")."""
    taking_part = sa.select(Participation.person_id).filter_by(initiative_id=initiative.id)
    statement = people_reader.own_people_query(current_actor()).where(Person.id.in_(taking_part))
    people = people_reader.present_own(db.session.scalars(statement).all())
    return [(str(p["id"]), f"{p['alias']}: {p['full_name']}") for p in people]


def _render_channels(initiative: Initiative, state: FormState) -> str:
    carriers = _carriers(initiative)
    bodies = _bodies(initiative)
    rows = initiative_view.channels_of(initiative.id)
    return render(
        "initiatives/channels.html",
        initiative=initiative,
        rows=rows,
        bodies=bodies,
        body_options=[(str(body.id), body.name) for body in bodies.values()],
        carriers=carriers,
        carrier_names=dict(carriers),
        state=state,
    )


@bp.get("/initiatives/<int:initiative_id>/channels")
@access(SIGNED_IN)
def list_channels(initiative_id: int) -> str:
    """Show the initiative's channels to Track One and a form to add one."""
    initiative = initiatives.editable(current_actor(), initiative_id)
    return _render_channels(initiative, FormState(CHANNEL_LABELS))


@bp.post("/initiatives/<int:initiative_id>/channels")
@access(SIGNED_IN)
def add_channel(initiative_id: int) -> Response | tuple[str, int]:
    """Add a channel to a Track One body of the conflict."""
    actor = current_actor()
    initiative = initiatives.editable(actor, initiative_id)
    typed, data = read(request.form, CHANNEL_KINDS)
    if data.get("established_on") is None:
        data.pop("established_on", None)  # the service makes it today
    state = FormState(CHANNEL_LABELS, typed)
    loaded = load(ChannelSchema(), data, state)
    added = (
        attempt(state, lambda: channels.create(actor, initiative_id, loaded)) if loaded else None
    )
    if added is None:
        return _render_channels(initiative, state), 422
    flash("The channel is added.", "success")
    return redirect(url_for("channels.list_channels", initiative_id=initiative_id))


@bp.post("/channels/<int:channel_id>/remove")
@access(SIGNED_IN)
def remove_channel(channel_id: int) -> Response:
    """Remove a channel through which nothing was delivered yet."""
    initiative_id = get_or_404(TransferChannel, channel_id).initiative_id
    try:
        channels.delete(current_actor(), channel_id)
    except StateConflict as refusal:
        flash(refusal.message, "danger")
    else:
        flash("The channel is removed.", "success")
    return redirect(url_for("channels.list_channels", initiative_id=initiative_id))


def _render_transfers(initiative: Initiative, state: FormState) -> str:
    bodies = _bodies(initiative)
    channel_options = [
        (str(c.id), f"{bodies[c.track_one_body_id].name} ({wording.MECHANISMS[c.mechanism]})")
        for c in initiative_view.channels_of(initiative.id)
    ]
    issues = db.session.scalars(
        sa.select(Issue).filter_by(conflict_id=initiative.conflict_id).order_by(Issue.name)
    )
    return render(
        "initiatives/transfers.html",
        initiative=initiative,
        transfers=initiative_view.transfers_of(initiative.id),
        channel_options=channel_options,
        channel_names=dict(channel_options),
        issue_options=[(str(issue.id), issue.name) for issue in issues],
        round_groups=calendar.round_choices(
            initiative.conflict_id,
            {c.track_one_body_id for c in initiative_view.channels_of(initiative.id)},
        ),
        state=state,
    )


@bp.get("/initiatives/<int:initiative_id>/transfers")
@access(SIGNED_IN)
def list_transfers(initiative_id: int) -> str:
    """Show the transfer events of the initiative and a form to record one."""
    initiative = initiatives.editable(current_actor(), initiative_id)
    return _render_transfers(initiative, FormState(TRANSFER_LABELS))


@bp.post("/initiatives/<int:initiative_id>/transfers")
@access(SIGNED_IN)
def add_transfer(initiative_id: int) -> Response | tuple[str, int]:
    """Record a delivery of output to Track One; coordinators raise its evidence later."""
    actor = current_actor()
    initiative = initiatives.editable(actor, initiative_id)
    typed, data = read(request.form, TRANSFER_KINDS)
    state = FormState(TRANSFER_LABELS, typed)
    loaded: dict[str, Any] | None = load(TransferSchema(), data, state)
    added = (
        attempt(state, lambda: transfers.create(actor, initiative_id, loaded)) if loaded else None
    )
    if added is None:
        return _render_transfers(initiative, state), 422
    flash("The transfer is recorded as claimed.", "success")
    return redirect(url_for("channels.list_transfers", initiative_id=initiative_id))
