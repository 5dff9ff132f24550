"""Build the analysis snapshot of one conflict from the database, in a fixed number of queries.

What goes in is decided by a `Scope`: which initiatives, whose people, and whether
people are matched across organisations (coordinators) or only within one
(everyone else, SPEC section 3). The analysis package never sees a name: people
enter as their group's smallest Person id and an opaque reference.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from ..analysis.engine import collector_paused
from ..analysis.matching import PersonRecord, match_people
from ..analysis.snapshot import (
    BodyFacts,
    ChannelFacts,
    ConflictFacts,
    DesignatedMatch,
    InitiativeFacts,
    IssueFacts,
    ParticipationFacts,
    PartyFacts,
    PersonFacts,
    RegionFacts,
    Snapshot,
)
from ..extensions import db
from ..identity import fingerprint, match_ring, opaque_ref
from ..models import (
    CoordinationLink,
    DesignatedEntity,
    Initiative,
    Issue,
    Organisation,
    Participation,
    Party,
    Person,
    Region,
    TrackOneBody,
    TransferChannel,
)
from ..models.initiative import initiative_funder, initiative_issue, initiative_region
from . import calendar_snapshot
from .conflicts import ConflictFields


@dataclass(frozen=True)
class Scope:
    """Which initiatives enter a snapshot, whose people, and how people are matched.

    `initiatives` and `people_of` are WHERE clauses on Initiative; `people_of` None
    means no participation enters (and channels enter without their carrier).
    """

    initiatives: sa.ColumnElement[bool]
    people_of: sa.ColumnElement[bool] | None
    match_across: bool


EVERYTHING = Scope(sa.true(), sa.true(), match_across=True)


def build(conflict: ConflictFields, scope: Scope = EVERYTHING) -> Snapshot:
    """Return the snapshot of a conflict as the scope allows.

    The cyclic garbage collector is paused meanwhile, as during a run: loading creates
    hundreds of thousands of small acyclic objects, and every collection they trigger
    would walk all those already made (loading 10,000 initiatives took 40 % longer).
    """
    with collector_paused():
        return _build(conflict, scope)


def _build(conflict: ConflictFields, scope: Scope) -> Snapshot:
    chosen = sa.select(Initiative.id).where(
        Initiative.conflict_id == conflict.id, scope.initiatives
    )
    with_people = (
        sa.select(Initiative.id).where(Initiative.conflict_id == conflict.id, scope.people_of)
        if scope.people_of is not None
        else None
    )
    rows = _participation_rows(with_people)
    people, person_of = _people(rows, scope.match_across, with_people)
    return Snapshot(
        conflict=ConflictFacts(conflict.id, conflict.track_one_status, conflict.escalation_stage),
        parties=tuple(
            PartyFacts(p.id, p.potential_spoiler) for p in _reference(Party, conflict.id)
        ),
        issues=tuple(
            IssueFacts(i.id, i.on_track_one_agenda) for i in _reference(Issue, conflict.id)
        ),
        regions=tuple(RegionFacts(r.id) for r in _reference(Region, conflict.id)),
        bodies=tuple(BodyFacts(b.id, b.party_id) for b in _reference(TrackOneBody, conflict.id)),
        initiatives=tuple(_initiatives(chosen)),
        participations=tuple(
            ParticipationFacts(
                row.initiative_id,
                person_of[row.person_id],
                row.person_id,
                row.role,
                row.party_id,
                row.proximity,
            )
            for row in rows
        ),
        channels=tuple(_channels(chosen, person_of, carriers=with_people is not None)),
        people=people,
        organisation_jurisdictions=_jurisdictions(),
        agreed_links=_agreed_links(conflict.id),
        rounds=tuple(calendar_snapshot.rounds_of(conflict.id)),
        transfers=tuple(calendar_snapshot.transfers_of(chosen)),
    )


def _reference(model: type[Any], conflict_id: int) -> list[Any]:
    statement = sa.select(model).where(model.conflict_id == conflict_id).order_by(model.id)
    return list(db.session.scalars(statement))


def _initiatives(chosen: sa.Select[Any]) -> list[InitiativeFacts]:
    """Load the chosen initiatives with their lists and latest update (5 queries)."""
    lists = {
        name: _grouped(table, column, chosen)
        for name, (table, column) in {
            "funder_ids": (initiative_funder, "organisation_id"),
            "issue_ids": (initiative_issue, "issue_id"),
            "region_ids": (initiative_region, "region_id"),
        }.items()
    }
    touched = _latest_updates(chosen)
    # Columns rather than entities: the identity map and instance state cost more than the rows.
    statement = (
        sa.select(
            Initiative.id,
            Initiative.sponsor_id,
            _plain(Initiative.track),
            _plain(Initiative.mode),
            _plain(Initiative.status),
            Initiative.start_date,
            Initiative.end_date,
            Initiative.intra_party,
            Initiative.updated_at,
        )
        .where(Initiative.id.in_(chosen))
        .order_by(Initiative.id)
    )
    facts = []
    for i in db.session.execute(statement):
        facts.append(
            InitiativeFacts(
                id=i.id,
                sponsor_id=i.sponsor_id,
                track=i.track,
                mode=i.mode,
                status=i.status,
                start_date=i.start_date,
                end_date=i.end_date,
                intra_party=i.intra_party,
                funder_ids=frozenset(lists["funder_ids"].get(i.id, ())),
                issue_ids=frozenset(lists["issue_ids"].get(i.id, ())),
                region_ids=frozenset(lists["region_ids"].get(i.id, ())),
                last_updated=max(i.updated_at, touched.get(i.id, i.updated_at)),
            )
        )
    return facts


def _plain(column: Any) -> sa.ColumnElement[Any]:
    """Read an enum column as the string it holds, skipping the enum's per-value lookup."""
    return sa.type_coerce(column, sa.String).label(column.key)


def _grouped(table: sa.Table, column: str, chosen: sa.Select[Any]) -> dict[int, list[int]]:
    grouped: dict[int, list[int]] = defaultdict(list)
    statement = sa.select(table.c.initiative_id, table.c[column]).where(
        table.c.initiative_id.in_(chosen)
    )
    for initiative_id, value in db.session.execute(statement):
        grouped[initiative_id].append(value)
    return grouped


def _latest_updates(chosen: sa.Select[Any]) -> dict[int, datetime]:
    """Return each initiative's latest participation or channel update (no people read)."""
    latest: dict[int, datetime] = {}
    for model in (Participation, TransferChannel):
        statement = (
            sa.select(model.initiative_id, sa.func.max(model.updated_at))
            .where(model.initiative_id.in_(chosen))
            .group_by(model.initiative_id)
        )
        for initiative_id, moment in db.session.execute(statement):
            moment = _aware(moment)
            if initiative_id not in latest or moment > latest[initiative_id]:
                latest[initiative_id] = moment
    return latest


def _aware(moment: datetime | str) -> datetime:
    """Aggregates bypass the column type on SQLite: parse and tag them as UTC."""
    from datetime import UTC

    parsed = datetime.fromisoformat(moment) if isinstance(moment, str) else moment
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _participation_rows(with_people: sa.Select[Any] | None) -> list[Any]:
    if with_people is None:
        return []
    statement = (
        sa.select(
            Participation.initiative_id,
            Participation.person_id,
            _plain(Participation.role),
            Participation.party_id,
            Person.organisation_id,
            Person.name_fingerprint,
            Person.birth_year,
            Person.alias,
            _plain(Person.gender),
            Person.proximity,
            Person.affiliation_fingerprint,
        )
        .join(Person, Person.id == Participation.person_id)
        .where(Participation.initiative_id.in_(with_people))
        .order_by(Participation.initiative_id, Participation.person_id)
    )
    return list(db.session.execute(statement))


def _people(
    rows: list[Any], match_across: bool, with_people: sa.Select[Any] | None
) -> tuple[dict[int, PersonFacts], dict[int, int]]:
    """Group person records into people and describe each one (aliases, never names)."""
    records = {row.person_id: row for row in rows}
    person_of = _match(records, match_across, with_people)
    designated = _designated_by_fingerprint()
    ring = match_ring()
    members: dict[int, list[Any]] = defaultdict(list)
    for record_id in sorted(records):
        members[person_of[record_id]].append(records[record_id])
    people = {}
    for key, group in members.items():
        matches = {
            match
            for record in group
            if record.affiliation_fingerprint in designated
            for match in designated[record.affiliation_fingerprint]
        }
        first = group[0]
        people[key] = PersonFacts(
            key=key,
            ref=opaque_ref(ring, "person", key),
            alias=first.alias,
            gender=first.gender,
            designated=tuple(sorted(matches, key=lambda m: m.entity_id)) if matches else (),
        )
    return people, person_of


def _match(
    records: dict[int, Any], match_across: bool, with_people: sa.Select[Any] | None
) -> dict[int, int]:
    """Map record ids to their person: across organisations by fingerprint, or each alone."""
    if not match_across:
        return {record_id: record_id for record_id in records}
    # Every record sharing a fingerprint counts, so birth years are judged on all of them.
    # The fingerprints are those of the loaded records, selected again by the database
    # rather than sent back as tens of thousands of parameters.
    loaded = Participation.initiative_id.in_(with_people) if with_people is not None else sa.false()
    fingerprints = (
        sa.select(Person.name_fingerprint)
        .join(Participation, Participation.person_id == Person.id)
        .where(loaded)
    )
    statement = sa.select(
        Person.id, Person.organisation_id, Person.name_fingerprint, Person.birth_year
    ).where(Person.name_fingerprint.in_(fingerprints))
    everyone = [PersonRecord(*row) for row in db.session.execute(statement)]
    grouped = match_people(everyone)
    return {record_id: grouped.get(record_id, record_id) for record_id in records}


def _designated_by_fingerprint() -> dict[str, list[DesignatedMatch]]:
    """Fingerprint every designated name and alias with the current match key."""
    ring = match_ring()
    found: dict[str, list[DesignatedMatch]] = defaultdict(list)
    for entity in db.session.scalars(sa.select(DesignatedEntity).order_by(DesignatedEntity.id)):
        match = DesignatedMatch(entity.id, entity.list_name, frozenset(entity.jurisdictions))
        for name in {entity.name, *entity.aliases}:
            found[fingerprint(ring, name)].append(match)
    return found


def _channels(
    chosen: sa.Select[Any], person_of: dict[int, int], carriers: bool
) -> list[ChannelFacts]:
    statement = (
        sa.select(
            TransferChannel.initiative_id,
            TransferChannel.track_one_body_id,
            TransferChannel.via_person_id,
        )
        .where(TransferChannel.initiative_id.in_(chosen))
        .order_by(TransferChannel.id)
    )
    return [
        ChannelFacts(
            initiative_id,
            body_id,
            person_of.get(via, via) if carriers and via is not None else None,
        )
        for initiative_id, body_id, via in db.session.execute(statement)
    ]


def _jurisdictions() -> dict[int, frozenset[str]]:
    statement = sa.select(Organisation.id, Organisation.jurisdictions)
    return {org_id: frozenset(codes or ()) for org_id, codes in db.session.execute(statement)}


def _agreed_links(conflict_id: int) -> frozenset[frozenset[int]]:
    statement = (
        sa.select(CoordinationLink.initiative_a_id, CoordinationLink.initiative_b_id)
        .join(Initiative, Initiative.id == CoordinationLink.initiative_a_id)
        .where(Initiative.conflict_id == conflict_id, CoordinationLink.status == "agreed")
    )
    return frozenset(frozenset(pair) for pair in db.session.execute(statement))
