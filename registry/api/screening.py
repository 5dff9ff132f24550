"""Designated entities: /api/v1/designated-entities (platform admins)."""

from __future__ import annotations

from typing import Any

from flask import request
from flask.views import MethodView

from ..auth.access import PLATFORM_ADMIN, access, current_actor
from ..errors import Invalid
from ..readers import designated as reader
from ..readers.designated import EntityRecord
from ..readers.paging import Listing
from ..schemas.screening import DesignatedEntitySchema
from ..services import screening
from ..services.inputs.organisations import DesignatedEntityInput
from .common import Blueprint, QueryPage, accepts
from .idempotency import idempotent

blp = Blueprint("screening_api", __name__, url_prefix="/api/v1", description="Designated entities")


@blp.route("/designated-entities")
class DesignatedEntities(MethodView):
    """The legal-screening list."""

    @access(PLATFORM_ADMIN)
    @blp.response(200, DesignatedEntitySchema(many=True))
    @blp.paginate(QueryPage)
    def get(self) -> Listing[Any, EntityRecord]:
        """List designated entities."""
        return reader.entities_listing()

    @access(PLATFORM_ADMIN)
    @blp.arguments(DesignatedEntitySchema)
    @blp.response(201, DesignatedEntitySchema)
    @idempotent(reader.entity)
    def post(self, data: DesignatedEntityInput) -> EntityRecord:
        """Add a designated entity."""
        return reader.entity(screening.create(current_actor(), data).id)


@blp.post("/designated-entities/import")
@accepts("text/csv", "text/plain", "multipart/form-data")
@access(PLATFORM_ADMIN)
@blp.response(200)
def import_designated_entities() -> dict[str, int]:
    """Import a CSV (name, aliases, list_name, jurisdictions; lists separated by ";")."""
    upload = request.files.get("file")
    raw = upload.read() if upload is not None else request.get_data()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise Invalid({"file": ["The file is not UTF-8 text."]}) from None
    if not text.strip():
        raise Invalid({"file": ["Send a CSV file, as the body or a form field named file."]})
    return screening.import_csv(current_actor(), text)
