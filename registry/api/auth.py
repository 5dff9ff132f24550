"""POST /api/v1/auth/tokens: exchange an email and password for a bearer token."""

from __future__ import annotations

from typing import Any

from ..auth.access import PUBLIC, access
from ..auth.throttle import per_account, per_address
from ..errors import Unauthenticated
from ..schemas.accounts import TokenRequestSchema, TokenSchema
from ..services import authentication
from .common import Blueprint

blp = Blueprint("auth_api", __name__, url_prefix="/api/v1/auth", description="API tokens")


@blp.post("/tokens")
@access(PUBLIC)
@per_address
@per_account
@blp.arguments(TokenRequestSchema)
@blp.response(201, TokenSchema)
def create_token(credentials: dict[str, Any]) -> dict[str, Any]:
    """Return a new bearer token for these credentials (valid 30 days)."""
    user = authentication.check_credentials(credentials["email"], credentials["password"])
    if user is None:
        raise Unauthenticated("The email or password is not right.")
    raw, token = authentication.issue_token(user, credentials.get("label") or "API token")
    return {"token": raw, "expires_at": token.expires_at}
