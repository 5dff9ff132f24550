"""Conflicts and their reference data: /api/v1/conflicts, /parties, /issues, /regions, ..."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask.views import MethodView

from ..auth.access import PLATFORM_ADMIN, PUBLIC, SIGNED_IN, access, current_actor
from ..models import Conflict
from ..schemas.conflicts import REFERENCE_SCHEMAS, ConflictSchema
from ..services import conflicts
from ..services.conflicts import REFERENCE_KINDS
from ..services.inputs.conflicts import (
    ConflictChanges,
    ConflictInput,
    ReferenceChanges,
    ReferenceInput,
)
from ..services.inputs.edits import Edit
from ..services.unit import get_or_404
from .common import Blueprint, QueryPage, expected_version
from .idempotency import idempotent

blp = Blueprint("conflicts_api", __name__, url_prefix="/api/v1", description="Conflicts")

# URL segment of each kind of reference data.
SEGMENTS = {
    "party": "parties",
    "issue": "issues",
    "region": "regions",
    "track_one_body": "track-one-bodies",
}


@blp.route("/conflicts")
class Conflicts(MethodView):
    """Conflicts are readable by anyone."""

    @access(PUBLIC)
    @blp.response(200, ConflictSchema(many=True))
    @blp.paginate(QueryPage)
    def get(self) -> sa.Select[Any]:
        """List conflicts."""
        return sa.select(Conflict).order_by(Conflict.name)

    @access(PLATFORM_ADMIN)
    @blp.arguments(ConflictSchema)
    @blp.response(201, ConflictSchema)
    @idempotent(lambda object_id: get_or_404(Conflict, object_id))
    def post(self, data: ConflictInput) -> Conflict:
        """Register a conflict (platform admins)."""
        return conflicts.create(current_actor(), data)


@blp.route("/conflicts/<int:conflict_id>")
class ConflictById(MethodView):
    """One conflict."""

    @access(PUBLIC)
    @blp.response(200, ConflictSchema)
    def get(self, conflict_id: int) -> Conflict:
        """Show a conflict."""
        return get_or_404(Conflict, conflict_id)

    @access(SIGNED_IN)
    @blp.arguments(ConflictSchema(partial=True))
    @blp.response(200, ConflictSchema)
    def patch(self, edit: Edit[ConflictChanges], conflict_id: int) -> Conflict:
        """Edit a conflict (platform admins and its coordinators)."""
        version = expected_version(edit.version)
        return conflicts.update(current_actor(), conflict_id, edit.changes, version)


def _reference_views(kind: str) -> None:
    """Register list/create under a conflict and edit/delete by id for one kind."""
    model = REFERENCE_KINDS[kind][0]
    schema = REFERENCE_SCHEMAS[kind]
    segment = SEGMENTS[kind]
    label = segment.replace("-", " ")

    class Collection(MethodView):
        @access(PUBLIC)
        @blp.response(200, schema(many=True))
        @blp.paginate(QueryPage)
        def get(self, conflict_id: int) -> sa.Select[Any]:
            get_or_404(Conflict, conflict_id)
            return sa.select(model).where(model.conflict_id == conflict_id).order_by(model.id)

        @access(SIGNED_IN)
        @blp.arguments(schema)
        @blp.response(201, schema)
        @idempotent(lambda object_id: get_or_404(model, object_id))
        def post(self, data: ReferenceInput, conflict_id: int) -> Any:
            return conflicts.create_reference(current_actor(), kind, conflict_id, data)

    class Item(MethodView):
        @access(PUBLIC)
        @blp.response(200, schema)
        def get(self, record_id: int) -> Any:
            return get_or_404(model, record_id)

        @access(SIGNED_IN)
        @blp.arguments(schema(partial=True))
        @blp.response(200, schema)
        def patch(self, edit: Edit[ReferenceChanges], record_id: int) -> Any:
            version = expected_version(edit.version)
            return conflicts.update_reference(
                current_actor(), kind, record_id, edit.changes, version
            )

        @access(SIGNED_IN)
        @blp.response(204)
        def delete(self, record_id: int) -> None:
            conflicts.delete_reference(current_actor(), kind, record_id)

    Collection.get.__doc__ = f"List the conflict's {label}."
    Collection.post.__doc__ = f"Add to the conflict's {label} (platform admins, coordinators)."
    Item.get.__doc__ = f"Show one of the {label}."
    Item.patch.__doc__ = f"Edit one of the {label} (platform admins, coordinators)."
    Item.delete.__doc__ = f"Delete one of the {label}; 409 while referred to."
    blp.add_url_rule(
        f"/conflicts/<int:conflict_id>/{segment}", f"{kind}_collection", view_func=Collection
    )
    blp.add_url_rule(f"/{segment}/<int:record_id>", f"{kind}_item", view_func=Item)


for _kind in SEGMENTS:
    _reference_views(_kind)
