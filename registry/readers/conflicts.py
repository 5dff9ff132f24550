"""Conflicts and their reference data (parties, issues, regions, Track One bodies) as pages
read them: every signed-in user reads a conflict's name, state and reference data."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol, TypeVar

import sqlalchemy as sa

from ..errors import NotFound
from ..extensions import db
from ..models import Conflict, Issue, Party, Region, TrackOneBody
from . import choices
from .paging import Listing, each


class ConflictFields(Protocol):
    """What the readers read of a conflict: a stored row and a `ConflictLine` both have it."""

    @property
    def id(self) -> int: ...
    @property
    def name(self) -> str: ...
    @property
    def summary(self) -> str | None: ...
    @property
    def countries(self) -> Sequence[str]: ...
    @property
    def track_one_status(self) -> str: ...
    @property
    def escalation_stage(self) -> str: ...
    @property
    def data_version(self) -> int: ...


@dataclass(frozen=True)
class ConflictLine:
    """A conflict as pages show it and as readers key their caches by (its data version)."""

    id: int
    slug: str
    name: str
    summary: str | None
    countries: tuple[str, ...]
    track_one_status: str
    escalation_stage: str
    version: int
    data_version: int
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class PartyLine:
    """A party to the conflict."""

    id: int
    conflict_id: int
    version: int
    name: str
    kind: str
    potential_spoiler: bool
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class IssueLine:
    """An issue in dispute."""

    id: int
    conflict_id: int
    version: int
    name: str
    description: str | None
    on_track_one_agenda: bool
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class RegionLine:
    """A region affected by the conflict."""

    id: int
    conflict_id: int
    version: int
    name: str
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class BodyLine:
    """A Track One body; no party means joint or third-party."""

    id: int
    conflict_id: int
    version: int
    name: str
    kind: str
    party_id: int | None
    created_at: datetime
    updated_at: datetime


ReferenceLine = PartyLine | IssueLine | RegionLine | BodyLine


@dataclass(frozen=True)
class ReferenceData:
    """A conflict's reference data, each kind by name."""

    party: tuple[PartyLine, ...]
    issue: tuple[IssueLine, ...]
    region: tuple[RegionLine, ...]
    track_one_body: tuple[BodyLine, ...]


def _line(record: Conflict) -> ConflictLine:
    return ConflictLine(
        id=record.id,
        slug=record.slug,
        name=record.name,
        summary=record.summary,
        countries=tuple(record.countries or ()),
        track_one_status=record.track_one_status,
        escalation_stage=record.escalation_stage,
        version=record.version,
        data_version=record.data_version,
        created_at=record.created_at,
        updated_at=record.updated_at,
    )


def conflict(conflict_id: int) -> ConflictLine:
    """Return one conflict, or raise NotFound."""
    record = db.session.get(Conflict, conflict_id)
    if record is None:
        raise NotFound()
    return _line(record)


def all_conflicts() -> list[ConflictLine]:
    """Return every conflict, by name."""
    return [_line(c) for c in db.session.scalars(sa.select(Conflict).order_by(Conflict.name))]


def conflicts_listing() -> Listing[Conflict, ConflictLine]:
    """Return every conflict, by name, to page."""
    return Listing(sa.select(Conflict).order_by(Conflict.name), each(_line))


def _stamps(r: Party | Issue | Region | TrackOneBody) -> tuple[datetime, datetime]:
    return r.created_at, r.updated_at


def _party(r: Party) -> PartyLine:
    return PartyLine(
        r.id, r.conflict_id, r.version, r.name, r.kind, r.potential_spoiler, *_stamps(r)
    )


def _issue(r: Issue) -> IssueLine:
    return IssueLine(
        r.id,
        r.conflict_id,
        r.version,
        r.name,
        r.description,
        r.on_track_one_agenda,
        *_stamps(r),
    )


def _region(r: Region) -> RegionLine:
    return RegionLine(r.id, r.conflict_id, r.version, r.name, *_stamps(r))


def _body(r: TrackOneBody) -> BodyLine:
    return BodyLine(r.id, r.conflict_id, r.version, r.name, r.kind, r.party_id, *_stamps(r))


def parties(conflict_id: int) -> tuple[PartyLine, ...]:
    """Return the conflict's parties, by name."""
    statement = sa.select(Party).where(Party.conflict_id == conflict_id).order_by(Party.name)
    return tuple(_party(r) for r in db.session.scalars(statement))


def reference_data(conflict_id: int) -> ReferenceData:
    """Return the conflict's parties, issues, regions and Track One bodies, each by name."""
    issues = sa.select(Issue).where(Issue.conflict_id == conflict_id).order_by(Issue.name)
    regions = sa.select(Region).where(Region.conflict_id == conflict_id).order_by(Region.name)
    bodies = (
        sa.select(TrackOneBody)
        .where(TrackOneBody.conflict_id == conflict_id)
        .order_by(TrackOneBody.name)
    )
    return ReferenceData(
        party=parties(conflict_id),
        issue=tuple(_issue(r) for r in db.session.scalars(issues)),
        region=tuple(_region(r) for r in db.session.scalars(regions)),
        track_one_body=tuple(_body(r) for r in db.session.scalars(bodies)),
    )


def reference_record(kind: str, record_id: int) -> ReferenceLine:
    """Return one party, issue, region or Track One body, or raise NotFound."""
    if kind == "party" and (party := db.session.get(Party, record_id)) is not None:
        return _party(party)
    if kind == "issue" and (issue := db.session.get(Issue, record_id)) is not None:
        return _issue(issue)
    if kind == "region" and (region := db.session.get(Region, record_id)) is not None:
        return _region(region)
    if kind == "track_one_body":
        return track_one_body(record_id)
    raise NotFound()


def track_one_body(body_id: int) -> BodyLine:
    """Return one Track One body, or raise NotFound."""
    body = db.session.get(TrackOneBody, body_id)
    if body is None:
        raise NotFound()
    return _body(body)


def reference_names(conflict_id: int) -> dict[str, dict[int, str]]:
    """Return the names of the conflict's reference data by id, by kind."""
    return {
        "issue": dict(choices.issues_of(conflict_id)),
        "party": dict(choices.parties_of(conflict_id)),
        "region": dict(choices.regions_of(conflict_id)),
        "track_one_body": dict(choices.track_one_bodies_of(conflict_id)),
    }


Record = TypeVar("Record", Party, Issue, Region, TrackOneBody)


def _of_conflict(model: type[Record], conflict_id: int) -> sa.Select[Record]:
    return sa.select(model).where(model.conflict_id == conflict_id).order_by(model.id)


def reference_listing(kind: str, conflict_id: int) -> Listing[Any, ReferenceLine]:
    """Return the conflict's records of one kind, by id, to page; NotFound for no conflict."""
    conflict(conflict_id)
    if kind == "party":
        return Listing(_of_conflict(Party, conflict_id), each(_party))
    if kind == "issue":
        return Listing(_of_conflict(Issue, conflict_id), each(_issue))
    if kind == "region":
        return Listing(_of_conflict(Region, conflict_id), each(_region))
    return Listing(_of_conflict(TrackOneBody, conflict_id), each(_body))
