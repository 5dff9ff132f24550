"""Read people and participation rows as a reader may see them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa

from ..extensions import db
from ..identity import data_ring, decrypt, fingerprint, match_ring, name_skeleton
from ..keyring import KeyRing
from ..models import Initiative, Participation, Person
from ..policy import Actor
from .engagement import ParticipationRecord
from .paging import Listing


@dataclass(frozen=True, slots=True)
class OwnPersonRecord:
    """A person of the reader's own organisation, with the name (owners read names)."""

    id: int
    created_at: datetime
    updated_at: datetime
    version: int
    organisation_id: int
    alias: str
    birth_year: int | None
    gender: str
    sector: str
    proximity: int
    identity_visibility: str
    full_name: str
    designated_affiliation: str | None

    def values(self) -> dict[str, Any]:
        """Return the fields by name, as a form shows them."""
        return asdict(self)


@dataclass(frozen=True, slots=True)
class PresentedParticipation:
    """A person's part in an initiative with the person's alias, sector and proximity.

    `full_name` is None unless the reader may read it; `hidden` then names it, so the
    API leaves the key out rather than writing null.
    """

    id: int
    created_at: datetime
    updated_at: datetime
    initiative_id: int
    person_id: int
    role: str
    party_id: int | None
    alias: str
    sector: str
    proximity: int
    start_date: date | None
    end_date: date | None
    full_name: str | None = None
    hidden: frozenset[str] = field(default=frozenset())


def own_people_query(actor: Actor) -> sa.Select[Any]:
    """Return the SELECT of the people of the actor's organisation."""
    return (
        sa.select(Person)
        .where(Person.organisation_id == actor.organisation_id)
        .order_by(Person.alias)
    )


def present_own(people: Sequence[Person]) -> list[OwnPersonRecord]:
    """Return the organisation's own people with their names decrypted (owners read names)."""
    ring = data_ring()
    return [_own_record(ring, person) for person in people]


def _own_record(ring: KeyRing, person: Person) -> OwnPersonRecord:
    affiliation = person.designated_affiliation_encrypted
    return OwnPersonRecord(
        id=person.id,
        created_at=person.created_at,
        updated_at=person.updated_at,
        version=person.version,
        organisation_id=person.organisation_id,
        alias=person.alias,
        birth_year=person.birth_year,
        gender=person.gender,
        sector=person.sector,
        proximity=person.proximity,
        identity_visibility=person.identity_visibility,
        full_name=decrypt(ring, person.full_name_encrypted, "person.full_name"),
        designated_affiliation=(
            decrypt(ring, affiliation, "person.designated_affiliation") if affiliation else None
        ),
    )


def own_people_listing(actor: Actor) -> Listing[Person, OwnPersonRecord]:
    """Return the people of the actor's organisation, to page, with their names."""
    return Listing(own_people_query(actor), present_own)


def present_participations(
    initiative_id: int,
    rows: Sequence[Participation | ParticipationRecord],
    names: dict[int, str],
) -> list[PresentedParticipation]:
    """Return participation rows with alias, sector and proximity, and a name where allowed.

    Dates left out at registration read as the initiative's.
    `names` maps person ids to the full names the actor may read (see
    services.identities.read_full_names, which audits reads by outsiders).
    """
    # Already in the session when the caller read the initiative: no second query then.
    initiative = db.session.get_one(Initiative, initiative_id)
    people = {
        person.id: person
        for person in db.session.scalars(
            sa.select(Person).where(Person.id.in_({row.person_id for row in rows}))
        )
    }
    return [
        PresentedParticipation(
            id=row.id,
            created_at=row.created_at,
            updated_at=row.updated_at,
            initiative_id=row.initiative_id,
            person_id=row.person_id,
            role=row.role,
            party_id=row.party_id,
            alias=people[row.person_id].alias,
            sector=people[row.person_id].sector,
            proximity=people[row.person_id].proximity,
            start_date=row.start_date or initiative.start_date,
            end_date=row.end_date or initiative.end_date,
            full_name=names.get(row.person_id),
            hidden=frozenset() if row.person_id in names else frozenset({"full_name"}),
        )
        for row in rows
    ]


def same_skeleton(actor: Actor, name: str, except_id: int | None = None) -> list[str]:
    """Return the aliases of the actor's organisation's records whose name has this skeleton.

    Only the organisation's own records are compared (never another's: that would tell
    whom other organisations registered). Fingerprints under every match key count, so
    records written before a key rotation are found too.
    """
    if not name.strip() or actor.organisation_id is None:
        return []
    prints = [fingerprint(KeyRing((key,)), name) for key in match_ring().keys]
    statement = sa.select(Person.alias).where(
        Person.organisation_id == actor.organisation_id, Person.name_fingerprint.in_(prints)
    )
    if except_id is not None:
        statement = statement.where(Person.id != except_id)
    return list(db.session.scalars(statement.order_by(Person.alias)))


def search_own(actor: Actor, query: str) -> list[OwnPersonRecord]:
    """Return the organisation's people whose alias or full name contains the query.

    Names are decrypted here, for the owning organisation only, and never logged; a
    name also matches when its skeleton equals the query's ("Muhammad" finds "Mohamed").
    """
    wanted = query.strip().casefold()
    rows = present_own(db.session.scalars(own_people_query(actor)).all())
    if not wanted:
        return rows
    skeleton = name_skeleton(query)
    skeleton = skeleton if len(skeleton.replace(" ", "")) >= 3 else ""  # "m" would match most
    return [
        row
        for row in rows
        if wanted in row.alias.casefold()
        or wanted in row.full_name.casefold()
        or (skeleton and skeleton in name_skeleton(row.full_name))
    ]


def initiative_counts(actor: Actor) -> dict[int, int]:
    """Return, for each of the reader's organisation's people in any initiative, in how many."""
    statement = (
        sa.select(Participation.person_id, sa.func.count())
        .join(Person, Person.id == Participation.person_id)
        .where(Person.organisation_id == actor.organisation_id)
        .group_by(Participation.person_id)
    )
    return {person_id: count for person_id, count in db.session.execute(statement)}


def own_people(actor: Actor) -> list[OwnPersonRecord]:
    """Return every person of the reader's organisation, with names (owners read names)."""
    return present_own(list(db.session.scalars(own_people_query(actor))))


def initiative_titles(actor: Actor, person_id: int) -> list[str]:
    """Return the titles of the initiatives one of the reader's organisation's people is in."""
    statement = (
        sa.select(Initiative.title)
        .join(Participation, Participation.initiative_id == Initiative.id)
        .join(Person, Person.id == Participation.person_id)
        .where(Participation.person_id == person_id)
        .where(Person.organisation_id == actor.organisation_id)
        .order_by(Initiative.title)
    )
    return list(db.session.scalars(statement))
