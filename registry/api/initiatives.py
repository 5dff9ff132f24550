"""Initiatives: /api/v1/initiatives."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView

from ..auth.access import PUBLIC, SIGNED_IN, access, current_actor
from ..auth.quotas import create_limits
from ..readers import initiatives as reader
from ..schemas.initiatives import InitiativeQuerySchema, InitiativeSchema
from ..services import initiatives
from ..services.inputs.edits import Edit
from ..services.inputs.initiatives import InitiativeChanges, InitiativeInput
from .common import TOO_MANY, Blueprint, expected_version, paginate_list
from .idempotency import idempotent

blp = Blueprint("initiatives_api", __name__, url_prefix="/api/v1", description="Initiatives")


def _present_one(initiative_id: int) -> reader.PresentedInitiative:
    actor = current_actor()
    return reader.get_visible(actor, initiative_id)


@blp.route("/initiatives")
class Initiatives(MethodView):
    """The initiatives a reader may see."""

    @access(PUBLIC)
    @blp.arguments(InitiativeQuerySchema, location="query")
    @blp.response(200, InitiativeSchema(many=True))
    def get(self, filters: dict[str, Any]) -> list[reader.PresentedInitiative]:
        """List initiatives (filters: conflict_id, sponsor_id, status, issue_id; paginated)."""
        return paginate_list(reader.visible_listing(current_actor(), filters))

    @access(SIGNED_IN)
    @create_limits("initiatives")
    @blp.arguments(InitiativeSchema)
    @blp.response(201, InitiativeSchema)
    @blp.doc(responses=TOO_MANY)
    @idempotent(_present_one)
    def post(self, data: InitiativeInput) -> reader.PresentedInitiative:
        """Register an initiative of the user's organisation (editors)."""
        initiative = initiatives.create(current_actor(), data)
        return _present_one(initiative.id)


@blp.route("/initiatives/<int:initiative_id>")
class InitiativeById(MethodView):
    """One initiative."""

    @access(PUBLIC)
    @blp.response(200, InitiativeSchema)
    def get(self, initiative_id: int) -> reader.PresentedInitiative:
        """Show an initiative with the fields the reader may see."""
        return _present_one(initiative_id)

    @access(SIGNED_IN)
    @blp.arguments(InitiativeSchema(partial=True))
    @blp.response(200, InitiativeSchema)
    def patch(
        self, edit: Edit[InitiativeChanges], initiative_id: int
    ) -> reader.PresentedInitiative:
        """Edit an initiative (editors of its sponsor)."""
        version = expected_version(edit.version)
        initiatives.update(current_actor(), initiative_id, edit.changes, version)
        return _present_one(initiative_id)

    @access(SIGNED_IN)
    @blp.response(204)
    def delete(self, initiative_id: int) -> None:
        """Delete an initiative with its participations, channels and transfers."""
        initiatives.delete(current_actor(), initiative_id)
