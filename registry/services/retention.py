"""Erase participants' names once no initiative they took part in ended within the retention.

SPEC 6.4: the names of people in no initiative that ended less than
`REGISTRY_RETENTION_MONTHS` ago are erased. A person in a live or open-ended initiative
(no end date) keeps its name; a person in no initiative at all keeps it until its record
has been left untouched for the retention, so a record registered ahead of its first
initiative is not erased the night it is made.

The record stays, with its alias, sector, gender, proximity and participations, so that
counts, coverage and past findings hold; what goes is every trace of the name: the
encrypted full name (replaced by an encryption of the empty string), the designated
affiliation, and both fingerprints (the name's becomes a marker that matches nothing).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

import sqlalchemy as sa
from flask import current_app

from ..errors import PermissionDenied
from ..identity import data_ring, encrypt
from ..models import Initiative, Participation, Person
from ..models.base import utcnow
from ..policy import Actor
from . import audit
from .unit import service, session, touch_conflicts

DEFAULT_RETENTION_MONTHS = 24


def today() -> date:
    """Return today's date in UTC (tests move it to jump past the retention)."""
    return datetime.now(UTC).date()


def months_before(day: date, months: int) -> date:
    """Return the same day `months` calendar months earlier (the month's last day if shorter)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def retention_months() -> int:
    """Return REGISTRY_RETENTION_MONTHS (checked at start-up)."""
    return int(current_app.config.get("RETENTION_MONTHS", DEFAULT_RETENTION_MONTHS))


@dataclass(frozen=True)
class PurgeReport:
    """What a purge erased (or would erase): how many names, and the cut-off date."""

    cutoff: date
    person_ids: tuple[int, ...]
    dry_run: bool


def erasable(cutoff: date) -> sa.Select[int]:
    """Return the SELECT of the ids of people whose names are past the retention at `cutoff`."""
    kept = (
        sa.select(Participation.id)
        .join(Initiative, Initiative.id == Participation.initiative_id)
        .where(
            Participation.person_id == Person.id,
            sa.or_(Initiative.end_date.is_(None), Initiative.end_date >= cutoff),
        )
    )
    any_participation = sa.select(Participation.id).where(Participation.person_id == Person.id)
    untouched = Person.updated_at < datetime.combine(cutoff, time(), UTC)
    return (
        sa.select(Person.id)
        .where(
            Person.erased_at.is_(None),
            ~kept.exists(),
            sa.or_(any_participation.exists(), untouched),
        )
        .order_by(Person.id)
    )


def erase_name(person: Person) -> None:
    """Overwrite every trace of a person's name and affiliation (no commit, no audit)."""
    person.full_name_encrypted = encrypt(data_ring(), "", "person.full_name")
    person.name_fingerprint = f"erased:{person.id}"
    person.designated_affiliation_encrypted = None
    person.affiliation_fingerprint = None
    person.erased_at = utcnow()


@service
def purge(actor: Actor, dry_run: bool = False, on: date | None = None) -> PurgeReport:
    """Erase the names past the retention (the command line only); audit each by id."""
    if not actor.is_system:
        raise PermissionDenied("Purging runs from the command line only.")
    cutoff = months_before(on or today(), retention_months())
    ids = tuple(session().scalars(erasable(cutoff)))
    if dry_run or not ids:
        return PurgeReport(cutoff, ids, dry_run)
    for person in session().scalars(sa.select(Person).where(Person.id.in_(ids))):
        erase_name(person)
        audit.record(actor, "person.erase", "person", person.id)
    session().flush()
    touch_conflicts()
    return PurgeReport(cutoff, ids, dry_run)
