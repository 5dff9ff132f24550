"""Users: /api/v1/users and /api/v1/users/me."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask.views import MethodView

from .. import policy
from ..auth.access import SIGNED_IN, access, current_actor
from ..errors import NotFound, PermissionDenied
from ..extensions import db
from ..models import User
from ..schemas.accounts import UserSchema
from ..services import users
from ..services.unit import get_or_404
from .common import Blueprint, QueryPage, expected_version
from .idempotency import idempotent

blp = Blueprint("users_api", __name__, url_prefix="/api/v1/users", description="Users")


@blp.get("/me")
@access(SIGNED_IN)
@blp.response(200, UserSchema)
def show_me() -> Any:
    """Show the signed-in user."""
    return current_actor()


@blp.route("")
class Users(MethodView):
    """Users an org admin or platform admin manages."""

    @access(SIGNED_IN)
    @blp.response(200, UserSchema(many=True))
    @blp.paginate(QueryPage)
    def get(self) -> sa.Select[Any]:
        """List the users the reader manages."""
        actor = current_actor()
        if not policy.can_administer(actor):
            raise PermissionDenied("Only organisation admins and platform admins list users.")
        return sa.select(User).where(policy.manageable_users(actor)).order_by(User.id)

    @access(SIGNED_IN)
    @blp.arguments(UserSchema)
    @blp.response(201, UserSchema)
    @idempotent(lambda object_id: get_or_404(User, object_id))
    def post(self, data: dict[str, Any]) -> User:
        """Create a user (org admins in their organisation, platform admins anywhere)."""
        data.pop("version", None)
        return users.create(current_actor(), data)


@blp.route("/<int:user_id>")
class UserById(MethodView):
    """One user."""

    @access(SIGNED_IN)
    @blp.response(200, UserSchema)
    def get(self, user_id: int) -> User:
        """Show a user the reader manages."""
        user: User | None = db.session.scalar(
            sa.select(User).where(User.id == user_id, policy.manageable_users(current_actor()))
        )
        if user is None:
            raise NotFound()
        return user

    @access(SIGNED_IN)
    @blp.arguments(UserSchema(partial=True))
    @blp.response(200, UserSchema)
    def patch(self, data: dict[str, Any], user_id: int) -> User:
        """Edit a user the reader manages."""
        version = expected_version(data)
        return users.update(current_actor(), user_id, data, version)
