"""What the initiative page shows a reader: the fields, rows and names the policy lets them see."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from .. import policy
from ..extensions import db
from ..models import (
    Conflict,
    Initiative,
    Organisation,
    Participation,
    Party,
    TrackOneBody,
    TransferChannel,
    TransferEvent,
)
from ..policy import Access, Actor
from ..readers import initiatives as reader
from ..readers import people as people_reader
from ..services import identities


@dataclass
class InitiativePage:
    """Everything the initiative page renders, already filtered for its reader."""

    initiative: Initiative
    access: Access
    fields: dict[str, Any]
    conflict: Conflict
    organisations: dict[int, str]
    parties: dict[int, str]
    bodies: dict[int, TrackOneBody]
    participants: list[dict[str, Any]] = field(default_factory=list)
    channels: list[TransferChannel] = field(default_factory=list)
    transfers: list[TransferEvent] = field(default_factory=list)

    @property
    def sees_rows(self) -> bool:
        """Tell whether the reader sees the participation, channel and transfer rows."""
        return self.access >= Access.EVERYTHING

    @property
    def channel_labels(self) -> dict[int, str]:
        """Map the channels' ids to the Track One body each reaches."""
        return {
            channel.id: self.bodies[channel.track_one_body_id].name for channel in self.channels
        }

    @property
    def aliases(self) -> dict[int, str]:
        """Map the participants' person ids to how the page names them."""
        return {row["person_id"]: _shown_name(row) for row in self.participants}


def _shown_name(row: dict[str, Any]) -> str:
    name = row.get("full_name")
    return f"{row['alias']} ({name})" if name else row["alias"]


def _participants(actor: Actor, initiative: Initiative) -> list[dict[str, Any]]:
    """Return participation rows with names only where allowed; outsiders' reads are audited."""
    rows = db.session.scalars(
        sa.select(Participation)
        .where(Participation.initiative_id == initiative.id)
        .order_by(Participation.id)
    ).all()
    names = identities.read_full_names(actor, [row.person_id for row in rows])
    return people_reader.present_participations(initiative, rows, names)


def _names(model: type[Any], ids: set[int]) -> dict[int, str]:
    statement = sa.select(model.id, model.name).where(model.id.in_(sorted(ids)))
    return {row.id: row.name for row in db.session.execute(statement)}


def build(actor: Actor, initiative: Initiative) -> InitiativePage:
    """Assemble the page in a fixed number of queries, whatever the number of rows."""
    access = policy.initiative_access(actor, initiative)
    # The name read is a service call that ends the read transaction: make it first.
    participants = _participants(actor, initiative) if access >= Access.EVERYTHING else []
    fields = reader.present(actor, [initiative])[0]
    conflict_id = initiative.conflict_id
    parties = sa.select(Party.id, Party.name).filter_by(conflict_id=conflict_id)
    bodies = sa.select(TrackOneBody).filter_by(conflict_id=conflict_id)
    page = InitiativePage(
        initiative=initiative,
        access=access,
        fields=fields,
        conflict=db.session.get_one(Conflict, conflict_id),
        organisations=_names(Organisation, {fields["sponsor_id"], *fields.get("funder_ids", [])}),
        parties={row.id: row.name for row in db.session.execute(parties)},
        bodies={body.id: body for body in db.session.scalars(bodies)},
        participants=participants,
    )
    if page.sees_rows:
        page.channels = channels_of(initiative.id)
        page.transfers = transfers_of(initiative.id)
    return page


def channels_of(initiative_id: int) -> list[TransferChannel]:
    """Return an initiative's channels to Track One, oldest first."""
    statement = sa.select(TransferChannel).filter_by(initiative_id=initiative_id)
    return list(db.session.scalars(statement.order_by(TransferChannel.id)))


def transfers_of(initiative_id: int) -> list[TransferEvent]:
    """Return an initiative's transfer events with their issues, newest first."""
    return list(
        db.session.scalars(
            sa.select(TransferEvent)
            .filter_by(initiative_id=initiative_id)
            .options(selectinload(TransferEvent.issues))
            .order_by(TransferEvent.delivered_on.desc(), TransferEvent.id.desc())
        )
    )
