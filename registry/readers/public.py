"""The public registry: public initiatives and their public fields only (SPEC 3), in names.

Everything here reads as an anonymous visitor does, whoever asks, so the public pages
show a signed-in user exactly what a visitor sees.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from .. import policy
from ..errors import NotFound
from ..extensions import db
from ..models import Conflict, Initiative, Issue, Organisation
from ..models.enums import INITIATIVE_STATUSES
from ..models.initiative import initiative_issue
from .initiatives import visible_matching

ANONYMOUS = policy.ANONYMOUS_ACTOR


@dataclass(frozen=True, slots=True)
class PublicInitiative:
    """The public fields of one initiative (SPEC 3), with names instead of ids."""

    id: int
    title: str
    sponsor: str
    conflict: str
    status: str
    start_date: date | None
    end_date: date | None
    track: str
    mode: str
    issues: tuple[str, ...]
    regions: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Filters:
    """What the visitor narrowed the list to (None: any)."""

    conflict_id: int | None = None
    issue_id: int | None = None
    status: str | None = None
    sponsor_id: int | None = None

    def as_query(self) -> dict[str, int | str]:
        """Return the filters that are set, as query-string arguments."""
        fields = ("conflict_id", "issue_id", "status", "sponsor_id")
        return {name: value for name in fields if (value := getattr(self, name)) is not None}


@dataclass(frozen=True, slots=True)
class Choice:
    """One option of a filter: its value and its words."""

    value: int | str
    label: str


@dataclass(frozen=True, slots=True)
class Choices:
    """The filters' options: only what public initiatives hold."""

    conflicts: tuple[Choice, ...]
    issues: tuple[Choice, ...]
    statuses: tuple[str, ...]
    sponsors: tuple[Choice, ...]


def count(filters: Filters) -> int:
    """Return how many public initiatives match."""
    statement = _matching(filters).with_only_columns(sa.func.count())
    return db.session.scalar(statement) or 0


def initiatives(filters: Filters, start: int = 0, limit: int = 50) -> tuple[PublicInitiative, ...]:
    """Return one page of the public initiatives that match, newest first."""
    statement = (
        _named(_matching(filters))
        .order_by(Initiative.start_date.desc().nulls_last(), Initiative.title, Initiative.id)
        .offset(start)
        .limit(limit)
    )
    return tuple(_present(*row) for row in db.session.execute(statement).all())


def initiative(initiative_id: int) -> PublicInitiative:
    """Return one public initiative, or NotFound exactly as for a missing one."""
    statement = _named(_matching(Filters()).where(Initiative.id == initiative_id))
    row = db.session.execute(statement).first()
    if row is None:
        raise NotFound()
    return _present(*row)


def choices(conflict_id: int | None = None) -> Choices:
    """Return the filters' options: conflicts, issues (of the conflict chosen), sponsors."""
    public = _matching(Filters()).with_only_columns(Initiative.id)
    pairs = db.session.execute(
        _matching(Filters())
        .join(Conflict, Conflict.id == Initiative.conflict_id)
        .join(Organisation, Organisation.id == Initiative.sponsor_id)
        .with_only_columns(Conflict.id, Conflict.name, Organisation.id, Organisation.name)
        .distinct()
    ).all()
    issues = (
        sa.select(Issue.id, Issue.name, Conflict.name)
        .join(Conflict, Conflict.id == Issue.conflict_id)
        .where(
            Issue.id.in_(
                sa.select(initiative_issue.c.issue_id).where(
                    initiative_issue.c.initiative_id.in_(public)
                )
            )
        )
        .order_by(Issue.name, Conflict.name)
    )
    if conflict_id is not None:
        issues = issues.where(Issue.conflict_id == conflict_id)
    return Choices(
        conflicts=_sorted({(row[0], row[1]) for row in pairs}),
        issues=tuple(
            Choice(i, name if conflict_id else f"{name} ({where})")
            for i, name, where in db.session.execute(issues).all()
        ),
        statuses=INITIATIVE_STATUSES,
        sponsors=_sorted({(row[2], row[3]) for row in pairs}),
    )


def _sorted(pairs: Iterable[tuple[int, str]]) -> tuple[Choice, ...]:
    """Choices by name."""
    return tuple(Choice(i, name) for i, name in sorted(pairs, key=lambda p: (p[1], p[0])))


def _matching(filters: Filters) -> sa.Select[Initiative]:
    """The SELECT of public initiatives matching the filters, through the one policy."""
    return visible_matching(ANONYMOUS, filters.as_query())


def _named(statement: sa.Select[Initiative]) -> sa.Select[Initiative, str, str]:
    """Add the sponsor's and the conflict's names, and load issues and regions."""
    return (
        statement.join(Organisation, Organisation.id == Initiative.sponsor_id)
        .join(Conflict, Conflict.id == Initiative.conflict_id)
        .add_columns(Organisation.name, Conflict.name)
        .options(selectinload(Initiative.issues), selectinload(Initiative.regions))
    )


def _present(row: Initiative, sponsor: str, conflict: str) -> PublicInitiative:
    """Copy only the public fields, with names, so a template cannot reach anything else."""
    return PublicInitiative(
        id=row.id,
        title=row.title,
        sponsor=sponsor,
        conflict=conflict,
        status=row.status,
        start_date=row.start_date,
        end_date=row.end_date,
        track=row.track,
        mode=row.mode,
        issues=tuple(issue.name for issue in row.issues),
        regions=tuple(region.name for region in row.regions),
    )
