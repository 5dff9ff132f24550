"""Sign-in checks, API tokens and ending sessions; every outcome is audited."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from ..auth.passwords import verify_password
from ..errors import NotFound, PermissionDenied
from ..models import ApiToken, User
from ..models.base import utcnow
from ..policy import ANONYMOUS_ACTOR, Actor
from . import audit
from .unit import get_or_404, service, session
from .users import find_by_email

TOKEN_LIFETIME = timedelta(days=30)
TOKEN_PREFIX = "t2r_"  # noqa: S105 - a marker that tells tokens apart, not a secret


def token_digest(raw: str) -> str:
    """Return the SHA-256 digest under which a token is stored."""
    return hashlib.sha256(raw.encode()).hexdigest()


@service
def check_credentials(email: str, password: str) -> User | None:
    """Return the user these credentials belong to, or None (the failure is audited).

    A dummy hash makes an unknown email take as long as a wrong password, and the
    callers answer all failures alike, so accounts cannot be enumerated.
    """
    user = find_by_email(email)
    valid = verify_password(user.password_hash if user else None, password)
    if user is None or not valid or not user.is_active:
        audit.record(
            user or ANONYMOUS_ACTOR,
            "auth.sign_in_failed",
            "user",
            user.id if user else None,
        )
        return None
    if user.has_two_factor:
        # Not signed in yet: the caller asks for the code, then calls complete_sign_in.
        audit.record(user, "auth.password_accepted", "user", user.id)
    else:
        _record_sign_in(user)
    return user


@service
def complete_sign_in(user: User) -> None:
    """Record the sign-in of an enrolled user once its two-factor code was accepted."""
    _record_sign_in(user)


def _record_sign_in(user: User) -> None:
    """Stamp and audit a sign-in (no commit)."""
    # A Core UPDATE: signing in is not an edit, so the record's version stays.
    session().execute(
        sa.update(User).where(User.id == user.id).values(last_sign_in_at=utcnow()),
        execution_options={"synchronize_session": False},
    )
    audit.record(user, "auth.sign_in", "user", user.id)


def confirm_identity(actor: User, secret: str) -> bool:
    """Tell whether the secret is the actor's password or a current two-factor code.

    A code is tried only for an enrolled user and only when it looks like one, so a
    password is never sent to the code check (or a code hashed as a password).
    """
    from . import two_factor

    user = get_or_404(User, actor.id)
    candidate = "".join(secret.split())
    if user.has_two_factor and candidate.isdigit() and len(candidate) == 6:
        return two_factor.verify(user, candidate)
    return _confirm_password(user, secret)


@service
def _confirm_password(user: User, password: str) -> bool:
    """Check the password of a signed-in user again (step-up); audit the outcome."""
    valid = verify_password(user.password_hash, password)
    audit.record(user, "auth.confirm" if valid else "auth.confirm_failed", "user", user.id)
    return valid


@service
def sign_out_everywhere(actor: Actor, user_id: int) -> None:
    """End every session of a user on its next request (and keep API tokens)."""
    user = get_or_404(User, user_id)
    if actor.id != user.id:
        raise PermissionDenied()
    user.session_generation += 1
    session().flush()
    audit.record(actor, "auth.sign_out_everywhere", "user", user.id)


@service
def issue_token(actor: User, label: str = "API token") -> tuple[str, ApiToken]:
    """Create a random opaque token for the actor; only its digest is kept."""
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user_id=actor.id,
        digest=token_digest(raw),
        label=(label or "API token")[:120],
        expires_at=utcnow() + TOKEN_LIFETIME,
    )
    session().add(token)
    session().flush()
    audit.record(actor, "token.create", "api_token", token.id)
    return raw, token


@service
def revoke_token(actor: Actor, token_id: int) -> ApiToken:
    """Revoke one of the actor's own tokens."""
    token = get_or_404(ApiToken, token_id)
    if token.user_id != actor.id:
        raise NotFound()
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        session().flush()
        audit.record(actor, "token.revoke", "api_token", token.id)
    return token


# One round trip per request: the token, its user and the user's coordinator assignments
# (which every visibility decision reads) come back in one joined SELECT. Built once:
# building and keying it on every request cost about as much as running it.
_USER_OF_TOKEN = (
    sa.select(User)
    .join(ApiToken, ApiToken.user_id == User.id)
    .where(
        ApiToken.digest == sa.bindparam("digest"),
        ApiToken.revoked_at.is_(None),
        ApiToken.expires_at > sa.bindparam("now"),
        User.is_active.is_(True),
    )
    .options(joinedload(User.coordinated))
)


def user_for_token(raw: str) -> User | None:
    """Return the active user of an unexpired, unrevoked token (a read; no write)."""
    if not raw.startswith(TOKEN_PREFIX):
        return None
    found = session().execute(_USER_OF_TOKEN, {"digest": token_digest(raw), "now": utcnow()})
    return found.unique().scalar_one_or_none()


def active_user(user_id: int, generation: object) -> User | None:
    """Return an active user whose sessions were not ended since `generation` (a read)."""
    user = session().get(User, user_id)
    if user is None or not user.is_active or user.session_generation != generation:
        return None
    return user


def tokens_of(actor: Actor) -> list[ApiToken]:
    """Return the actor's tokens, newest first."""
    statement = sa.select(ApiToken).where(ApiToken.user_id == actor.id)
    return list(session().scalars(statement.order_by(ApiToken.id.desc())))
