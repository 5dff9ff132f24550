"""Coordination links: /api/v1/coordination-links."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView

from ..auth.access import SIGNED_IN, access, current_actor
from ..readers import link_records as reader
from ..readers.link_records import LinkRecord
from ..readers.paging import Listing
from ..schemas.engagement import CoordinationLinkSchema, LinkDecisionSchema
from ..services import coordination
from ..services.inputs.coordination import LinkProposal
from .common import Blueprint, QueryPage, expected_version
from .idempotency import idempotent

blp = Blueprint(
    "coordination_api", __name__, url_prefix="/api/v1", description="Coordination requests"
)


@blp.route("/coordination-links")
class Links(MethodView):
    """Requests to coordinate two initiatives."""

    @access(SIGNED_IN)
    @blp.response(200, CoordinationLinkSchema(many=True))
    @blp.paginate(QueryPage)
    def get(self) -> Listing[Any, LinkRecord]:
        """List the links of the reader's organisation's initiatives and coordinated conflicts."""
        return reader.links_listing(current_actor())

    @access(SIGNED_IN)
    @blp.arguments(CoordinationLinkSchema)
    @blp.response(201, CoordinationLinkSchema)
    @idempotent(reader.link_as_written)
    def post(self, data: LinkProposal) -> LinkRecord:
        """Propose to coordinate one of your initiatives with another of the same conflict."""
        return reader.link_as_written(coordination.propose(current_actor(), data).id)


@blp.patch("/coordination-links/<int:link_id>")
@access(SIGNED_IN)
@blp.arguments(LinkDecisionSchema)
@blp.response(200, CoordinationLinkSchema)
def decide_link(data: dict[str, Any], link_id: int) -> LinkRecord:
    """Agree or decline (the other sponsor's editors or the conflict's coordinators)."""
    version = expected_version(data)
    coordination.decide(current_actor(), link_id, data["status"], version)
    return reader.link_as_written(link_id)
