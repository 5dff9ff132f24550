"""The Track One calendar (SPEC 8): rounds, focal points and a focal point's inbox."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView

from ..auth.access import SIGNED_IN, access, current_actor
from ..readers import calendar as calendar_reader
from ..readers import inbox
from ..readers import rounds as reader
from ..readers.calendar import RoundRecord
from ..readers.inbox import InboxItem
from ..readers.paging import Listing
from ..readers.rounds import FocalPointRecord
from ..schemas.calendar import (
    FocalPointRequestSchema,
    FocalPointSchema,
    InboxTransferSchema,
    RoundQuerySchema,
    RoundSchema,
)
from ..services import focal_points, rounds
from ..services.inputs.calendar import RoundChanges, RoundInput
from ..services.inputs.edits import Edit
from .common import Blueprint, QueryPage, expected_version, paginate_list
from .idempotency import idempotent

blp = Blueprint("calendar_api", __name__, url_prefix="/api/v1", description="Track One calendar")


@blp.route("/conflicts/<int:conflict_id>/rounds")
class Rounds(MethodView):
    """A conflict's rounds of official talks."""

    @access(SIGNED_IN)
    @blp.arguments(RoundQuerySchema, location="query")
    @blp.response(200, RoundSchema(many=True))
    @blp.paginate(QueryPage)
    def get(self, query: dict[str, Any], conflict_id: int) -> Listing[Any, RoundRecord]:
        """List the conflict's rounds by start date (every signed-in user)."""
        return reader.rounds_listing(conflict_id, query.get("status"))

    @access(SIGNED_IN)
    @blp.arguments(RoundSchema)
    @blp.response(201, RoundSchema)
    @idempotent(calendar_reader.round_record)
    def post(self, data: RoundInput, conflict_id: int) -> RoundRecord:
        """Add a round (platform admins and the conflict's coordinators)."""
        return calendar_reader.round_record(rounds.create(current_actor(), conflict_id, data).id)


@blp.route("/rounds/<int:round_id>")
class RoundById(MethodView):
    """One round."""

    @access(SIGNED_IN)
    @blp.response(200, RoundSchema)
    def get(self, round_id: int) -> RoundRecord:
        """Show a round (every signed-in user)."""
        return calendar_reader.round_record(round_id)

    @access(SIGNED_IN)
    @blp.arguments(RoundSchema(partial=True))
    @blp.response(200, RoundSchema)
    def patch(self, edit: Edit[RoundChanges], round_id: int) -> RoundRecord:
        """Edit a round; 409 when it drops a body a referring transfer was delivered to."""
        version = expected_version(edit.version)
        rounds.update(current_actor(), round_id, edit.changes, version)
        return calendar_reader.round_record(round_id)

    @access(SIGNED_IN)
    @blp.response(204)
    def delete(self, round_id: int) -> None:
        """Delete a round; 409 while a transfer refers to it."""
        rounds.delete(current_actor(), round_id)


@blp.route("/track-one-bodies/<int:body_id>/focal-points")
class FocalPoints(MethodView):
    """The focal points of a Track One body (platform admins and the conflict's coordinators)."""

    @access(SIGNED_IN)
    @blp.response(200, FocalPointSchema(many=True))
    def get(self, body_id: int) -> list[FocalPointRecord]:
        """List the body's focal points."""
        focal_points.manageable_body(current_actor(), body_id)
        return paginate_list(reader.focal_points_listing(body_id))

    @access(SIGNED_IN)
    @blp.arguments(FocalPointRequestSchema)
    @blp.response(201, FocalPointSchema)
    @idempotent(reader.focal_point)
    def post(self, data: dict[str, Any], body_id: int) -> FocalPointRecord:
        """Assign the user with exactly this email as a focal point of the body."""
        return reader.focal_point(focal_points.assign(current_actor(), body_id, data["email"]).id)


@blp.delete("/track-one-bodies/<int:body_id>/focal-points/<int:user_id>")
@access(SIGNED_IN)
@blp.response(204)
def delete_focal_point(body_id: int, user_id: int) -> None:
    """Unassign a focal point of the body."""
    focal_points.unassign(current_actor(), body_id, user_id)


@blp.get("/track-one-bodies/<int:body_id>/transfers")
@access(SIGNED_IN)
@blp.response(200, InboxTransferSchema(many=True))
def list_inbox(body_id: int) -> list[dict[str, Any]]:
    """List the transfers delivered to the body, newest first (its focal points; else 404).

    An initiative the focal point may not see shows no title, id or sponsor; of those,
    only restricted ones with an institutional channel are listed, sealed ones never.
    """
    actor = current_actor()
    body = inbox.body_of_inbox(actor, body_id)
    items: list[InboxItem] = paginate_list(inbox.inbox_listing(actor, [body.id]))
    return [item.as_dict() for item in items]
