"""Reveal requests and name reads: for org admins of the owning organisation only (a platform
admin's role reads no participant, so it is neither offered these pages nor let in)."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms import StringField
from wtforms.validators import Length

from ... import policy
from ...auth.access import SIGNED_IN, access, current_actor
from ...auth.step_up import step_up_response
from ...errors import PermissionDenied
from ...readers import own_people
from ...services import identities
from ..paging import offset, page_number
from .blueprint import bp


class RevealAnswerForm(FlaskForm):  # type: ignore[misc]  # flask-wtf has no hints
    """An org admin's answer to a reveal request."""

    note = StringField("Note to the coordinator (optional)", validators=[Length(max=2000)])


def _require_owner_admin() -> None:
    if not policy.answers_for_own_people(current_actor()):
        raise PermissionDenied("Organisation admins answer for their own participants.")


@bp.get("/name-reads")
@access(SIGNED_IN)
def list_name_reads() -> str:
    """Show an org admin who outside the organisation read its people's names."""
    _require_owner_admin()
    actor = current_actor()
    page, pages = page_number(own_people.count_name_reads(actor))
    return render_template(
        "admin/name_reads.html",
        reads=own_people.name_reads(actor, offset(page)),
        page=page,
        pages=pages,
    )


@bp.get("/reveals")
@access(SIGNED_IN)
def list_reveal_requests() -> str:
    """Show an org admin the requests to reveal its people's names."""
    _require_owner_admin()
    return render_template(
        "admin/reveals.html",
        requests=own_people.reveal_requests(current_actor()),
        form=RevealAnswerForm(),
    )


@bp.post("/reveals/<int:request_id>/<any(approve, refuse):answer>")
@access(SIGNED_IN)
def answer_reveal_request(request_id: int, answer: str) -> Response:
    """Approve (for 24 hours) or refuse a reveal request; approving needs a recent sign-in."""
    _require_owner_admin()
    if answer == "approve" and (confirm := step_up_response()):
        return confirm
    form = RevealAnswerForm()
    if form.validate_on_submit():
        identities.decide_reveal(current_actor(), request_id, answer == "approve", form.note.data)
        flash("Approved for 24 hours." if answer == "approve" else "Refused.", "success")
    return redirect(url_for("admin.list_reveal_requests"))
