"""People of one's own organisation: /api/v1/people."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView

from ..auth.access import SIGNED_IN, access, current_actor
from ..auth.quotas import create_limits
from ..readers import people as reader
from ..schemas.people import MergeSchema, PersonSchema
from ..services import people, people_records
from ..services.inputs.edits import Edit
from ..services.inputs.people import PersonChanges, PersonInput
from .common import TOO_MANY, Blueprint, expected_version, paginate_list
from .idempotency import idempotent

blp = Blueprint("people_api", __name__, url_prefix="/api/v1", description="People")


def _present_one(person_id: int) -> reader.OwnPersonRecord:
    return reader.present_own([people.owned(current_actor(), person_id)])[0]


@blp.route("/people")
class People(MethodView):
    """The people one's organisation registered."""

    @access(SIGNED_IN)
    @blp.response(200, PersonSchema(many=True))
    def get(self) -> list[reader.OwnPersonRecord]:
        """List the organisation's people with their names (paginated)."""
        return paginate_list(reader.own_people_listing(current_actor()))

    @access(SIGNED_IN)
    @create_limits("people")
    @blp.arguments(PersonSchema)
    @blp.response(201, PersonSchema)
    @blp.doc(responses=TOO_MANY)
    @idempotent(_present_one)
    def post(self, data: PersonInput) -> reader.OwnPersonRecord:
        """Register a person (editors); the name is encrypted, an alias generated if absent."""
        return _present_one(people.create(current_actor(), data).id)


@blp.route("/people/<int:person_id>")
class PersonById(MethodView):
    """One person of one's organisation."""

    @access(SIGNED_IN)
    @blp.response(200, PersonSchema)
    def get(self, person_id: int) -> reader.OwnPersonRecord:
        """Show a person of the organisation."""
        return _present_one(person_id)

    @access(SIGNED_IN)
    @blp.arguments(PersonSchema(partial=True))
    @blp.response(200, PersonSchema)
    def patch(self, edit: Edit[PersonChanges], person_id: int) -> reader.OwnPersonRecord:
        """Edit a person of the organisation (editors)."""
        version = expected_version(edit.version)
        people.update(current_actor(), person_id, edit.changes, version)
        return _present_one(person_id)

    @access(SIGNED_IN)
    @blp.response(204)
    def delete(self, person_id: int) -> None:
        """Delete a person and its participations (editors); 409 while a channel runs through it."""
        people_records.delete(current_actor(), person_id)


@blp.route("/people/<int:person_id>/merge", methods=["POST"])
@access(SIGNED_IN)
@blp.arguments(MergeSchema)
@blp.response(200, PersonSchema)
@idempotent(_present_one, status=200)
def merge_person(data: dict[str, Any], person_id: int) -> reader.OwnPersonRecord:
    """Merge another record of the organisation into this one (editors); the other is deleted."""
    people_records.merge(current_actor(), person_id, data["from_person_id"])
    return _present_one(person_id)
