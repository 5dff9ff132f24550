"""Reveal requests: a coordinator asks for a pseudonymous name, the owner's admin answers."""

from __future__ import annotations

from typing import Any

from ..auth.access import SIGNED_IN, access, current_actor
from ..auth.step_up import step_up_response
from ..readers import reveals as reader
from ..readers.reveals import RevealRecord
from ..schemas.reveals import RevealDecisionSchema, RevealRequestSchema
from ..services import identities
from .common import Blueprint, expected_version, page_of
from .idempotency import idempotent

blp = Blueprint("reveals_api", __name__, url_prefix="/api/v1", description="Name reveals")


@blp.post("/people/<int:person_id>/reveal-requests")
@access(SIGNED_IN)
@blp.arguments(RevealRequestSchema)
@blp.response(201, RevealRequestSchema)
@idempotent(reader.request_as_written)
def create_reveal_request(data: dict[str, Any], person_id: int) -> RevealRecord:
    """Ask to read a pseudonymous participant's name (coordinators of their conflict)."""
    request = identities.request_reveal(current_actor(), person_id, data["reason"])
    return reader.request_as_written(request.id)


@blp.get("/reveal-requests")
@access(SIGNED_IN)
@blp.response(200, RevealRequestSchema(many=True))
def list_reveal_requests() -> list[RevealRecord]:
    """List the requests the reader made and those about the reader's organisation's people."""
    return page_of(reader.reveal_requests(current_actor()))


@blp.patch("/reveal-requests/<int:request_id>")
@access(SIGNED_IN)
@blp.arguments(RevealDecisionSchema)
@blp.response(200, RevealRequestSchema)
@blp.alt_response(401, response="UNAUTHORIZED", description="Sign in (again, within 5 minutes)")
def decide_reveal_request(data: dict[str, Any], request_id: int) -> RevealRecord:
    """Approve (for 24 hours) or refuse a request (org admins of the owning organisation)."""
    version = expected_version(data)
    approve = data["status"] == "approved"
    if approve:
        step_up_response()  # a cookie session must have signed in lately; raises 401 if not
    identities.decide_reveal(
        current_actor(), request_id, approve, data.get("decision_note"), version
    )
    return reader.request_as_written(request_id)
