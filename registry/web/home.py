"""The signed-in home page: what concerns the user's organisation and role."""

from __future__ import annotations

from flask import Blueprint, render_template

from ..auth.access import SIGNED_IN, access, current_actor
from ..readers import desk, funded, overview
from ..services import analysis, freshness
from . import wording
from .inbox import home_inbox

bp = Blueprint("home", __name__)


@bp.get("/home")
@access(SIGNED_IN)
def show_home() -> str:
    """Show the organisation's initiatives, the conflicts coordinated and the portfolio funded."""
    actor = current_actor()
    freshness.refresh_coordinated(actor)
    funded_lines = funded.summary(actor)
    coordinated = overview.coordinated(actor, analysis.today())
    return render_template(
        "home/show.html",
        organisation_name=desk.organisation_name(actor),
        desk=desk.desk(actor),
        funded=funded_lines,
        coordinated=coordinated,
        inbox=home_inbox(),
        words=wording,
    )
