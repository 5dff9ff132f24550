"""Read people and participation rows as a reader may see them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa

from ..extensions import db
from ..identity import data_ring, decrypt, fingerprint, match_ring, name_skeleton
from ..keyring import KeyRing
from ..models import Initiative, Participation, Person
from ..policy import Actor
from .engagement import ParticipationRecord
from .paging import Listing

PERSON_FIELDS = (
    "id",
    "created_at",
    "updated_at",
    "version",
    "organisation_id",
    "alias",
    "birth_year",
    "gender",
    "sector",
    "proximity",
    "identity_visibility",
)
PARTICIPATION_FIELDS = (
    "id",
    "created_at",
    "updated_at",
    "initiative_id",
    "person_id",
    "role",
    "party_id",
)


def own_people_query(actor: Actor) -> sa.Select[Any]:
    """Return the SELECT of the people of the actor's organisation."""
    return (
        sa.select(Person)
        .where(Person.organisation_id == actor.organisation_id)
        .order_by(Person.alias)
    )


def present_own(people: Sequence[Person]) -> list[dict[str, Any]]:
    """Return the organisation's own people with their names decrypted (owners read names)."""
    ring = data_ring()
    rows = []
    for person in people:
        row = {name: getattr(person, name) for name in PERSON_FIELDS}
        row["full_name"] = decrypt(ring, person.full_name_encrypted, "person.full_name")
        affiliation = person.designated_affiliation_encrypted
        row["designated_affiliation"] = (
            decrypt(ring, affiliation, "person.designated_affiliation") if affiliation else None
        )
        rows.append(row)
    return rows


def own_people_listing(actor: Actor) -> Listing[Person, dict[str, Any]]:
    """Return the people of the actor's organisation, to page, with their names."""
    return Listing(own_people_query(actor), present_own)


def present_participations(
    initiative: Initiative,
    rows: Sequence[Participation | ParticipationRecord],
    names: dict[int, str],
) -> list[dict[str, Any]]:
    """Return participation rows with alias, sector and proximity, and a name where allowed.

    Dates left out at registration read as the initiative's.
    `names` maps person ids to the full names the actor may read (see
    services.identities.read_full_names, which audits reads by outsiders).
    """
    people = {
        person.id: person
        for person in db.session.scalars(
            sa.select(Person).where(Person.id.in_({row.person_id for row in rows}))
        )
    }
    result = []
    for row in rows:
        person = people[row.person_id]
        item = {name: getattr(row, name) for name in PARTICIPATION_FIELDS}
        item.update(alias=person.alias, sector=person.sector, proximity=person.proximity)
        item["start_date"] = row.start_date or initiative.start_date
        item["end_date"] = row.end_date or initiative.end_date
        if row.person_id in names:
            item["full_name"] = names[row.person_id]
        result.append(item)
    return result


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


def search_own(actor: Actor, query: str) -> list[dict[str, Any]]:
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
        if wanted in row["alias"].casefold()
        or wanted in row["full_name"].casefold()
        or (skeleton and skeleton in name_skeleton(row["full_name"]))
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


def own_people(actor: Actor) -> list[dict[str, Any]]:
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
