"""POST /api/v1/auth/tokens: exchange an email, password and code for a bearer token."""

from __future__ import annotations

from typing import Any

from ..auth.access import PUBLIC, access
from ..auth.throttle import per_account, per_address
from ..auth.two_factor import NOT_ENROLLED_MESSAGE, must_enrol
from ..errors import PermissionDenied, Unauthenticated
from ..schemas.accounts import TokenRequestSchema, TokenSchema
from ..services import authentication, two_factor
from .common import TOO_MANY, Blueprint

blp = Blueprint("auth_api", __name__, url_prefix="/api/v1/auth", description="API tokens")


@blp.post("/tokens")
@access(PUBLIC)
@per_address
@per_account
@blp.arguments(TokenRequestSchema)
@blp.response(201, TokenSchema)
@blp.alt_response(401, response="UNAUTHORIZED", description="Wrong email, password or code")
@blp.alt_response(403, response="FORBIDDEN", description="Two-factor sign-in not set up yet")
@blp.doc(responses=TOO_MANY)
def create_token(credentials: dict[str, Any]) -> dict[str, Any]:
    """Return a new bearer token for these credentials (valid 30 days).

    A user enrolled in two-factor sign-in also sends `code`: the 6-digit code of the
    authenticator app (or a recovery code). A missing or wrong code is refused like a
    wrong password. A user whose role requires two-factor sign-in gets no token before
    enrolling (403).
    """
    user = authentication.check_credentials(credentials["email"], credentials["password"])
    if user is None:
        raise Unauthenticated("The email, password or code is not right.")
    if user.has_two_factor:
        if not two_factor.verify(user, credentials.get("code") or ""):
            raise Unauthenticated("The email, password or code is not right.")
        authentication.complete_sign_in(user)
    if must_enrol(user):
        raise PermissionDenied(NOT_ENROLLED_MESSAGE)
    raw, token = authentication.issue_token(user, credentials.get("label") or "API token")
    return {"token": raw, "expires_at": token.expires_at}
