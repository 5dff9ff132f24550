"""The create-and-update steps services share once their inputs are typed."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..policy import Actor
from . import audit
from .inputs import Input, sent
from .unit import session, touch_conflicts


def assign(record: Any, data: Input, names: Iterable[str]) -> list[str]:
    """Copy the sent fields among names onto the record; return the names that changed."""
    values = {name: _stored(value) for name, value in sent(data).items()}
    changed = []
    for name in names:
        if name in values and getattr(record, name) != values[name]:
            setattr(record, name, values[name])
            changed.append(name)
    return changed


def _stored(value: object) -> object:
    """Return a list for a tuple: JSON columns hold lists, and a list never equals a tuple."""
    return list(value) if isinstance(value, tuple) else value


def save_changes(
    actor: Actor, kind: str, record: Any, changed: list[str], touch: Iterable[int] | None
) -> None:
    """Flush an edit, mark the touched conflicts' findings stale and audit the changed fields.

    `touch` names the conflicts whose findings the edit can change (None: every conflict).
    Nothing happens when nothing changed, so an edit that changes nothing is no event.
    """
    if not changed:
        return
    session().flush()
    touch_conflicts(touch)
    audit.record(actor, f"{kind}.update", kind, record.id, {"fields": changed})
