"""The Track One calendar (SPEC 8): rounds, focal points and a focal point's inbox."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask.views import MethodView

from ..auth.access import SIGNED_IN, access, current_actor
from ..models import Conflict, FocalPoint, TrackOneRound
from ..readers import inbox
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
from ..services.unit import get_or_404
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
    def get(self, query: dict[str, Any], conflict_id: int) -> sa.Select[Any]:
        """List the conflict's rounds by start date (every signed-in user)."""
        get_or_404(Conflict, conflict_id)
        statement = sa.select(TrackOneRound).where(TrackOneRound.conflict_id == conflict_id)
        if "status" in query:
            statement = statement.where(TrackOneRound.status == query["status"])
        return statement.order_by(TrackOneRound.starts_on, TrackOneRound.id)

    @access(SIGNED_IN)
    @blp.arguments(RoundSchema)
    @blp.response(201, RoundSchema)
    @idempotent(lambda object_id: get_or_404(TrackOneRound, object_id))
    def post(self, data: RoundInput, conflict_id: int) -> TrackOneRound:
        """Add a round (platform admins and the conflict's coordinators)."""
        return rounds.create(current_actor(), conflict_id, data)


@blp.route("/rounds/<int:round_id>")
class RoundById(MethodView):
    """One round."""

    @access(SIGNED_IN)
    @blp.response(200, RoundSchema)
    def get(self, round_id: int) -> TrackOneRound:
        """Show a round (every signed-in user)."""
        return get_or_404(TrackOneRound, round_id)

    @access(SIGNED_IN)
    @blp.arguments(RoundSchema(partial=True))
    @blp.response(200, RoundSchema)
    def patch(self, edit: Edit[RoundChanges], round_id: int) -> TrackOneRound:
        """Edit a round; 409 when it drops a body a referring transfer was delivered to."""
        version = expected_version(edit.version)
        return rounds.update(current_actor(), round_id, edit.changes, version)

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
    def get(self, body_id: int) -> list[FocalPoint]:
        """List the body's focal points."""
        focal_points.manageable_body(current_actor(), body_id)
        statement = (
            sa.select(FocalPoint)
            .where(FocalPoint.track_one_body_id == body_id)
            .order_by(FocalPoint.id)
        )
        return paginate_list(statement)

    @access(SIGNED_IN)
    @blp.arguments(FocalPointRequestSchema)
    @blp.response(201, FocalPointSchema)
    @idempotent(lambda object_id: get_or_404(FocalPoint, object_id))
    def post(self, data: dict[str, Any], body_id: int) -> FocalPoint:
        """Assign the user with exactly this email as a focal point of the body."""
        return focal_points.assign(current_actor(), body_id, data["email"])


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
    events = paginate_list(inbox.inbox_query(actor, [body.id]))
    return [item.as_dict() for item in inbox.present(actor, events)]
