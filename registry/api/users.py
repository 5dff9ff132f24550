"""Users: /api/v1/users and /api/v1/users/me."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView

from .. import policy
from ..auth.access import SIGNED_IN, access, current_actor, current_user
from ..errors import PermissionDenied
from ..readers import accounts as reader
from ..readers.accounts import UserRecord
from ..readers.paging import Listing
from ..schemas.accounts import UserSchema
from ..services import users
from ..services.inputs.edits import Edit
from ..services.inputs.users import UserChanges, UserInput
from .common import Blueprint, QueryPage, expected_version
from .idempotency import idempotent

blp = Blueprint("users_api", __name__, url_prefix="/api/v1/users", description="Users")


@blp.get("/me")
@access(SIGNED_IN)
@blp.response(200, UserSchema)
def show_me() -> UserRecord:
    """Show the signed-in user."""
    return reader.account(current_user().id)


@blp.route("")
class Users(MethodView):
    """Users an org admin or platform admin manages."""

    @access(SIGNED_IN)
    @blp.response(200, UserSchema(many=True))
    @blp.paginate(QueryPage)
    def get(self) -> Listing[Any, UserRecord]:
        """List the users the reader manages."""
        actor = current_actor()
        if not policy.can_administer(actor):
            raise PermissionDenied("Only organisation admins and platform admins list users.")
        return reader.users_listing(actor)

    @access(SIGNED_IN)
    @blp.arguments(UserSchema)
    @blp.response(201, UserSchema)
    @idempotent(reader.account)
    def post(self, data: UserInput) -> UserRecord:
        """Create a user (org admins in their organisation, platform admins anywhere)."""
        return reader.account(users.create(current_actor(), data).id)


@blp.route("/<int:user_id>")
class UserById(MethodView):
    """One user."""

    @access(SIGNED_IN)
    @blp.response(200, UserSchema)
    def get(self, user_id: int) -> UserRecord:
        """Show a user the reader manages."""
        return reader.user(current_actor(), user_id)

    @access(SIGNED_IN)
    @blp.arguments(UserSchema(partial=True))
    @blp.response(200, UserSchema)
    def patch(self, edit: Edit[UserChanges], user_id: int) -> UserRecord:
        """Edit a user the reader manages."""
        version = expected_version(edit.version)
        users.update(current_actor(), user_id, edit.changes, version)
        return reader.account(user_id)
