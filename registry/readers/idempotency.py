"""What the registry remembers of a POST sent with an Idempotency-Key, for 24 hours."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa

from ..extensions import db
from ..models import IdempotencyRecord
from ..models.base import utcnow
from ..policy import Actor

LIFETIME = timedelta(hours=24)


@dataclass(frozen=True, slots=True)
class Remembered:
    """The first call's request fingerprint and the id of the object it created."""

    request_hash: str
    object_id: int | None


def recall(actor: Actor, key: str) -> Remembered | None:
    """Return the outcome remembered for this user's key, if fresh."""
    record = db.session.scalar(
        sa.select(IdempotencyRecord).where(
            IdempotencyRecord.user_id == actor.id,
            IdempotencyRecord.key == key,
            IdempotencyRecord.created_at > utcnow() - LIFETIME,
        )
    )
    return None if record is None else Remembered(record.request_hash, record.object_id)
