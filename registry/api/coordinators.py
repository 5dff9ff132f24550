"""A conflict's coordinators: /api/v1/conflicts/{id}/coordinators (platform admins)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from flask.views import MethodView

from ..auth.access import PLATFORM_ADMIN, access, current_actor
from ..readers import admin as admin_reader
from ..readers import conflicts as conflict_reader
from ..schemas.coordinators import CoordinatorAssignmentSchema, CoordinatorSchema
from ..services import coordinators
from .common import Blueprint, page_of

blp = Blueprint(
    "coordinators_api", __name__, url_prefix="/api/v1", description="Coordinators of conflicts"
)


def _shown(conflict_id: int, user_id: int) -> dict[str, Any]:
    row = next(r for r in admin_reader.coordinators_of(conflict_id) if r.user_id == user_id)
    return {**asdict(row), "conflict_id": conflict_id}


@blp.route("/conflicts/<int:conflict_id>/coordinators")
class Coordinators(MethodView):
    """The users assigned as coordinators of one conflict."""

    @access(PLATFORM_ADMIN)
    @blp.alt_response(401, response="UNAUTHORIZED", description="Sign in first")
    @blp.alt_response(403, response="FORBIDDEN", description="For platform admins only")
    @blp.response(200, CoordinatorSchema(many=True))
    @blp.alt_response(404, response="NOT_FOUND", description="No such conflict")
    def get(self, conflict_id: int) -> list[dict[str, Any]]:
        """List the conflict's coordinators by name (platform admins)."""
        conflict_reader.conflict(conflict_id)
        rows = admin_reader.coordinators_of(conflict_id)
        return page_of([{**asdict(row), "conflict_id": conflict_id} for row in rows])

    @access(PLATFORM_ADMIN)
    @blp.alt_response(401, response="UNAUTHORIZED", description="Sign in first")
    @blp.alt_response(403, response="FORBIDDEN", description="For platform admins only")
    @blp.arguments(CoordinatorAssignmentSchema)
    @blp.response(201, CoordinatorSchema)
    @blp.alt_response(404, response="NOT_FOUND", description="No such conflict")
    @blp.alt_response(409, response="CONFLICT", description="The user already coordinates it")
    def post(self, data: dict[str, Any], conflict_id: int) -> dict[str, Any]:
        """Assign a user, by `user_id` or `email`, as coordinator of the conflict."""
        conflict_reader.conflict(conflict_id)
        user = coordinators.find_user(data.get("user_id"), data.get("email"))
        coordinators.assign(current_actor(), conflict_id, user)
        return _shown(conflict_id, user.id)


@blp.route("/conflicts/<int:conflict_id>/coordinators/<int:user_id>")
class CoordinatorById(MethodView):
    """One user's coordination of one conflict."""

    @access(PLATFORM_ADMIN)
    @blp.alt_response(401, response="UNAUTHORIZED", description="Sign in first")
    @blp.alt_response(403, response="FORBIDDEN", description="For platform admins only")
    @blp.response(204)
    @blp.alt_response(404, response="NOT_FOUND", description="The user does not coordinate it")
    def delete(self, conflict_id: int, user_id: int) -> None:
        """Take the user's coordination of the conflict back."""
        coordinators.unassign(current_actor(), conflict_id, user_id)
