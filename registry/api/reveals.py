"""Reveal requests: a coordinator asks for a pseudonymous name, the owner's admin answers."""

from __future__ import annotations

from typing import Any

from ..auth.access import SIGNED_IN, access, current_actor
from ..auth.step_up import step_up_response
from ..models import RevealRequest
from ..policy import answers_for_own_people
from ..schemas.reveals import RevealDecisionSchema, RevealRequestSchema
from ..services import identities
from ..services.unit import get_or_404
from .common import Blueprint, expected_version, page_of
from .idempotency import idempotent

blp = Blueprint("reveals_api", __name__, url_prefix="/api/v1", description="Name reveals")


@blp.post("/people/<int:person_id>/reveal-requests")
@access(SIGNED_IN)
@blp.arguments(RevealRequestSchema)
@blp.response(201, RevealRequestSchema)
@idempotent(lambda object_id: get_or_404(RevealRequest, object_id))
def create_reveal_request(data: dict[str, Any], person_id: int) -> RevealRequest:
    """Ask to read a pseudonymous participant's name (coordinators of their conflict)."""
    return identities.request_reveal(current_actor(), person_id, data["reason"])


@blp.get("/reveal-requests")
@access(SIGNED_IN)
@blp.response(200, RevealRequestSchema(many=True))
def list_reveal_requests() -> list[RevealRequest]:
    """List the requests the reader made and those about the reader's organisation's people."""
    actor = current_actor()
    mine = identities.requests_by(actor)
    about_ours = identities.requests_for_owner(actor) if answers_for_own_people(actor) else []
    merged = {request.id: request for request in [*mine, *about_ours]}
    return page_of([merged[key] for key in sorted(merged, reverse=True)])


@blp.patch("/reveal-requests/<int:request_id>")
@access(SIGNED_IN)
@blp.arguments(RevealDecisionSchema)
@blp.response(200, RevealRequestSchema)
@blp.alt_response(401, response="UNAUTHORIZED", description="Sign in (again, within 5 minutes)")
def decide_reveal_request(data: dict[str, Any], request_id: int) -> RevealRequest:
    """Approve (for 24 hours) or refuse a request (org admins of the owning organisation)."""
    version = expected_version(data)
    approve = data["status"] == "approved"
    if approve:
        step_up_response()  # a cookie session must have signed in lately; raises 401 if not
    return identities.decide_reveal(
        current_actor(), request_id, approve, data.get("decision_note"), version
    )
