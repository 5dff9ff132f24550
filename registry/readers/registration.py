"""Steps 2 to 4 of registering an initiative, as its editor reads them: who takes part, the
channels to Track One and the transfers through them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from .. import policy
from ..errors import NotFound
from ..extensions import db
from ..models import Initiative, Participation, Person, TransferChannel
from ..policy import Access, Actor
from . import calendar, choices
from .choices import Choice
from .initiative_rows import (
    ChannelLine,
    ParticipantLine,
    TransferLine,
    channels_of,
    participations_of,
    transfers_of,
)
from .initiative_scope import Scope, editable_scope
from .people import own_people_query, present_own


@dataclass(frozen=True)
class OwnPerson:
    """One of the editor's organisation's people, with the name its owner reads."""

    id: int
    alias: str
    full_name: str
    sector: str
    proximity: int

    @property
    def label(self) -> str:
        """Name the person in a picker: "alias: full name"."""
        return f"{self.alias}: {self.full_name}"


@dataclass(frozen=True)
class ParticipantsStep:
    """Step 2: who takes part, and the organisation's people and the conflict's parties."""

    initiative: Scope
    rows: tuple[ParticipantLine, ...]
    people: tuple[OwnPerson, ...]  # every person of the organisation, by alias
    parties: tuple[Choice, ...]


@dataclass(frozen=True)
class ChannelsStep:
    """Step 3: the channels, the conflict's Track One bodies and who may carry a channel."""

    initiative: Scope
    rows: tuple[ChannelLine, ...]
    bodies: tuple[Choice, ...]
    carriers: tuple[OwnPerson, ...]  # the organisation's people taking part, by alias


@dataclass(frozen=True)
class TransfersStep:
    """Step 4: the transfers, and the channels, issues and rounds a new one may name."""

    initiative: Scope
    transfers: tuple[TransferLine, ...]
    channels: tuple[ChannelLine, ...]
    bodies: Mapping[int, Choice]
    issues: tuple[Choice, ...]
    round_groups: list[tuple[str, list[tuple[str, str]]]]


def _own(statement: sa.Select[Any]) -> tuple[OwnPerson, ...]:
    """Read people of the organisation with their names (owners read names)."""
    return tuple(
        OwnPerson(
            id=row.id,
            alias=row.alias,
            full_name=row.full_name,
            sector=row.sector,
            proximity=row.proximity,
        )
        for row in present_own(db.session.scalars(statement).all())
    )


def participants_step(actor: Actor, initiative_id: int) -> ParticipantsStep:
    """Read step 2 of an initiative the actor edits (404 if hidden, 403 if only seen)."""
    scope = editable_scope(actor, initiative_id)
    initiative = db.session.get_one(Initiative, scope.id)
    return ParticipantsStep(
        initiative=scope,
        rows=participations_of(initiative),
        people=_own(own_people_query(actor)),
        parties=tuple(choices.parties_of(scope.conflict_id)),
    )


def channels_step(actor: Actor, initiative_id: int) -> ChannelsStep:
    """Read step 3 of an initiative the actor edits (404 if hidden, 403 if only seen)."""
    scope = editable_scope(actor, initiative_id)
    taking_part = sa.select(Participation.person_id).filter_by(initiative_id=scope.id)
    return ChannelsStep(
        initiative=scope,
        rows=channels_of(scope.id),
        bodies=tuple(choices.track_one_bodies_of(scope.conflict_id)),
        carriers=_own(own_people_query(actor).where(Person.id.in_(taking_part))),
    )


def transfers_step(actor: Actor, initiative_id: int) -> TransfersStep:
    """Read step 4 of an initiative the actor edits (404 if hidden, 403 if only seen)."""
    scope = editable_scope(actor, initiative_id)
    channels = channels_of(scope.id)
    body_ids = {channel.track_one_body_id for channel in channels}
    return TransfersStep(
        initiative=scope,
        transfers=transfers_of(scope.id),
        channels=channels,
        bodies={body.id: body for body in choices.track_one_bodies_of(scope.conflict_id)},
        issues=tuple(choices.issues_of(scope.conflict_id)),
        round_groups=calendar.round_choices(scope.conflict_id, body_ids),
    )


def _initiative_of(actor: Actor, model: Any, row_id: int) -> int:
    """Return the initiative a row hangs from, if the actor sees it; 404 as if missing."""
    initiative = db.session.scalar(
        sa.select(Initiative)
        .join(model, model.initiative_id == Initiative.id)
        .where(model.id == row_id)
    )
    if initiative is None or policy.initiative_access(actor, initiative) == Access.NOTHING:
        raise NotFound()
    return initiative.id


def participation_initiative(actor: Actor, participation_id: int) -> int:
    """Return the initiative of a participation the actor sees (404 otherwise)."""
    return _initiative_of(actor, Participation, participation_id)


def channel_initiative(actor: Actor, channel_id: int) -> int:
    """Return the initiative of a channel the actor sees (404 otherwise)."""
    return _initiative_of(actor, TransferChannel, channel_id)
