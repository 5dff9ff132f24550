"""Route access declarations: every view states who may reach it, and this enforces it.

The declaration is a coarse gate (signed in or not, which role); what an actor may
see or change inside is decided by registry.policy in the services.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import current_app

from ..errors import PermissionDenied, Unauthenticated
from ..models import User
from ..policy import ANONYMOUS_ACTOR, Actor, is_platform_admin

F = TypeVar("F", bound=Callable[..., Any])

PUBLIC = "public"
SIGNED_IN = "signed_in"
PLATFORM_ADMIN = "platform_admin"
RULES = (PUBLIC, SIGNED_IN, PLATFORM_ADMIN)

# Endpoints that Flask and extensions add, with the rule that applies to them.
BUILT_IN_ACCESS = {"static": PUBLIC, "api-docs.openapi_json": PUBLIC}


def current_actor() -> Actor:
    """Return the signed-in user of this request, or the anonymous actor."""
    from flask_login import current_user

    if current_app.login_manager is None or not current_user:  # type: ignore[attr-defined]
        return ANONYMOUS_ACTOR
    user = current_user._get_current_object()
    return user if getattr(user, "is_authenticated", False) else ANONYMOUS_ACTOR


def current_user() -> User:
    """Return the signed-in user of a SIGNED_IN view (the access gate has let no one else in)."""
    actor = current_actor()
    if not isinstance(actor, User):
        raise Unauthenticated()
    return actor


def access(rule: str) -> Callable[[F], F]:
    """Declare and enforce who may reach a view: PUBLIC, SIGNED_IN or PLATFORM_ADMIN."""
    if rule not in RULES:
        raise ValueError(f"unknown access rule {rule!r}")

    def decorate(view: F) -> F:
        @wraps(view)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            actor = current_actor()
            if rule != PUBLIC and not actor.is_authenticated:
                raise Unauthenticated()
            if rule == PLATFORM_ADMIN and not is_platform_admin(actor):
                raise PermissionDenied()
            return view(*args, **kwargs)

        guarded.access_rule = rule  # type: ignore[attr-defined]
        return guarded  # type: ignore[return-value]

    return decorate


def declared_access(view: Callable[..., Any]) -> str | None:
    """Return the rule a view declared; a method view needs one rule on every method."""
    rule = getattr(view, "access_rule", None)
    if rule is None and hasattr(view, "view_class"):
        names = sorted(getattr(view.view_class, "methods", None) or ())
        rules = {
            getattr(getattr(view.view_class, name.lower(), None), "access_rule", None)
            for name in names
        }
        if None in rules or not rules:
            return None
        rule = rules.pop() if len(rules) == 1 else "mixed"
    return rule
