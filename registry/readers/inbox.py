"""A focal point's inbox: the transfers delivered to its Track One body (SPEC 8)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa

from .. import policy
from ..errors import NotFound
from ..extensions import db
from ..models import Initiative, Organisation, TrackOneBody, TransferChannel, TransferEvent
from ..policy import Actor
from .paging import Listing

HIDDEN_INITIATIVE = "an initiative you may not see"
INITIATIVE_FIELDS = ("title", "initiative_id", "initiative_title", "sponsor_id", "sponsor_name")


@dataclass(frozen=True)
class InboxItem:
    """One transfer as a focal point sees it: never its channel, carrier or participants."""

    id: int
    version: int
    kind: str
    issue_ids: tuple[int, ...]
    delivered_on: date
    round_id: int | None
    evidence: str
    confirmed_on: date | None
    confirmed_by: str | None
    body_id: int
    initiative_visible: bool
    title: str | None = None
    initiative_id: int | None = None
    initiative_title: str | None = None
    sponsor_id: int | None = None
    sponsor_name: str | None = None

    @property
    def initiative_label(self) -> str:
        """The initiative's title, or the words that stand for one the reader may not see."""
        # A visible initiative always has its title (the column is NOT NULL).
        if self.initiative_visible and self.initiative_title is not None:
            return self.initiative_title
        return HIDDEN_INITIATIVE

    def as_dict(self) -> dict[str, Any]:
        """Return the API's shape: the fields the reader may not see are absent, not null."""
        data: dict[str, Any] = {
            name: getattr(self, name)
            for name in (
                "id",
                "version",
                "kind",
                "delivered_on",
                "round_id",
                "evidence",
                "confirmed_on",
                "confirmed_by",
            )
        }
        data["issue_ids"] = list(self.issue_ids)
        data["initiative_label"] = self.initiative_label
        if self.initiative_visible:
            for name in INITIATIVE_FIELDS:
                data[name] = getattr(self, name)
        return data


def body_of_inbox(actor: Actor, body_id: int) -> TrackOneBody:
    """Return a body whose inbox the actor reads; 404 for anyone but its focal points."""
    body = db.session.get(TrackOneBody, body_id)
    if body is None or not policy.is_focal_point(actor, body.id):
        raise NotFound()
    return body


def inbox_query(actor: Actor, body_ids: Sequence[int]) -> sa.Select[TransferEvent]:
    """Return the SELECT of the transfers in the actor's inbox of these bodies, newest first."""
    clauses = [policy.inbox_transfers(actor, body_id) for body_id in body_ids]
    return (
        sa.select(TransferEvent)
        .join(TransferChannel, TransferChannel.id == TransferEvent.channel_id)
        .join(Initiative, Initiative.id == TransferEvent.initiative_id)
        .where(sa.or_(*clauses) if clauses else sa.false())
        .order_by(TransferEvent.delivered_on.desc(), TransferEvent.id.desc())
    )


def confirmed_by(event: TransferEvent, body_names: dict[int, str]) -> str | None:
    """Say who confirmed a transfer, never naming the user: a focal point or a coordinator."""
    if event.confirmed_as == "focal_point":
        name = body_names.get(event.confirmed_body_id or 0, "a Track One body")
        return f"the focal point of {name}"
    if event.confirmed_as == "coordinator":
        return "a coordinator of the conflict"
    return None


def present(actor: Actor, events: Sequence[TransferEvent]) -> list[InboxItem]:
    """Shape inbox transfers for the actor, showing initiatives only where it may see them."""
    channels = _channels([e.channel_id for e in events])
    sponsors = _sponsor_names([e.initiative.sponsor_id for e in events])
    body_names = _body_names([e.confirmed_body_id for e in events if e.confirmed_body_id])
    items = []
    for event in events:
        initiative = event.initiative
        visible = policy.initiative_access(actor, initiative) >= policy.Access.PUBLIC_FIELDS
        shown: dict[str, Any] = {}
        if visible:
            shown = {
                "title": event.title,
                "initiative_id": initiative.id,
                "initiative_title": initiative.title,
                "sponsor_id": initiative.sponsor_id,
                "sponsor_name": sponsors.get(initiative.sponsor_id),
            }
        items.append(
            InboxItem(
                id=event.id,
                version=event.version,
                kind=event.kind,
                issue_ids=tuple(event.issue_ids),
                delivered_on=event.delivered_on,
                round_id=event.round_id,
                evidence=event.evidence,
                confirmed_on=event.confirmed_on,
                confirmed_by=confirmed_by(event, body_names),
                body_id=channels[event.channel_id],
                initiative_visible=visible,
                **shown,
            )
        )
    return items


def inbox_listing(actor: Actor, body_ids: Sequence[int]) -> Listing[TransferEvent, InboxItem]:
    """Return the transfers of the actor's inbox of these bodies, to page, shaped for it."""
    return Listing(inbox_query(actor, body_ids), lambda events: present(actor, events))


def _channels(ids: list[int]) -> dict[int, int]:
    statement = sa.select(TransferChannel.id, TransferChannel.track_one_body_id).where(
        TransferChannel.id.in_(set(ids))
    )
    return dict(db.session.execute(statement).all())


def _sponsor_names(ids: list[int]) -> dict[int, str]:
    statement = sa.select(Organisation.id, Organisation.name).where(Organisation.id.in_(set(ids)))
    return dict(db.session.execute(statement).all())


def _body_names(ids: list[int | None]) -> dict[int, str]:
    statement = sa.select(TrackOneBody.id, TrackOneBody.name).where(
        TrackOneBody.id.in_({i for i in ids if i})
    )
    return dict(db.session.execute(statement).all())
