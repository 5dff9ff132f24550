"""Coordination links as the API shows them: the links `links.readable_links` lets the actor
see, each with the two sponsors' answers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import selectinload

from ..errors import NotFound
from ..extensions import db
from ..models import CoordinationLink
from ..policy import Actor
from .links import readable_links
from .paging import Listing, each


@dataclass(frozen=True, slots=True)
class LinkSide:
    """One of the two initiatives of a link, as far as the answers need it."""

    sponsor_id: int


@dataclass(frozen=True, slots=True)
class LinkRecord:
    """A request to coordinate two initiatives, and each sponsor's answer where one was asked."""

    id: int
    created_at: datetime
    updated_at: datetime
    version: int
    initiative_a_id: int
    initiative_b_id: int
    kind: str
    status: str
    proposed_by: str
    initiative_a: LinkSide
    initiative_b: LinkSide
    answer_a: str | None
    answer_b: str | None


def _record(r: CoordinationLink) -> LinkRecord:
    return LinkRecord(
        id=r.id,
        created_at=r.created_at,
        updated_at=r.updated_at,
        version=r.version,
        initiative_a_id=r.initiative_a_id,
        initiative_b_id=r.initiative_b_id,
        kind=r.kind,
        status=r.status,
        proposed_by=r.proposed_by,
        initiative_a=LinkSide(r.initiative_a.sponsor_id),
        initiative_b=LinkSide(r.initiative_b.sponsor_id),
        answer_a=r.answer_a,
        answer_b=r.answer_b,
    )


def links_listing(actor: Actor) -> Listing[Any, LinkRecord]:
    """Return the links the actor sees, by id, to page."""
    statement = readable_links(actor).options(
        selectinload(CoordinationLink.initiative_a), selectinload(CoordinationLink.initiative_b)
    )
    return Listing(statement, each(_record))


def link_as_written(link_id: int) -> LinkRecord:
    """Return a link a service just let the actor propose or answer (the service checked)."""
    found = db.session.get(CoordinationLink, link_id)
    if found is None:
        raise NotFound()
    return _record(found)
