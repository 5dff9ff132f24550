"""Add people to initiatives and remove them."""

from __future__ import annotations

import sqlalchemy as sa

from ..errors import Invalid, StateConflict
from ..models import Participation, Party, Person, TransferChannel
from ..policy import Actor
from . import audit, people
from .initiatives import editable
from .inputs.people import ParticipationInput, PersonInput, RoleInput
from .unit import get_or_404, service, session, touch_conflicts


@service
def create(actor: Actor, initiative_id: int, data: ParticipationInput) -> Participation:
    """Add a person of the sponsor's organisation to an initiative, once."""
    initiative = editable(actor, initiative_id)
    person = session().get(Person, data.person_id)
    if person is None or person.organisation_id != initiative.sponsor_id:
        raise Invalid.field(
            "person_id", "Choose a person registered by the sponsoring organisation."
        )
    if data.party_id is not None:
        party = session().get(Party, data.party_id)
        if party is None or party.conflict_id != initiative.conflict_id:
            raise Invalid.field("party_id", "The party must belong to the initiative's conflict.")
    already = session().scalar(
        sa.select(Participation.id).filter_by(initiative_id=initiative.id, person_id=person.id)
    )
    if already is not None:
        raise Invalid.field("person_id", "This person already takes part in this initiative.")
    start, end = data.start_date, data.end_date
    if start is not None and end is not None and start > end:
        raise Invalid.field("end_date", "The end date must not be before the start date.")
    participation = Participation(
        initiative_id=initiative.id,
        person_id=person.id,
        role=data.role,
        party_id=data.party_id,
        start_date=start,
        end_date=end,
    )
    session().add(participation)
    session().flush()
    touch_conflicts([initiative.conflict_id])
    audit.record(
        actor,
        "participation.create",
        "participation",
        participation.id,
        {"initiative_id": initiative.id, "person_id": person.id},
    )
    return participation


@service
def register_and_add(
    actor: Actor, initiative_id: int, person: PersonInput, role: RoleInput
) -> Participation:
    """Register a new person and add them in one unit of work, so a refusal leaves no
    stray person."""
    created = people.create(actor, person)
    added = ParticipationInput(
        person_id=created.id,
        role=role.role,
        party_id=role.party_id,
        start_date=role.start_date,
        end_date=role.end_date,
    )
    return create(actor, initiative_id, added)


@service
def delete(actor: Actor, participation_id: int) -> None:
    """Remove a person from an initiative; refused while a channel runs through them."""
    participation = get_or_404(Participation, participation_id)
    initiative = editable(actor, participation.initiative_id)
    carries = session().scalar(
        sa.select(TransferChannel.id).filter_by(
            initiative_id=initiative.id, via_person_id=participation.person_id
        )
    )
    if carries is not None:
        raise StateConflict(
            "A channel to Track One runs through this person; delete the channel first."
        )
    session().delete(participation)
    session().flush()
    touch_conflicts([initiative.conflict_id])
    audit.record(
        actor,
        "participation.delete",
        "participation",
        participation_id,
        {"initiative_id": initiative.id},
    )
