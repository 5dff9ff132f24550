"""Coordination links: /api/v1/coordination-links."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask.views import MethodView

from ..auth.access import SIGNED_IN, access, current_actor
from ..models import CoordinationLink
from ..readers.links import readable_links
from ..schemas.engagement import CoordinationLinkSchema, LinkDecisionSchema
from ..services import coordination
from ..services.inputs.coordination import LinkProposal
from ..services.unit import get_or_404
from .common import Blueprint, QueryPage, expected_version
from .idempotency import idempotent

blp = Blueprint(
    "coordination_api", __name__, url_prefix="/api/v1", description="Coordination requests"
)


def _one(link_id: int) -> CoordinationLink:
    return get_or_404(CoordinationLink, link_id)


@blp.route("/coordination-links")
class Links(MethodView):
    """Requests to coordinate two initiatives."""

    @access(SIGNED_IN)
    @blp.response(200, CoordinationLinkSchema(many=True))
    @blp.paginate(QueryPage)
    def get(self) -> sa.Select[Any]:
        """List the links of the reader's organisation's initiatives and coordinated conflicts."""
        return readable_links(current_actor())

    @access(SIGNED_IN)
    @blp.arguments(CoordinationLinkSchema)
    @blp.response(201, CoordinationLinkSchema)
    @idempotent(_one)
    def post(self, data: LinkProposal) -> CoordinationLink:
        """Propose to coordinate one of your initiatives with another of the same conflict."""
        return coordination.propose(current_actor(), data)


@blp.patch("/coordination-links/<int:link_id>")
@access(SIGNED_IN)
@blp.arguments(LinkDecisionSchema)
@blp.response(200, CoordinationLinkSchema)
def decide_link(data: dict[str, Any], link_id: int) -> CoordinationLink:
    """Agree or decline (the other sponsor's editors or the conflict's coordinators)."""
    version = expected_version(data)
    return coordination.decide(current_actor(), link_id, data["status"], version)
