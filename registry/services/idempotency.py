"""Remember the outcome of POSTs sent with an Idempotency-Key, for 24 hours."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from ..models import IdempotencyRecord
from ..models.base import utcnow
from ..policy import Actor
from .unit import service, session

LIFETIME = timedelta(hours=24)


def recall(actor: Actor, key: str) -> IdempotencyRecord | None:
    """Return the outcome remembered for this user's key, if fresh."""
    return session().scalar(
        sa.select(IdempotencyRecord).where(
            IdempotencyRecord.user_id == actor.id,
            IdempotencyRecord.key == key,
            IdempotencyRecord.created_at > utcnow() - LIFETIME,
        )
    )


@service
def remember(
    actor: Actor, key: str, request_hash: str, status_code: int, object_id: int | None
) -> None:
    """Keep a successful POST's status and object id (never its body); forget expired keys."""
    session().execute(
        sa.delete(IdempotencyRecord).where(
            IdempotencyRecord.user_id == actor.id,
            sa.or_(
                IdempotencyRecord.key == key,
                IdempotencyRecord.created_at <= utcnow() - LIFETIME,
            ),
        )
    )
    session().add(
        IdempotencyRecord(
            user_id=actor.id,
            key=key,
            request_hash=request_hash,
            status_code=status_code,
            object_id=object_id,
            created_at=utcnow(),
        )
    )
