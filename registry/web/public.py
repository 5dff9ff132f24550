"""The public registry: what anyone, signed in or not, may read without an account."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from flask import Blueprint, render_template
from sqlalchemy.orm import selectinload

from .. import policy
from ..auth.access import PUBLIC, access
from ..extensions import db
from ..models import Conflict, Initiative, Organisation

bp = Blueprint("public", __name__)

TRACK_LABELS = {"2": "Track 2", "1.5": "Track 1.5", "3": "Track 3"}
MODE_LABELS = {"soft": "Relationship building", "hard": "Proposals for Track One"}


@dataclass(frozen=True)
class PublicInitiative:
    """The public fields of one initiative (SPEC 3), with names instead of ids."""

    id: int
    title: str
    sponsor: str
    status: str
    start_date: date | None
    end_date: date | None
    track: str
    mode: str
    issues: tuple[str, ...]
    regions: tuple[str, ...]


@dataclass(frozen=True)
class ConflictSection:
    """A conflict and its public initiatives."""

    conflict: Conflict
    initiatives: tuple[PublicInitiative, ...]


@bp.get("/")
@access(PUBLIC)
def list_public_initiatives() -> str:
    """Show the public initiatives of every conflict, as an anonymous visitor sees them."""
    return render_template("public/landing.html", sections=public_sections())


def public_sections() -> list[ConflictSection]:
    """Return the conflicts that have public initiatives, by name, in at most five queries."""
    # Always the anonymous view: the landing page is the public registry, so a
    # signed-in user sees here exactly what a visitor does.
    initiatives = db.session.scalars(
        sa.select(Initiative)
        .where(policy.visible_initiatives(policy.ANONYMOUS_ACTOR))
        .options(selectinload(Initiative.issues), selectinload(Initiative.regions))
        .order_by(Initiative.start_date.desc().nulls_last(), Initiative.title, Initiative.id)
    ).all()
    if not initiatives:
        return []
    sponsors = _organisation_names({initiative.sponsor_id for initiative in initiatives})
    by_conflict: dict[int, list[PublicInitiative]] = {}
    for initiative in initiatives:
        by_conflict.setdefault(initiative.conflict_id, []).append(
            _public_view(initiative, sponsors)
        )
    conflicts = db.session.scalars(
        sa.select(Conflict)
        .where(Conflict.id.in_(sorted(by_conflict)))
        .order_by(Conflict.name, Conflict.id)
    ).all()
    return [ConflictSection(conflict, tuple(by_conflict[conflict.id])) for conflict in conflicts]


def _organisation_names(ids: set[int]) -> dict[int, str]:
    """Return the names of the given organisations in one query."""
    rows = db.session.execute(
        sa.select(Organisation.id, Organisation.name).where(Organisation.id.in_(sorted(ids)))
    )
    return {row.id: row.name for row in rows}


def _public_view(initiative: Initiative, sponsors: dict[int, str]) -> PublicInitiative:
    """Copy only the public fields, so the template cannot reach anything else."""
    return PublicInitiative(
        id=initiative.id,
        title=initiative.title,
        sponsor=sponsors.get(initiative.sponsor_id, ""),
        status=initiative.status,
        start_date=initiative.start_date,
        end_date=initiative.end_date,
        track=TRACK_LABELS.get(initiative.track, initiative.track),
        mode=MODE_LABELS.get(initiative.mode, initiative.mode),
        issues=tuple(issue.name for issue in initiative.issues),
        regions=tuple(region.name for region in initiative.regions),
    )
