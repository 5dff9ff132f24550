"""An initiative's scope (step 1 of registering it) as its editor, or a cloner, reads it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .. import policy
from ..errors import NotFound, PermissionDenied
from ..extensions import db
from ..models import Initiative
from ..policy import Access, Actor


@dataclass(frozen=True)
class Scope:
    """The fields of step 1, named as the form names them, with the version it was read at."""

    id: int
    version: int
    conflict_id: int
    sponsor_id: int
    title: str
    summary: str | None
    issue_ids: tuple[int, ...]
    region_ids: tuple[int, ...]
    start_date: date | None
    end_date: date | None
    track: str
    mode: str
    method: str
    status: str
    confidentiality: str
    funder_ids: tuple[int, ...]
    intra_party: bool
    external_id: str | None


def _scope(initiative: Initiative) -> Scope:
    return Scope(
        id=initiative.id,
        version=initiative.version,
        conflict_id=initiative.conflict_id,
        sponsor_id=initiative.sponsor_id,
        title=initiative.title,
        summary=initiative.summary,
        issue_ids=tuple(initiative.issue_ids),
        region_ids=tuple(initiative.region_ids),
        start_date=initiative.start_date,
        end_date=initiative.end_date,
        track=initiative.track,
        mode=initiative.mode,
        method=initiative.method,
        status=initiative.status,
        confidentiality=initiative.confidentiality,
        funder_ids=tuple(initiative.funder_ids),
        intra_party=initiative.intra_party,
        external_id=initiative.external_id,
    )


def _access(actor: Actor, initiative_id: int) -> tuple[Initiative, Access]:
    """Return the initiative and how much of it the actor sees (404 if missing)."""
    initiative = db.session.get(Initiative, initiative_id)
    if initiative is None:
        raise NotFound()
    return initiative, policy.initiative_access(actor, initiative)


def visible_scope(actor: Actor, initiative_id: int, at_least: Access) -> Scope:
    """Return the scope of an initiative the actor sees at `at_least`; 404 exactly as if
    missing otherwise (cloning reads a scope this way)."""
    initiative, access = _access(actor, initiative_id)
    if access < at_least:
        raise NotFound()
    return _scope(initiative)


def editable_scope(actor: Actor, initiative_id: int) -> Scope:
    """Return the scope of an initiative the actor edits: 404 if hidden from them, 403 if
    they only see it (as `services.initiatives.editable` decides for writes)."""
    initiative, access = _access(actor, initiative_id)
    if access == Access.NOTHING:
        raise NotFound()
    if not policy.can_edit_for(actor, initiative.sponsor_id):
        raise PermissionDenied()
    return _scope(initiative)
