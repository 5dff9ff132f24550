"""The Track One calendar as pages show it: rounds, a round's agenda and what reached it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from .. import policy
from ..errors import NotFound
from ..extensions import db
from ..models import (
    Initiative,
    Organisation,
    TrackOneBody,
    TrackOneRound,
    TransferChannel,
    TransferEvent,
)
from ..models.initiative import initiative_issue
from ..policy import Access, Actor
from .inbox import HIDDEN_INITIATIVE, confirmed_by
from .round_names import dates_in_words


@dataclass(frozen=True)
class RoundRow:
    """A round as the calendar lists it, in names."""

    id: int
    title: str
    dates: str
    starts_on: date
    ends_on: date
    status: str
    bodies: tuple[str, ...]
    agenda: tuple[str, ...]
    notes: str | None


@dataclass(frozen=True)
class Coverer:
    """An initiative the reader may see that covers an agenda issue."""

    id: int
    title: str
    sponsor: str
    status: str


@dataclass(frozen=True)
class AgendaItem:
    """An agenda issue and the initiatives the reader may see that cover it."""

    issue_id: int
    issue: str
    initiatives: tuple[Coverer, ...]


@dataclass(frozen=True)
class Delivered:
    """A transfer for the round, as the reader may see it (title only where allowed)."""

    id: int
    version: int
    title: str | None
    initiative: str
    initiative_id: int | None
    body: str
    kind: str
    delivered_on: date
    evidence: str
    confirmed: str | None
    confirmed_on: date | None
    confirmable: bool


@dataclass(frozen=True)
class RoundPage:
    """A round's page: the round, its agenda and the transfers the reader may read for it."""

    round: RoundRow
    conflict_id: int
    agenda: tuple[AgendaItem, ...]
    transfers: tuple[Delivered, ...]


def row(record: TrackOneRound) -> RoundRow:
    """Describe a round in names."""
    return RoundRow(
        id=record.id,
        title=record.title,
        dates=dates_in_words(record.starts_on, record.ends_on),
        starts_on=record.starts_on,
        ends_on=record.ends_on,
        status=record.status,
        bodies=tuple(body.name for body in record.bodies),
        agenda=tuple(issue.name for issue in record.agenda_issues),
        notes=record.notes,
    )


def calendar(conflict_id: int, today: date) -> tuple[list[RoundRow], list[RoundRow]]:
    """Return the conflict's rounds: those not yet over (soonest first), then past ones.

    Every round's bodies and agenda come in one query each, however many rounds there are.
    """
    statement = (
        sa.select(TrackOneRound)
        .where(TrackOneRound.conflict_id == conflict_id)
        .options(selectinload(TrackOneRound.bodies), selectinload(TrackOneRound.agenda_issues))
    )
    records = list(db.session.scalars(statement))
    upcoming = sorted((r for r in records if r.ends_on >= today), key=lambda r: (r.starts_on, r.id))
    past = sorted((r for r in records if r.ends_on < today), key=lambda r: (r.starts_on, r.id))
    return [row(r) for r in upcoming], [row(r) for r in reversed(past)]


@dataclass(frozen=True)
class CalendarView:
    """The calendar of the conflict overview, and whether the reader manages it."""

    rounds: tuple[list[RoundRow], list[RoundRow]]
    manages: bool


def overview(actor: Actor, conflict_id: int, today: date) -> CalendarView:
    """Return the calendar section of the conflict overview."""
    return CalendarView(
        calendar(conflict_id, today), policy.can_manage_reference_data(actor, conflict_id)
    )


def next_round(conflict_id: int, today: date) -> TrackOneRound | None:
    """Return the next planned round starting today or later, if any."""
    statement = (
        sa.select(TrackOneRound)
        .where(
            TrackOneRound.conflict_id == conflict_id,
            TrackOneRound.status == "planned",
            TrackOneRound.starts_on >= today,
        )
        .order_by(TrackOneRound.starts_on, TrackOneRound.id)
        .limit(1)
    )
    return db.session.scalar(statement)


def agenda(actor: Actor, record: TrackOneRound, as_of: date) -> tuple[AgendaItem, ...]:
    """Each agenda issue with the initiatives live at as_of that the reader may see on it."""
    statement = (
        sa.select(
            initiative_issue.c.issue_id,
            Initiative.id,
            Initiative.title,
            Organisation.name,
            sa.type_coerce(Initiative.status, sa.String),
        )
        .join(Initiative, Initiative.id == initiative_issue.c.initiative_id)
        .join(Organisation, Organisation.id == Initiative.sponsor_id)
        .where(
            initiative_issue.c.issue_id.in_(record.agenda_issue_ids),
            Initiative.conflict_id == record.conflict_id,
            Initiative.status.in_(("planned", "active")),
            sa.or_(Initiative.end_date.is_(None), Initiative.end_date >= as_of),
            policy.visible_initiatives(actor),
        )
        .order_by(Initiative.title, Initiative.id)
    )
    found: dict[int, list[Coverer]] = {issue.id: [] for issue in record.agenda_issues}
    for issue_id, *rest in db.session.execute(statement):
        found[issue_id].append(Coverer(*rest))
    return tuple(
        AgendaItem(issue.id, issue.name, tuple(found[issue.id])) for issue in record.agenda_issues
    )


def readable_transfers(actor: Actor) -> sa.ColumnElement[bool]:
    """WHERE clause of transfers whose lists the reader reads, or that are in its inbox."""
    clauses: list[sa.ColumnElement[bool]] = [policy.visible_initiatives(actor, Access.EVERYTHING)]
    clauses += [policy.inbox_transfers(actor, b) for b in sorted(policy.focal_body_ids(actor))]
    return sa.or_(*clauses)


def delivered(actor: Actor, events: list[Any]) -> list[Delivered]:
    """Describe transfers (with channel body name and initiative) for the reader."""
    wanted = {body_id for _, body_id, _ in events}
    wanted |= {event.confirmed_body_id for event, _, _ in events if event.confirmed_body_id}
    names = sa.select(TrackOneBody.id, TrackOneBody.name).where(TrackOneBody.id.in_(wanted))
    bodies = {body_id: name for body_id, name in db.session.execute(names)}
    found = []
    for event, body_id, institutional in events:
        initiative = event.initiative
        visible = policy.initiative_access(actor, initiative) >= Access.PUBLIC_FIELDS
        found.append(
            Delivered(
                id=event.id,
                version=event.version,
                title=event.title if visible else None,
                initiative=initiative.title if visible else HIDDEN_INITIATIVE,
                initiative_id=initiative.id if visible else None,
                body=bodies.get(body_id, "a deleted Track One body"),
                kind=event.kind,
                delivered_on=event.delivered_on,
                evidence=event.evidence,
                confirmed=confirmed_by(event, bodies),
                confirmed_on=event.confirmed_on,
                confirmable=event.evidence != "documented_uptake"
                and policy.can_confirm_transfer(actor, initiative, body_id, institutional),
            )
        )
    return found


def transfer_rows(actor: Actor, where: sa.ColumnElement[bool]) -> list[Any]:
    """Load transfers matching `where` that the reader may read, newest first."""
    statement = (
        sa.select(
            TransferEvent,
            TransferChannel.track_one_body_id,
            TransferChannel.via_person_id.is_(None),
        )
        .join(TransferChannel, TransferChannel.id == TransferEvent.channel_id)
        .join(Initiative, Initiative.id == TransferEvent.initiative_id)
        .where(where, readable_transfers(actor))
        .order_by(TransferEvent.delivered_on.desc(), TransferEvent.id.desc())
    )
    return [tuple(r) for r in db.session.execute(statement)]


@dataclass(frozen=True)
class RoundRecord:
    """A round as its form edits it and the API shows it: ids, not names."""

    id: int
    created_at: datetime
    updated_at: datetime
    conflict_id: int
    version: int
    title: str
    starts_on: date
    ends_on: date
    status: str
    track_one_body_ids: tuple[int, ...]
    agenda_issue_ids: tuple[int, ...]
    notes: str | None


def _round(round_id: int) -> TrackOneRound:
    record = db.session.get(TrackOneRound, round_id)
    if record is None:
        raise NotFound()
    return record


def round_record(round_id: int) -> RoundRecord:
    """Return a round as its form edits it, or raise NotFound."""
    return record_of(_round(round_id))


def record_of(record: TrackOneRound) -> RoundRecord:
    """Copy a round's fields, its bodies and agenda by id."""
    return RoundRecord(
        id=record.id,
        created_at=record.created_at,
        updated_at=record.updated_at,
        conflict_id=record.conflict_id,
        version=record.version,
        title=record.title,
        starts_on=record.starts_on,
        ends_on=record.ends_on,
        status=record.status,
        track_one_body_ids=tuple(record.track_one_body_ids),
        agenda_issue_ids=tuple(record.agenda_issue_ids),
        notes=record.notes,
    )


def round_page(actor: Actor, round_id: int, today: date) -> RoundPage:
    """Return a round's page for a signed-in reader."""
    record = _round(round_id)
    events = transfer_rows(actor, TransferEvent.round_id == record.id)
    return RoundPage(
        round=row(record),
        conflict_id=record.conflict_id,
        agenda=agenda(actor, record, today),
        transfers=tuple(delivered(actor, events)),
    )


def round_choices(conflict_id: int, body_ids: set[int]) -> list[tuple[str, list[tuple[str, str]]]]:
    """Group the conflict's rounds by each of these bodies that meets at them, for a select."""
    statement = (
        sa.select(TrackOneRound)
        .where(TrackOneRound.conflict_id == conflict_id)
        .order_by(TrackOneRound.starts_on.desc(), TrackOneRound.id)
    )
    records = list(db.session.scalars(statement))
    groups = []
    for body in sorted(
        {b for r in records for b in r.bodies if b.id in body_ids}, key=lambda b: b.name
    ):
        options = [
            (str(r.id), f"{r.title} ({dates_in_words(r.starts_on, r.ends_on)})")
            for r in records
            if body in r.bodies
        ]
        groups.append((f"Rounds where {body.name} sits", options))
    return groups
