"""The request-to-coordinate workflow: propose a link between two initiatives, agree or decline."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from ..errors import Invalid, NotFound, PermissionDenied, StateConflict
from ..models import CoordinationLink, Initiative
from ..models.base import utcnow
from ..policy import Access, Actor, can_edit_for, initiative_access, is_coordinator
from . import audit
from .inputs.coordination import LinkProposal
from .unit import (
    check_version,
    get_or_404,
    service,
    session,
    touch_conflicts,
)

DECISIONS = ("agreed", "declined")


def _visible(actor: Actor, initiative_id: Any, field: str) -> Initiative:
    """Return an initiative the actor sees; a hidden one is refused exactly like a missing one."""
    initiative = session().get(Initiative, initiative_id) if initiative_id is not None else None
    if initiative is None or initiative_access(actor, initiative) == Access.NOTHING:
        raise Invalid.field(field, "No initiative with this id.")
    return initiative


def can_read(actor: Actor, link: CoordinationLink, a: Initiative, b: Initiative) -> bool:
    """Tell whether the actor sees a link: either sponsor's users and the coordinators.

    A sponsor answering a coordinator's proposal about an initiative it may not see
    sees the link only once the other sponsor has agreed (SPEC 2).
    """
    if actor.is_system or is_coordinator(actor, a.conflict_id):
        return True
    if actor.organisation_id not in (a.sponsor_id, b.sponsor_id):
        return False
    if link.proposed_by != "coordinator" or a.sponsor_id == b.sponsor_id:
        return True
    other, other_answer = (
        (b, link.answer_b) if actor.organisation_id == a.sponsor_id else (a, link.answer_a)
    )
    return other_answer == "agreed" or initiative_access(actor, other) > Access.NOTHING


@service
def propose(actor: Actor, data: LinkProposal) -> CoordinationLink:
    """Propose to coordinate one of the actor's initiatives with another of the same conflict."""
    if data.status != "proposed":
        raise Invalid.field("status", "A new link is proposed; the other side agrees or declines.")
    a = _visible(actor, data.initiative_a_id, "initiative_a_id")
    b = _visible(actor, data.initiative_b_id, "initiative_b_id")
    if a.id == b.id:
        raise Invalid.field("initiative_b_id", "Choose two different initiatives.")
    if a.conflict_id != b.conflict_id:
        raise Invalid.field("initiative_b_id", "Both initiatives must be on the same conflict.")
    proposer = _proposer(actor, a, b)
    low, high = sorted((a.id, b.id))
    existing = session().scalar(
        sa.select(CoordinationLink.id).filter_by(pair_low_id=low, pair_high_id=high)
    )
    if existing is not None:
        raise Invalid.field(
            "initiative_b_id", "These two initiatives already have a coordination link."
        )
    link = CoordinationLink(
        initiative_a_id=a.id,
        initiative_b_id=b.id,
        pair_low_id=low,
        pair_high_id=high,
        kind=data.kind,
        status="proposed",
        proposed_by_id=None if actor.is_system else actor.id,
        proposer_organisation_id=actor.organisation_id,
        proposed_by=proposer,
    )
    session().add(link)
    session().flush()
    audit.record(actor, "coordination_link.propose", "coordination_link", link.id)
    return link


def _proposer(actor: Actor, a: Initiative, b: Initiative) -> str:
    """Who proposes: a user of either sponsor is that sponsor, else a coordinator."""
    if actor.organisation_id in (a.sponsor_id, b.sponsor_id) or actor.is_system:
        if not (can_edit_for(actor, a.sponsor_id) or can_edit_for(actor, b.sponsor_id)):
            raise PermissionDenied("Only an editor of one of the two sponsors proposes a link.")
        return "sponsor"
    if is_coordinator(actor, a.conflict_id):
        return "coordinator"
    raise PermissionDenied(
        "An editor of one of the two sponsors, or a coordinator of the conflict, proposes a link."
    )


def may_decide(actor: Actor, link: CoordinationLink, a: Initiative, b: Initiative) -> bool:
    """Tell whether the actor answers a proposed link: the other sponsor's editors or the
    conflict's coordinators (either sponsor's editors when the system proposed it)."""
    deciders = {a.sponsor_id, b.sponsor_id} - {link.proposer_organisation_id} or {a.sponsor_id}
    return is_coordinator(actor, a.conflict_id) or any(
        can_edit_for(actor, sponsor) for sponsor in deciders
    )


def may_answer(actor: Actor, link: CoordinationLink, a: Initiative, b: Initiative) -> bool:
    """Tell whether the actor may answer a proposed link now (pages offer the buttons)."""
    if link.status != "proposed" or actor.is_system:
        return False
    if link.proposed_by != "coordinator":
        return may_decide(actor, link, a, b)
    return any(
        can_edit_for(actor, initiative.sponsor_id) and getattr(link, f"answer_{side}") is None
        for side, initiative in (("a", a), ("b", b))
    )


@service
def decide(
    actor: Actor, link_id: int, status: str, expected_version: int | None = None
) -> CoordinationLink:
    """Answer a proposed link: agree or decline (SPEC 2, "CoordinationLink")."""
    link = get_or_404(CoordinationLink, link_id)
    a = get_or_404(Initiative, link.initiative_a_id)
    b = get_or_404(Initiative, link.initiative_b_id)
    if not can_read(actor, link, a, b):
        raise NotFound()
    check_version(link, expected_version)
    if status not in DECISIONS:
        raise Invalid.field("status", "Answer with agreed or declined.")
    if link.proposed_by == "coordinator":
        _answer(actor, link, a, b, status)
    else:
        _decide_for_sponsor(actor, link, a, b, status)
    session().flush()
    if link.status == "agreed":
        touch_conflicts([a.conflict_id])
    action = "answer" if link.status == "proposed" else link.status
    audit.record(actor, f"coordination_link.{action}", "coordination_link", link.id)
    return link


def _decide_for_sponsor(
    actor: Actor, link: CoordinationLink, a: Initiative, b: Initiative, status: str
) -> None:
    """A sponsor's proposal: the other sponsor's editors or the coordinators decide once."""
    if not may_decide(actor, link, a, b):
        raise PermissionDenied("The other sponsor's editors or the conflict's coordinators decide.")
    if link.status != "proposed":
        raise StateConflict(f"This link was already {link.status}.")
    _settle(actor, link, status)


def _answer(
    actor: Actor, link: CoordinationLink, a: Initiative, b: Initiative, status: str
) -> None:
    """A coordinator's proposal: an editor of each sponsor answers once for its sponsor."""
    sides = [
        side
        for side, initiative in (("a", a), ("b", b))
        if can_edit_for(actor, initiative.sponsor_id)
    ]
    if actor.is_system or not sides:
        raise PermissionDenied("An editor of each sponsor answers a coordinator's proposal.")
    if link.status != "proposed" or all(getattr(link, f"answer_{side}") for side in sides):
        raise StateConflict("Your organisation has already answered this request.")
    for side in sides:
        setattr(link, f"answer_{side}", status)
    if status == "declined":
        _settle(actor, link, "declined")
    elif link.answer_a == "agreed" and link.answer_b == "agreed":
        _settle(actor, link, "agreed")


def _settle(actor: Actor, link: CoordinationLink, status: str) -> None:
    """Record the link's outcome and who settled it."""
    link.status = status
    link.decided_by_id = None if actor.is_system else actor.id
    link.decided_at = utcnow()
