"""Register, edit and delete initiatives, enforcing the integrity rules of their scope."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

import sqlalchemy as sa

from ..errors import Invalid, NotFound, PermissionDenied
from ..models import (
    Conflict,
    CoordinationLink,
    Initiative,
    Issue,
    Organisation,
    Participation,
    Region,
    TransferChannel,
    TransferEvent,
)
from ..models.base import utcnow
from ..policy import Access, Actor, can_edit_for, initiative_access
from . import audit
from .inputs import UNSET, or_current
from .inputs.initiatives import InitiativeChanges, InitiativeInput
from .saving import assign, save_changes
from .unit import check_version, get_or_404, service, session, touch_conflicts

SCALAR_FIELDS = (
    "title",
    "summary",
    "track",
    "mode",
    "method",
    "status",
    "start_date",
    "end_date",
    "intra_party",
    "confidentiality",
    "external_id",
)


def editable(actor: Actor, initiative_id: int) -> Initiative:
    """Return an initiative the actor may edit: 404 if hidden from them, 403 if only visible."""
    initiative = get_or_404(Initiative, initiative_id)
    if initiative_access(actor, initiative) == Access.NOTHING:
        raise NotFound()
    if not can_edit_for(actor, initiative.sponsor_id):
        raise PermissionDenied()
    return initiative


def conflict_members(
    model: type[Any], ids: Sequence[int], conflict_id: int, field: str
) -> list[Any]:
    """Load issues or regions by id, refusing any of another conflict or none at all."""
    wanted = list(dict.fromkeys(ids))
    found = {
        record.id: record
        for record in session().scalars(sa.select(model).where(model.id.in_(wanted)))
    }
    strangers = [i for i in wanted if i not in found or found[i].conflict_id != conflict_id]
    if strangers:
        listed = ", ".join(f"#{i}" for i in strangers)
        noun = field.removesuffix("_ids") + "s"
        raise Invalid.field(field, f"Not {noun} of this conflict: {listed}. Choose among its own.")
    return [found[i] for i in wanted]


def _funders(ids: Sequence[int]) -> list[Organisation]:
    wanted = list(dict.fromkeys(ids))
    found = {
        o.id: o
        for o in session().scalars(sa.select(Organisation).where(Organisation.id.in_(wanted)))
    }
    unknown = [i for i in wanted if i not in found]
    if unknown:
        raise Invalid.field("funder_ids", f"No organisation has these ids: {unknown}.")
    return [found[i] for i in wanted]


def check_dates(start: date | None, end: date | None) -> None:
    """Refuse an end date before the start date (the importer's dry run asks too)."""
    if start is not None and end is not None and start > end:
        raise Invalid.field("end_date", "The end date must not be before the start date.")


def _check_external_id(sponsor_id: int, external_id: str | None, initiative_id: int | None) -> None:
    if not external_id:
        return
    taken = session().scalar(
        sa.select(Initiative.id).where(
            Initiative.sponsor_id == sponsor_id, Initiative.external_id == external_id
        )
    )
    if taken is not None and taken != initiative_id:
        raise Invalid.field("external_id", "Your organisation already uses this reference.")


def _apply_lists(initiative: Initiative, data: InitiativeInput | InitiativeChanges) -> list[str]:
    changed = []
    if data.issue_ids is not UNSET:
        if not data.issue_ids:
            raise Invalid.field("issue_ids", "Choose at least one issue.")
        issues = conflict_members(Issue, data.issue_ids, initiative.conflict_id, "issue_ids")
        if [i.id for i in issues] != initiative.issue_ids:
            initiative.issues = issues
            changed.append("issue_ids")
    if data.region_ids is not UNSET:
        regions = conflict_members(Region, data.region_ids, initiative.conflict_id, "region_ids")
        if [r.id for r in regions] != initiative.region_ids:
            initiative.regions = regions
            changed.append("region_ids")
    if data.funder_ids is not UNSET:
        funders = _funders(data.funder_ids)
        if [f.id for f in funders] != initiative.funder_ids:
            initiative.funders = funders
            changed.append("funder_ids")
    return changed


@service
def _sponsor(actor: Actor, data: InitiativeInput) -> int:
    """Return the sponsor a new initiative is registered for, refusing another's."""
    sponsor_id = actor.organisation_id if data.sponsor_id is None else data.sponsor_id
    if sponsor_id is None:
        raise Invalid.field("sponsor_id", "Missing data for required field.")
    if not actor.is_system and sponsor_id != actor.organisation_id:
        raise Invalid.field("sponsor_id", "You can only register initiatives of your organisation.")
    if not can_edit_for(actor, sponsor_id):
        raise PermissionDenied()
    return sponsor_id


@service
def create(actor: Actor, data: InitiativeInput) -> Initiative:
    """Register an initiative for the actor's organisation."""
    sponsor_id = _sponsor(actor, data)
    if session().get(Conflict, data.conflict_id) is None:
        raise Invalid.field("conflict_id", "No conflict has this id.")
    if session().get(Organisation, sponsor_id) is None:
        raise Invalid.field("sponsor_id", "No organisation has this id.")
    check_dates(data.start_date, data.end_date)
    _check_external_id(sponsor_id, data.external_id, None)
    initiative = Initiative(conflict_id=data.conflict_id, sponsor_id=sponsor_id)
    assign(initiative, data, SCALAR_FIELDS)
    _apply_lists(initiative, data)
    session().add(initiative)
    session().flush()
    touch_conflicts([initiative.conflict_id])
    audit.record(actor, "initiative.create", "initiative", initiative.id)
    return initiative


@service
def update(
    actor: Actor,
    initiative_id: int,
    data: InitiativeChanges,
    expected_version: int | None = None,
) -> Initiative:
    """Edit an initiative's fields; its conflict and sponsor never change."""
    initiative = editable(actor, initiative_id)
    check_version(initiative, expected_version)
    for fixed, value in (("conflict_id", data.conflict_id), ("sponsor_id", data.sponsor_id)):
        if value is not UNSET and value != getattr(initiative, fixed):
            raise Invalid.field(fixed, "This cannot change; register a new initiative instead.")
    check_dates(
        or_current(data.start_date, initiative.start_date),
        or_current(data.end_date, initiative.end_date),
    )
    _check_external_id(initiative.sponsor_id, or_current(data.external_id, None), initiative.id)
    # One flush for the whole edit, so `version` rises by exactly one.
    with session().no_autoflush:
        changed = assign(initiative, data, SCALAR_FIELDS) + _apply_lists(initiative, data)
    if changed:
        # Touching the row makes a change of lists alone a new version too.
        initiative.updated_at = utcnow()
    save_changes(actor, "initiative", initiative, changed, [initiative.conflict_id])
    return initiative


@service
def delete(actor: Actor, initiative_id: int) -> None:
    """Delete an initiative and what hangs from it (participations, channels, transfers)."""
    initiative = editable(actor, initiative_id)
    conflict_id = initiative.conflict_id
    for model, column in (
        (TransferEvent, TransferEvent.initiative_id),
        (TransferChannel, TransferChannel.initiative_id),
        (Participation, Participation.initiative_id),
    ):
        session().execute(sa.delete(model).where(column == initiative.id))
    session().execute(
        sa.delete(CoordinationLink).where(
            sa.or_(
                CoordinationLink.initiative_a_id == initiative.id,
                CoordinationLink.initiative_b_id == initiative.id,
            )
        )
    )
    session().delete(initiative)
    session().flush()
    touch_conflicts([conflict_id])
    audit.record(actor, "initiative.delete", "initiative", initiative_id)
