"""Reveal requests and name reads: for org admins of the owning organisation only (a platform
admin's role reads no participant, so it is neither offered these pages nor let in)."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from werkzeug.wrappers import Response

from ... import policy
from ...auth.access import SIGNED_IN, access, current_actor
from ...auth.step_up import step_up_response
from ...errors import PermissionDenied
from ...readers import own_people
from ...schemas.reveals import RevealDecisionSchema
from ...services import identities
from ..forms import TEXT, FormState, submitted
from ..paging import offset, page_number
from .blueprint import bp

NOTE_LABELS = {"decision_note": "Note to the coordinator"}


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
    return _render_requests()


def _render_requests(refused: int | None = None, state: FormState | None = None) -> str:
    """Render the requests; a refused answer keeps its note and says why beside it."""
    return render_template(
        "admin/reveals.html",
        requests=own_people.reveal_requests(current_actor()),
        refused=refused,
        state=state or FormState(NOTE_LABELS),
    )


@bp.post("/reveals/<int:request_id>/<any(approve, refuse):answer>")
@access(SIGNED_IN)
def answer_reveal_request(request_id: int, answer: str) -> Response | tuple[str, int]:
    """Approve (for 24 hours) or refuse a reveal request; approving needs a recent sign-in."""
    _require_owner_admin()
    if answer == "approve" and (confirm := step_up_response()):
        return confirm
    schema = RevealDecisionSchema(only=("decision_note",))
    state, loaded = submitted(schema, NOTE_LABELS, {"decision_note": TEXT})
    if loaded is None:
        return _render_requests(request_id, state), 422
    note = loaded["decision_note"]
    identities.decide_reveal(current_actor(), request_id, answer == "approve", note)
    flash("Approved for 24 hours." if answer == "approve" else "Refused.", "success")
    return redirect(url_for("admin.list_reveal_requests"))
