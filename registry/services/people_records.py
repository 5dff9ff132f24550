"""Delete and merge an organisation's person records (SPEC 2, "Person: deleting and merging").

Both keep participants' names out of the audit log: events hold ids only.
"""

from __future__ import annotations

import sqlalchemy as sa

from ..errors import Invalid, PermissionDenied, StateConflict
from ..models import Participation, Person, TransferChannel
from ..policy import Actor, can_edit_for
from . import audit
from .people import owned
from .unit import service, session, touch_conflicts


def _editable(actor: Actor, person_id: int) -> Person:
    """Return a person the actor may edit: another organisation's reads as missing (404)."""
    person = owned(actor, person_id)
    if not can_edit_for(actor, person.organisation_id):
        raise PermissionDenied("Editors of the person's organisation delete and merge records.")
    return person


def _carried_channels(person_id: int) -> list[TransferChannel]:
    statement = sa.select(TransferChannel).where(TransferChannel.via_person_id == person_id)
    return list(session().scalars(statement.order_by(TransferChannel.id)))


def _participations(person_id: int) -> list[Participation]:
    statement = sa.select(Participation).where(Participation.person_id == person_id)
    return list(session().scalars(statement.order_by(Participation.id)))


def erase(actor: Actor, person: Person) -> list[int]:
    """Delete a person and its participations in the caller's transaction; return those ids.

    Refused (409) while a channel to Track One runs through the person. Private:
    it neither checks permission nor commits, so `delete` and the purge compose it.
    """
    if _carried_channels(person.id):
        raise StateConflict(
            "A channel to Track One runs through this person; delete the channel first."
        )
    removed = [row.id for row in _participations(person.id)]
    session().execute(sa.delete(Participation).where(Participation.person_id == person.id))
    session().delete(person)
    session().flush()
    touch_conflicts()
    audit.record(actor, "person.delete", "person", person.id, {"participation_ids": removed})
    return removed


@service
def delete(actor: Actor, person_id: int) -> None:
    """Delete a person of the actor's organisation and its participations (editors).

    A 404 for another organisation's person, a 403 for a viewer, a 409 while a
    channel runs through the person.
    """
    erase(actor, _editable(actor, person_id))


@service
def merge(actor: Actor, person_id: int, from_person_id: int) -> Person:
    """Move the second record's participations to the first, then delete the second.

    Both records must be the actor's organisation's (another's reads as 404); a 409
    where both take part in one initiative. Channels carried by the second record
    move with its participations, so nothing is left pointing at it.
    """
    into = _editable(actor, person_id)
    if from_person_id == person_id:
        raise Invalid.field("from_person_id", "Choose another record to merge into this one.")
    source = _editable(actor, from_person_id)
    moving = _participations(source.id)
    shared = (
        session()
        .scalars(
            sa.select(Participation.initiative_id).where(
                Participation.person_id == into.id,
                Participation.initiative_id.in_([row.initiative_id for row in moving]),
            )
        )
        .all()
    )
    if shared:
        raise StateConflict(
            "Both records take part in one initiative; remove one of the two "
            "participations before merging."
        )
    for row in moving:
        row.person_id = into.id
    for channel in _carried_channels(source.id):
        channel.via_person_id = into.id
    session().flush()
    session().delete(source)
    session().flush()
    touch_conflicts()
    audit.record(
        actor,
        "person.merge",
        "person",
        into.id,
        {"from_person_id": source.id, "participation_ids": [row.id for row in moving]},
    )
    return into
