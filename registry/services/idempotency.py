"""Remember the outcome of POSTs sent with an Idempotency-Key, for 24 hours.

The key is claimed in the same transaction as the create it guards: a concurrent
request with the same key meets the unique constraint on (user, key), waits for the
first to commit (PostgreSQL) or for its write lock (SQLite), and then replays it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from ..errors import StateConflict
from ..models import IdempotencyRecord
from ..models.base import utcnow
from ..policy import Actor
from ..readers.idempotency import LIFETIME
from .unit import service, session

R = TypeVar("R")


class KeyTaken(StateConflict):
    """Another request claimed this key first."""

    default_message = "A request with this Idempotency-Key is being processed; try again."


def claim(actor: Actor, key: str, request_hash: str, status_code: int) -> IdempotencyRecord:
    """Claim the key inside the caller's write transaction; raise KeyTaken if it is held.

    Expired keys of the user are forgotten first, so an old key can be used again.
    """
    session().execute(
        sa.delete(IdempotencyRecord).where(
            IdempotencyRecord.user_id == actor.id,
            IdempotencyRecord.created_at <= utcnow() - LIFETIME,
        )
    )
    record = IdempotencyRecord(
        user_id=actor.id,
        key=key,
        request_hash=request_hash,
        status_code=status_code,
        object_id=None,
        created_at=utcnow(),
    )
    try:
        with session().begin_nested():
            session().add(record)
    except IntegrityError:
        raise KeyTaken() from None
    return record


@service
def run_once(
    actor: Actor,
    key: str,
    request_hash: str,
    status_code: int,
    create: Callable[[], R],
    object_id: Callable[[R], int | None],
) -> R:
    """Claim the key and run the create in one transaction: both commit, or neither."""
    record = claim(actor, key, request_hash, status_code)
    result = create()
    record.object_id = object_id(result)
    return result
