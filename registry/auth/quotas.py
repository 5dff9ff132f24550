"""Rate limits on creates, per user and per organisation (REGISTRY_CREATE_RATE_LIMITS).

One editor creating hundreds of initiatives a minute can crowd a conflict's analysis;
these limits bound it. Each resource (initiatives, people, participations) has its own
counts, shared by the API and the pages, so switching between them gains nothing.
Past a limit the answer is 429 with `Retry-After`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from flask import current_app, request

from ..extensions import limiter
from .access import current_actor

F = TypeVar("F", bound=Callable[..., object])
RESOURCES = ("initiatives", "people", "participations")


def _key(kind: str) -> Callable[[], str]:
    """Count by the signed-in user or their organisation (anonymous requests by address)."""

    def key() -> str:
        actor = current_actor()
        value = actor.id if kind == "user" else actor.organisation_id
        return f"{kind}:{value}" if value is not None else f"address:{request.remote_addr}"

    return key


def _limit(resource: str, kind: str) -> Callable[[], str]:
    def limit() -> str:
        return str(current_app.config["CREATE_RATE_LIMITS"][resource][kind])

    return limit


def create_limits(resource: str) -> Callable[[F], F]:
    """Limit a view's POSTs that create `resource`, per user and per organisation."""
    if resource not in RESOURCES:
        raise ValueError(f"no create limits for {resource!r}")
    per_user, per_organisation = (
        limiter.shared_limit(
            _limit(resource, kind),
            scope=f"create-{resource}-{kind}",
            key_func=_key(kind),
            methods=["POST"],
        )
        for kind in ("user", "organisation")
    )

    def decorate(view: F) -> F:
        return per_user(per_organisation(view))  # type: ignore[return-value]

    return decorate
