"""Conflicts and their reference data: /api/v1/conflicts, /parties, /issues, /regions, ..."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView

from ..auth.access import PLATFORM_ADMIN, PUBLIC, SIGNED_IN, access, current_actor
from ..readers import conflicts as reader
from ..readers.conflicts import ConflictLine, ReferenceLine
from ..readers.paging import Listing
from ..schemas.conflicts import REFERENCE_SCHEMAS, ConflictSchema
from ..services import conflicts
from ..services.inputs.conflicts import (
    ConflictChanges,
    ConflictInput,
    ReferenceChanges,
    ReferenceInput,
)
from ..services.inputs.edits import Edit
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
    def get(self) -> Listing[Any, ConflictLine]:
        """List conflicts."""
        return reader.conflicts_listing()

    @access(PLATFORM_ADMIN)
    @blp.arguments(ConflictSchema)
    @blp.response(201, ConflictSchema)
    @idempotent(reader.conflict)
    def post(self, data: ConflictInput) -> ConflictLine:
        """Register a conflict (platform admins)."""
        return reader.conflict(conflicts.create(current_actor(), data).id)


@blp.route("/conflicts/<int:conflict_id>")
class ConflictById(MethodView):
    """One conflict."""

    @access(PUBLIC)
    @blp.response(200, ConflictSchema)
    def get(self, conflict_id: int) -> ConflictLine:
        """Show a conflict."""
        return reader.conflict(conflict_id)

    @access(SIGNED_IN)
    @blp.arguments(ConflictSchema(partial=True))
    @blp.response(200, ConflictSchema)
    def patch(self, edit: Edit[ConflictChanges], conflict_id: int) -> ConflictLine:
        """Edit a conflict (platform admins and its coordinators)."""
        version = expected_version(edit.version)
        conflicts.update(current_actor(), conflict_id, edit.changes, version)
        return reader.conflict(conflict_id)


def _reference_views(kind: str) -> None:
    """Register list/create under a conflict and edit/delete by id for one kind."""
    schema = REFERENCE_SCHEMAS[kind]
    segment = SEGMENTS[kind]
    label = segment.replace("-", " ")

    class Collection(MethodView):
        @access(PUBLIC)
        @blp.response(200, schema(many=True))
        @blp.paginate(QueryPage)
        def get(self, conflict_id: int) -> Listing[Any, ReferenceLine]:
            return reader.reference_listing(kind, conflict_id)

        @access(SIGNED_IN)
        @blp.arguments(schema)
        @blp.response(201, schema)
        @idempotent(lambda object_id: reader.reference_record(kind, object_id))
        def post(self, data: ReferenceInput, conflict_id: int) -> ReferenceLine:
            record = conflicts.create_reference(current_actor(), kind, conflict_id, data)
            return reader.reference_record(kind, record.id)

    class Item(MethodView):
        @access(PUBLIC)
        @blp.response(200, schema)
        def get(self, record_id: int) -> ReferenceLine:
            return reader.reference_record(kind, record_id)

        @access(SIGNED_IN)
        @blp.arguments(schema(partial=True))
        @blp.response(200, schema)
        def patch(self, edit: Edit[ReferenceChanges], record_id: int) -> ReferenceLine:
            version = expected_version(edit.version)
            conflicts.update_reference(current_actor(), kind, record_id, edit.changes, version)
            return reader.reference_record(kind, record_id)

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
