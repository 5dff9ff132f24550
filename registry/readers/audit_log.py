"""Read the audit log for platform admins, in names: people by display name and organisation,
objects by name where the reader may read them, and by kind only where it may not.

A person is always "a person", and an initiative the reader may not see (a restricted or
sealed one it does not coordinate) is "a restricted initiative" or "a sealed initiative":
never its id, title, alias or name. Details show field names and plain values, never ids.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import sqlalchemy as sa

from ..extensions import db
from ..models import (
    AuditEvent,
    Conflict,
    DesignatedEntity,
    Initiative,
    Issue,
    Organisation,
    Party,
    Region,
    TrackOneBody,
    User,
)
from ..policy import Access, Actor, initiative_access
from .audit_words import action_label, action_words, detail_words, kind_words

SYSTEM_ACTOR = "system"  # the filter's value for the command line and other operators' tools
NAMED_KINDS: dict[str, tuple[type[Any], str]] = {
    "organisation": (Organisation, "name"),
    "conflict": (Conflict, "name"),
    "party": (Party, "name"),
    "issue": (Issue, "name"),
    "region": (Region, "name"),
    "track_one_body": (TrackOneBody, "name"),
    "designated_entity": (DesignatedEntity, "name"),
}


@dataclass(frozen=True)
class AuditFilters:
    """What the platform admin narrowed the log to."""

    actor: str | None = None  # a user id as text, or SYSTEM_ACTOR
    action: str | None = None
    object_type: str | None = None
    since: date | None = None
    until: date | None = None


@dataclass(frozen=True)
class AuditLine:
    """One event in words."""

    at: datetime
    actor: str
    actor_organisation: str | None
    action: str
    object: str
    details: str


class Names:
    """Names of the objects a page of events refers to, loaded once per kind."""

    def __init__(self, reader: Actor, events: Iterable[AuditEvent]) -> None:
        self.reader = reader
        wanted: dict[str, set[int]] = {}
        for event in events:
            if event.object_id is not None:
                wanted.setdefault(event.object_type, set()).add(event.object_id)
            if event.actor_id is not None:
                wanted.setdefault("user", set()).add(event.actor_id)
            for key, kind in (("user_id", "user"), ("conflict_id", "conflict")):
                if isinstance((event.details or {}).get(key), int):
                    wanted.setdefault(kind, set()).add(event.details[key])
            if isinstance((event.details or {}).get("initiative_id"), int):
                wanted.setdefault("initiative", set()).add(event.details["initiative_id"])
        self.users = self._users(wanted.get("user", set()))
        self.initiatives = self._initiatives(wanted.get("initiative", set()))
        self.named = {
            kind: self._named(kind, ids) for kind, ids in wanted.items() if kind in NAMED_KINDS
        }

    def _users(self, ids: set[int]) -> dict[int, tuple[str, str]]:
        rows = db.session.execute(
            sa.select(User.id, User.display_name, Organisation.name)
            .join(Organisation, Organisation.id == User.organisation_id)
            .where(User.id.in_(sorted(ids)))
        ).all()
        return {user_id: (name, organisation) for user_id, name, organisation in rows}

    def _initiatives(self, ids: set[int]) -> dict[int, str]:
        found = {}
        for initiative in db.session.scalars(
            sa.select(Initiative).where(Initiative.id.in_(sorted(ids)))
        ):
            if initiative_access(self.reader, initiative) >= Access.PUBLIC_FIELDS:
                found[initiative.id] = f"the initiative “{initiative.title}”"
            else:
                found[initiative.id] = f"a {initiative.confidentiality} initiative"
        return found

    def _named(self, kind: str, ids: set[int]) -> dict[int, str]:
        model, column = NAMED_KINDS[kind]
        rows = db.session.execute(
            sa.select(model.id, getattr(model, column)).where(model.id.in_(sorted(ids)))
        ).all()
        return {record_id: f"{kind_words(kind)} “{name}”" for record_id, name in rows}

    def user(self, user_id: int | None) -> str:
        """Return "Name (Organisation)" for a user, or "a user since removed"."""
        if user_id is None or user_id not in self.users:
            return "a user since removed"
        name, organisation = self.users[user_id]
        return f"{name} ({organisation})"

    def object(self, kind: str, object_id: int | None) -> str:
        """Return how the reader may see an object: its name, or its kind alone."""
        if object_id is None:
            return kind_words(kind, article=True)
        if kind == "user":
            return self.user(object_id)
        if kind == "initiative":
            return self.initiatives.get(object_id, "an initiative since deleted")
        if kind in NAMED_KINDS:
            fallback = f"{kind_words(kind, article=True)} since deleted"
            return self.named.get(kind, {}).get(object_id, fallback)
        return kind_words(kind, article=True)


def _filtered(filters: AuditFilters) -> sa.Select[Any]:
    statement = sa.select(AuditEvent)
    if filters.actor == SYSTEM_ACTOR:
        statement = statement.where(AuditEvent.actor_id.is_(None))
    elif filters.actor and filters.actor.isdigit():
        statement = statement.where(AuditEvent.actor_id == int(filters.actor))
    if filters.action:
        statement = statement.where(AuditEvent.action == filters.action)
    if filters.object_type:
        statement = statement.where(AuditEvent.object_type == filters.object_type)
    if filters.since:
        statement = statement.where(AuditEvent.at >= datetime.combine(filters.since, time(), UTC))
    if filters.until:
        end = datetime.combine(filters.until + timedelta(days=1), time(), UTC)
        statement = statement.where(AuditEvent.at < end)
    return statement


def _actor(names: Names, event: AuditEvent) -> tuple[str, str | None]:
    if event.actor_id is not None:
        if event.actor_id not in names.users:
            return "a user since removed", None
        return names.users[event.actor_id]
    if event.actor_label.startswith("system"):
        return ("the command line" if event.actor_label == "system:cli" else "the system"), None
    return "an anonymous visitor", None


def audit_page(
    reader: Actor, filters: AuditFilters, offset: int = 0, limit: int = 50
) -> tuple[list[AuditLine], int]:
    """Return a page of events, newest first, in words, and how many match the filters."""
    statement = _filtered(filters)
    total = db.session.scalar(sa.select(sa.func.count()).select_from(statement.subquery()))
    events = list(
        db.session.scalars(statement.order_by(AuditEvent.id.desc()).offset(offset).limit(limit))
    )
    names = Names(reader, events)
    lines = []
    for event in events:
        actor, organisation = _actor(names, event)
        lines.append(
            AuditLine(
                at=event.at,
                actor=actor,
                actor_organisation=organisation,
                action=action_words(event.action),
                object=names.object(event.object_type, event.object_id),
                details=detail_words(event.details or {}, names),
            )
        )
    return lines, int(total or 0)


def filter_choices() -> dict[str, list[tuple[str, str]]]:
    """Return the choices of each filter: the actors, actions and kinds the log holds."""
    actor_ids = db.session.scalars(
        sa.select(AuditEvent.actor_id).where(AuditEvent.actor_id.is_not(None)).distinct()
    ).all()
    users = db.session.execute(
        sa.select(User.id, User.display_name, Organisation.name)
        .join(Organisation, Organisation.id == User.organisation_id)
        .where(User.id.in_(sorted(actor_ids)))
        .order_by(User.display_name, Organisation.name)
    ).all()
    actions = db.session.scalars(sa.select(AuditEvent.action).distinct()).all()
    kinds = db.session.scalars(sa.select(AuditEvent.object_type).distinct()).all()
    return {
        "actor": [(SYSTEM_ACTOR, "The command line and the system")]
        + [(str(user_id), f"{name} ({organisation})") for user_id, name, organisation in users],
        "action": sorted(((a, action_label(a)) for a in actions), key=lambda pair: pair[1]),
        "object_type": sorted(((k, kind_words(k)) for k in kinds), key=lambda pair: pair[1]),
    }
