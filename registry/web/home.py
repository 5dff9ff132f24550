"""The signed-in home page: what concerns the user's organisation and role."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, render_template

from .. import policy
from ..auth.access import SIGNED_IN, access, current_actor
from ..extensions import db
from ..models import Initiative, Organisation
from ..models.initiative import initiative_funder
from ..readers import overview
from ..services import analysis
from . import wording

bp = Blueprint("home", __name__)


@bp.get("/home")
@access(SIGNED_IN)
def show_home() -> str:
    """Show the organisation's initiatives, the conflicts coordinated and the portfolio funded."""
    actor = current_actor()
    visible = policy.visible_initiatives(actor)
    own = db.session.scalars(
        sa.select(Initiative)
        .where(visible, Initiative.sponsor_id == actor.organisation_id)
        .order_by(Initiative.updated_at.desc())
    ).all()
    funded = db.session.scalars(
        sa.select(Initiative)
        .join(initiative_funder, initiative_funder.c.initiative_id == Initiative.id)
        .where(visible, initiative_funder.c.organisation_id == actor.organisation_id)
        .order_by(Initiative.title)
    ).all()
    coordinated = overview.coordinated(actor, analysis.today())
    organisation = db.session.get(Organisation, actor.organisation_id)
    return render_template(
        "home/show.html",
        organisation=organisation,
        own=own,
        funded=funded,
        coordinated=coordinated,
        words=wording,
    )
