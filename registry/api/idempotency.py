"""The Idempotency-Key header on POST: a replay answers as the first call did."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import request

from ..auth.access import current_actor
from ..errors import Invalid, NotFound
from ..readers.idempotency import Remembered, recall
from ..services import idempotency

HEADER = "Idempotency-Key"


def _request_hash() -> str:
    material = b"\n".join(
        [request.method.encode(), request.path.encode(), request.get_data(cache=True)]
    )
    return hashlib.sha256(material).hexdigest()


def _object_id(result: Any) -> int | None:
    object_id = getattr(result, "id", None)
    if object_id is None and isinstance(result, dict):
        object_id = result.get("id")
    return object_id


def _replay(previous: Remembered, fingerprint: str, load: Callable[[int], Any]) -> Any:
    """Answer as the first call did, or 422 when the key came with another request."""
    if previous.request_hash != fingerprint:
        raise Invalid({HEADER: ["This key was used with a different request."]}, location="headers")
    if previous.object_id is None:
        raise NotFound()  # the first call kept no object to answer with again
    return load(previous.object_id)


def idempotent(load: Callable[[int], Any], status: int = 201) -> Callable[..., Any]:
    """Make a POST view replayable: `load(object_id)` re-reads the object a replay returns."""

    def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        def run(*args: Any, **kwargs: Any) -> Any:
            key = request.headers.get(HEADER)
            actor = current_actor()
            if not key or not actor.is_authenticated:
                return view(*args, **kwargs)
            if len(key) > 200:
                raise Invalid({HEADER: ["Use at most 200 characters."]}, location="headers")
            fingerprint = _request_hash()
            previous = recall(actor, key)
            if previous is not None:
                return _replay(previous, fingerprint, load)
            try:
                # One transaction: the claim commits with the create, or neither does.
                return idempotency.run_once(
                    actor, key, fingerprint, status, lambda: view(*args, **kwargs), _object_id
                )
            except idempotency.KeyTaken:
                previous = recall(actor, key)
                if previous is None:
                    raise
                return _replay(previous, fingerprint, load)

        return run

    return decorate
