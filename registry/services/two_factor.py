"""Two-factor sign-in with TOTP (RFC 6238): enrolment, single-use codes and recovery codes."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets
import time
from typing import Any

import pyotp
import sqlalchemy as sa

from ..errors import Invalid, PermissionDenied
from ..identity import data_ring, decrypt, encrypt
from ..models import RecoveryCode, User
from ..models.base import utcnow
from ..policy import Actor
from . import audit
from .unit import get_or_404, service, session

ISSUER = "Track Two Registry"
STEP_SECONDS = 30
TOLERANCE_STEPS = 1  # one step either side, for clocks a little off
RECOVERY_CODE_COUNT = 10
_SECRET_PURPOSE = "user.totp_secret"  # noqa: S105 - an encryption purpose, not a secret
_PENDING_PURPOSE = "user.totp_pending_secret"
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i to misread


def now() -> float:
    """Return the current time in seconds (a seam for tests that shift time)."""
    return time.time()


def normalise_secret(secret: str) -> str:
    """Return a base32 secret without spaces, upper-cased, or raise Invalid."""
    cleaned = "".join(secret.split()).upper().rstrip("=")
    try:
        raw = base64.b32decode(cleaned + "=" * (-len(cleaned) % 8))
    except (binascii.Error, ValueError):
        raise Invalid.field("totp_secret", "Give the secret in base32 (A-Z, 2-7).") from None
    if len(raw) < 10:
        raise Invalid.field("totp_secret", "Use a secret of at least 16 base32 characters.")
    return cleaned


def provisioning_uri(user: User, secret: str) -> str:
    """Return the otpauth:// address an authenticator app reads from the QR code."""
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=ISSUER)


def pending_secret(user: User) -> str | None:
    """Return the secret of an enrolment the user started and has not confirmed."""
    if user.totp_pending_secret is None:
        return None
    return decrypt(data_ring(), user.totp_pending_secret, _PENDING_PURPOSE)


@service
def start_enrolment(actor: User) -> str:
    """Give the actor a new secret to confirm with a code; the current one stays until then."""
    user = get_or_404(User, actor.id)
    secret = pyotp.random_base32()
    user.totp_pending_secret = encrypt(data_ring(), secret, _PENDING_PURPOSE)
    session().flush()
    audit.record(actor, "two_factor.start", "user", user.id)
    return secret


@service
def confirm_enrolment(actor: User, code: str) -> list[str]:
    """Enrol the actor once a code of the pending secret is right; return ten recovery codes."""
    user = get_or_404(User, actor.id)
    secret = pending_secret(user)
    if secret is None:
        raise Invalid.field("code", "Start the set-up again: no secret is waiting for a code.")
    step = _matching_step(secret, "".join(code.split()), None)  # "123 456" as apps show it
    if step is None:
        raise Invalid.field("code", "This code is not right; type the 6 digits the app shows now.")
    _enrol(user, secret, step)
    audit.record(actor, "two_factor.enrol", "user", user.id)
    return _new_recovery_codes(user.id)


@service
def enrol_with_secret(actor: Actor, user_id: int, secret: str | None = None) -> str:
    """Enrol a user with a given or new secret (the command line); return the secret."""
    if not actor.is_system:
        raise PermissionDenied("Only the command line enrols another user.")
    user = get_or_404(User, user_id)
    secret = normalise_secret(secret) if secret else pyotp.random_base32()
    _enrol(user, secret, None)
    audit.record(actor, "two_factor.enrol", "user", user.id)
    return secret


@service
def new_recovery_codes(actor: User) -> list[str]:
    """Replace the actor's recovery codes with ten new ones, shown once."""
    user = get_or_404(User, actor.id)
    if not user.has_two_factor:
        raise Invalid.field("code", "Set up two-factor sign-in first.")
    codes = _new_recovery_codes(user.id)
    audit.record(actor, "two_factor.recovery_codes", "user", user.id)
    return codes


@service
def verify(user: User, code: str) -> bool:
    """Accept a current code or an unused recovery code once; audit a refusal."""
    cleaned = "".join(str(code or "").split()).replace("-", "").lower()
    accepted = False
    if user.has_two_factor and cleaned:
        if cleaned.isdigit():
            accepted = _use_step(user, cleaned)
        else:
            accepted = _use_recovery_code(user.id, cleaned)
    audit.record(user, "two_factor.verify" if accepted else "two_factor.refused", "user", user.id)
    return accepted


def remaining_recovery_codes(user: User) -> int:
    """Return how many recovery codes the user has left."""
    statement = sa.select(sa.func.count()).where(
        RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None)
    )
    return int(session().scalar(statement) or 0)


def reencrypt_secrets() -> int:
    """Re-encrypt every two-factor secret under the current data key (key rotation; no commit)."""
    ring, count = data_ring(), 0
    current = f"v1:{ring.current.id}:"
    enrolled = sa.or_(User.totp_secret.is_not(None), User.totp_pending_secret.is_not(None))
    for user in session().scalars(sa.select(User).where(enrolled)):
        for column, purpose in (
            ("totp_secret", _SECRET_PURPOSE),
            ("totp_pending_secret", _PENDING_PURPOSE),
        ):
            value = getattr(user, column)
            if value is not None and not value.startswith(current):
                setattr(user, column, encrypt(ring, decrypt(ring, value, purpose), purpose))
                count += 1
    return count


def _secret(user: User) -> str:
    return decrypt(data_ring(), user.totp_secret or "", _SECRET_PURPOSE)


def _enrol(user: User, secret: str, step: int | None) -> None:
    """Store the secret encrypted and clear any pending one (no commit)."""
    user.totp_secret = encrypt(data_ring(), secret, _SECRET_PURPOSE)
    user.totp_pending_secret = None
    user.totp_last_step = step
    user.totp_enrolled_at = utcnow()
    session().flush()


def _matching_step(secret: str, code: str, after: int | None) -> int | None:
    """Return the latest time step within tolerance whose code this is, past `after`."""
    if not (code.isdigit() and len(code) == 6):
        return None
    totp = pyotp.TOTP(secret)
    current = int(now()) // STEP_SECONDS
    for step in range(current + TOLERANCE_STEPS, current - TOLERANCE_STEPS - 1, -1):
        if after is not None and step <= after:
            continue
        if hmac.compare_digest(totp.at(step * STEP_SECONDS), code):
            return step
    return None


def _use_step(user: User, code: str) -> bool:
    """Accept a TOTP code once: a conditional UPDATE wins for one request only."""
    step = _matching_step(_secret(user), code, user.totp_last_step)
    if step is None:
        return False
    newer = sa.or_(User.totp_last_step.is_(None), User.totp_last_step < step)
    result = session().execute(
        sa.update(User).where(User.id == user.id, newer).values(totp_last_step=step),
        execution_options={"synchronize_session": False},
    )
    return _changed_one(result)


def _recovery_digest(user_id: int, code: str) -> str:
    return hashlib.sha256(f"{user_id}:{code}".encode()).hexdigest()


def _use_recovery_code(user_id: int, code: str) -> bool:
    result = session().execute(
        sa.update(RecoveryCode)
        .where(
            RecoveryCode.user_id == user_id,
            RecoveryCode.digest == _recovery_digest(user_id, code),
            RecoveryCode.used_at.is_(None),
        )
        .values(used_at=utcnow()),
        execution_options={"synchronize_session": False},
    )
    return _changed_one(result)


def _new_recovery_codes(user_id: int) -> list[str]:
    """Replace a user's recovery codes; return them in the form shown (xxxx-xxxx-xxxx-xxxx)."""
    session().execute(sa.delete(RecoveryCode).where(RecoveryCode.user_id == user_id))
    codes = []
    for _ in range(RECOVERY_CODE_COUNT):
        plain = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(16))
        session().add(RecoveryCode(user_id=user_id, digest=_recovery_digest(user_id, plain)))
        codes.append("-".join(plain[i : i + 4] for i in range(0, 16, 4)))
    session().flush()
    return codes


def _changed_one(result: sa.Result[Any]) -> bool:
    """Tell whether a conditional UPDATE changed exactly one row (it lost no race)."""
    # An UPDATE executes to a CursorResult, which carries the row count.
    return isinstance(result, sa.CursorResult) and result.rowcount == 1
