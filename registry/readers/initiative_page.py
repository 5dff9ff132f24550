"""What the initiative page shows a reader: the fields, rows and names the policy lets them see."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime

from ..models import Initiative
from ..policy import Access, Actor
from . import choices
from .choices import Choice
from .initiative_rows import (
    ChannelLine,
    ParticipantLine,
    TransferLine,
    channels_of,
    participations_of,
    transfers_of,
)
from .initiatives import PresentedInitiative, visible_row


@dataclass(frozen=True)
class Shown:
    """What every reader who sees the initiative reads of it (SPEC's public fields)."""

    id: int
    title: str
    conflict_id: int
    status: str
    track: str
    mode: str
    start_date: date | None
    end_date: date | None
    updated_at: datetime
    issues: tuple[Choice, ...]
    regions: tuple[Choice, ...]


@dataclass(frozen=True)
class Counts:
    """How many take part, by party (id) and by sector, for readers who may not see who."""

    by_party: tuple[tuple[int, int], ...]
    by_sector: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class Details:
    """The fields as `readers.initiatives.present` lets the reader see them: None when hidden."""

    sponsor_id: int
    summary: str | None = None
    confidentiality: str | None = None
    funder_ids: tuple[int, ...] | None = None
    method: str | None = None
    intra_party: bool | None = None
    external_id: str | None = None
    track_one_body_ids: tuple[int, ...] | None = None
    participant_counts: Counts | None = None


@dataclass(frozen=True)
class InitiativePage:
    """Everything the initiative page renders, already filtered for its reader."""

    initiative: Shown
    access: Access
    fields: Details
    conflict: Choice
    organisations: Mapping[int, str]
    parties: Mapping[int, str]
    bodies: Mapping[int, Choice]
    participants: tuple[ParticipantLine, ...] = ()
    channels: tuple[ChannelLine, ...] = ()
    transfers: tuple[TransferLine, ...] = ()

    @property
    def sees_rows(self) -> bool:
        """Tell whether the reader sees the participation, channel and transfer rows."""
        return self.access >= Access.EVERYTHING

    @property
    def channel_labels(self) -> dict[int, str]:
        """Map the channels' ids to the Track One body each reaches."""
        return {c.id: self.bodies[c.track_one_body_id].name for c in self.channels}

    @property
    def aliases(self) -> dict[int, str]:
        """Map the participants' person ids to how the page names them."""
        return {row.person_id: _shown_name(row) for row in self.participants}

    @property
    def person_ids(self) -> list[int]:
        """The people taking part, whose names the reader may ask to read."""
        return [row.person_id for row in self.participants]

    def named(self, names: Mapping[int, str]) -> InitiativePage:
        """Return the page with the participants' names the reader may read (see
        `services.identities.read_full_names`, which audits reads by outsiders)."""
        rows = tuple(replace(row, full_name=names.get(row.person_id)) for row in self.participants)
        return replace(self, participants=rows)


def _shown_name(row: ParticipantLine) -> str:
    return f"{row.alias} ({row.full_name})" if row.full_name else row.alias


def _shown(initiative: Initiative) -> Shown:
    return Shown(
        id=initiative.id,
        title=initiative.title,
        conflict_id=initiative.conflict_id,
        status=initiative.status,
        track=initiative.track,
        mode=initiative.mode,
        start_date=initiative.start_date,
        end_date=initiative.end_date,
        updated_at=initiative.updated_at,
        issues=tuple(Choice(issue.id, issue.name) for issue in initiative.issues),
        regions=tuple(Choice(region.id, region.name) for region in initiative.regions),
    )


def _details(row: PresentedInitiative) -> Details:
    """Turn the presented fields into Details, keeping hidden ones None."""
    counts = row.participant_counts
    return Details(
        sponsor_id=row.sponsor_id,
        summary=row.summary,
        confidentiality=row.confidentiality,
        method=row.method,
        intra_party=row.intra_party,
        external_id=row.external_id,
        funder_ids=row.funder_ids,
        track_one_body_ids=row.track_one_body_ids,
        participant_counts=None if counts is None else _counts(counts),
    )


def _counts(counts: Mapping[str, Mapping[str, int]]) -> Counts:
    parties = tuple((int(party), n) for party, n in counts["by_party"].items())
    return Counts(by_party=parties, by_sector=tuple(counts["by_sector"].items()))


def page(actor: Actor, initiative_id: int) -> InitiativePage:
    """Read the page in a fixed number of queries, whatever the number of rows; 404 exactly
    as if missing when the reader may not see the initiative. Participants come without
    names: the view asks for the names it may read, then calls `named`."""
    initiative, presented, access = visible_row(actor, initiative_id)
    fields = _details(presented)
    conflict_id = initiative.conflict_id
    sees_rows = access >= Access.EVERYTHING
    return InitiativePage(
        initiative=_shown(initiative),
        access=access,
        fields=fields,
        conflict=choices.conflict(conflict_id) or Choice(conflict_id, ""),
        organisations=choices.organisation_names({fields.sponsor_id, *(fields.funder_ids or ())}),
        parties=dict(choices.parties_of(conflict_id)),
        bodies={body.id: body for body in choices.track_one_bodies_of(conflict_id)},
        participants=participations_of(initiative) if sees_rows else (),
        channels=channels_of(initiative.id) if sees_rows else (),
        transfers=transfers_of(initiative.id) if sees_rows else (),
    )
