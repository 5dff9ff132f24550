"""Read people and participation rows as a reader may see them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa

from ..extensions import db
from ..identity import data_ring, decrypt
from ..models import Initiative, Participation, Person
from ..policy import Actor

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


def present_participations(
    initiative: Initiative, rows: Sequence[Participation], names: dict[int, str]
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
