"""Coordination links a reader may see, and the requests awaiting its organisation's answer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from .. import policy
from ..extensions import db
from ..models import Conflict, CoordinationLink, Initiative, Organisation, User
from ..policy import Access, Actor
from ..services.coordination import may_answer

HIDDEN = "an initiative you may not see"


def readable_links(actor: Actor) -> sa.Select[Any]:
    """Return the SELECT of links the actor sees: either sponsor's users and the coordinators.

    A sponsor answering a coordinator's proposal about an initiative it may not see sees
    the link only once the other sponsor has agreed, and never if it declined (SPEC 2).
    """
    a, b = sa.orm.aliased(Initiative), sa.orm.aliased(Initiative)
    statement = (
        sa.select(CoordinationLink)
        .join(a, a.id == CoordinationLink.initiative_a_id)
        .join(b, b.id == CoordinationLink.initiative_b_id)
    )
    if not actor.is_system:
        visible = sa.select(Initiative.id).where(policy.visible_initiatives(actor))
        sponsors = CoordinationLink.proposed_by == "sponsor"
        statement = statement.where(
            sa.or_(
                a.conflict_id.in_(sorted(actor.coordinated_conflict_ids)),
                sa.and_(
                    a.sponsor_id == actor.organisation_id,
                    sa.or_(sponsors, b.id.in_(visible), CoordinationLink.answer_b == "agreed"),
                ),
                sa.and_(
                    b.sponsor_id == actor.organisation_id,
                    sa.or_(sponsors, a.id.in_(visible), CoordinationLink.answer_a == "agreed"),
                ),
            )
        )
    return statement.order_by(CoordinationLink.id)


@dataclass(frozen=True)
class PendingLink:
    """A coordination request awaiting the reader's organisation's answer, in names.

    `other_id` and `other_title` are None when the reader may not see the other initiative
    (pages then say `other`, "an initiative you may not see").
    """

    id: int
    version: int
    kind: str
    proposed_by: str  # "sponsor" or "coordinator"
    proposer: str  # the proposer's display name and organisation, "Ana Ruiz (Secretariat)"
    own_id: int
    own_title: str
    other_id: int | None
    other_title: str | None
    other: str
    may_answer: bool  # an editor (or org admin) of the organisation answers; viewers read


def pending_links_for(actor: Actor) -> tuple[PendingLink, ...]:
    """Return the proposed links awaiting an answer from the actor's organisation.

    A sponsor's proposal awaits the other sponsor; a coordinator's awaits each sponsor
    that has not answered yet. Links the organisation may not read are never listed.
    """
    if actor.is_system or actor.organisation_id is None:
        return ()
    own = actor.organisation_id
    links = db.session.scalars(
        readable_links(actor).where(CoordinationLink.status == "proposed")
    ).all()
    visible = _visible_ids(actor, links)
    proposers = _proposers([link.proposed_by_id for link in links])
    pending = []
    for link in links:
        side = _awaiting_side(link, own)
        if side is None:
            continue
        ours, other = (
            (link.initiative_a, link.initiative_b)
            if side == "a"
            else (link.initiative_b, link.initiative_a)
        )
        seen = other.id in visible
        pending.append(
            PendingLink(
                id=link.id,
                version=link.version,
                kind=link.kind,
                proposed_by=link.proposed_by,
                proposer=proposers.get(link.proposed_by_id or 0, "a former user"),
                own_id=ours.id,
                own_title=ours.title,
                other_id=other.id if seen else None,
                other_title=other.title if seen else None,
                other=other.title if seen else HIDDEN,
                may_answer=policy.can_edit_for(actor, own),
            )
        )
    return tuple(pending)


def _awaiting_side(link: CoordinationLink, own: int) -> str | None:
    """Which side ("a" or "b") of a proposed link awaits the organisation's answer, if any."""
    a, b = link.initiative_a, link.initiative_b
    if link.proposed_by == "coordinator":
        for side, initiative, answer in (("a", a, link.answer_a), ("b", b, link.answer_b)):
            if initiative.sponsor_id == own and answer is None:
                return side
        return None
    if own not in (a.sponsor_id, b.sponsor_id):
        return None
    if link.proposer_organisation_id == own and a.sponsor_id != b.sponsor_id:
        return None  # our own proposal waits for the other side
    return "a" if a.sponsor_id == own else "b"


def _visible_ids(actor: Actor, links: Any) -> set[int]:
    """Which of the links' initiatives the actor may see."""
    ids = {i for link in links for i in (link.initiative_a_id, link.initiative_b_id)}
    if not ids:
        return set()
    statement = sa.select(Initiative.id).where(
        Initiative.id.in_(sorted(ids)), policy.visible_initiatives(actor)
    )
    return set(db.session.scalars(statement))


def _proposers(user_ids: list[int | None]) -> dict[int, str]:
    """Each proposer's display name and organisation (SPEC 3: nothing else about a user)."""
    ids = sorted({i for i in user_ids if i is not None})
    if not ids:
        return {}
    statement = (
        sa.select(User.id, User.display_name, Organisation.name)
        .join(Organisation, Organisation.id == User.organisation_id)
        .where(User.id.in_(ids))
    )
    return {uid: f"{name} ({org})" for uid, name, org in db.session.execute(statement)}


@dataclass(frozen=True)
class LinkFacts:
    """What a page shows of a link itself."""

    id: int
    version: int
    kind: str
    status: str
    decided_at: datetime | None


@dataclass(frozen=True)
class LinkLine:
    """A link as its reader may see it: an initiative hidden from them is named by id only."""

    link: LinkFacts
    a: str
    b: str
    a_id: int | None
    b_id: int | None
    conflict: str
    may_decide: bool  # the reader may agree or decline it now


def link_lines(actor: Actor) -> tuple[LinkLine, ...]:
    """Return the links the actor sees, newest first, in three queries whatever their number."""
    links = db.session.scalars(readable_links(actor)).all()
    ids = {i for link in links for i in (link.initiative_a_id, link.initiative_b_id)}
    initiatives = {
        i.id: i
        for i in db.session.scalars(
            sa.select(Initiative)
            .where(Initiative.id.in_(sorted(ids)))
            .options(selectinload(Initiative.funders))
        )
    }
    conflicts = dict(db.session.execute(sa.select(Conflict.id, Conflict.name)).all())
    lines = []
    for link in reversed(links):
        a, b = initiatives[link.initiative_a_id], initiatives[link.initiative_b_id]
        lines.append(_line(actor, link, a, b, conflicts.get(a.conflict_id, "")))
    return tuple(lines)


def _line(
    actor: Actor, link: CoordinationLink, a: Initiative, b: Initiative, conflict: str
) -> LinkLine:
    """Name each initiative of a link only if the reader may see it."""
    seen_a, seen_b = (policy.initiative_access(actor, i) >= Access.PUBLIC_FIELDS for i in (a, b))
    return LinkLine(
        link=LinkFacts(link.id, link.version, link.kind, link.status, link.decided_at),
        a=a.title if seen_a else HIDDEN,
        b=b.title if seen_b else HIDDEN,
        a_id=a.id if seen_a else None,
        b_id=b.id if seen_b else None,
        conflict=conflict,
        may_decide=may_answer(actor, link, a, b),
    )


@dataclass(frozen=True)
class LinkableInitiative:
    """An initiative the reader sees, which a proposal may name, with its sponsor's name."""

    id: int
    title: str
    conflict_id: int
    sponsor_id: int
    sponsor: str


def linkable(actor: Actor) -> tuple[LinkableInitiative, ...]:
    """Return every initiative the actor sees, by title, for the proposal form's pickers."""
    statement = (
        sa.select(
            Initiative.id,
            Initiative.title,
            Initiative.conflict_id,
            Initiative.sponsor_id,
            Organisation.name,
        )
        .join(Organisation, Organisation.id == Initiative.sponsor_id)
        .where(policy.visible_initiatives(actor))
        .order_by(Initiative.title)
    )
    return tuple(LinkableInitiative(*row) for row in db.session.execute(statement))
