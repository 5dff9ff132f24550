"""The conflict overview: a conflict's situation, initiatives, findings and metrics on one page."""

from __future__ import annotations

from flask import Blueprint

from ..auth.access import SIGNED_IN, access, current_actor
from ..readers import calendar as calendar_reader
from ..readers import conflicts
from ..readers import overview as reader
from ..services import analysis
from ..services.freshness import prepare_read
from . import wording
from .forms import render
from .freshness import announce

bp = Blueprint("conflict_pages", __name__)


@bp.get("/conflicts/<int:conflict_id>")
@access(SIGNED_IN)
def show_conflict(conflict_id: int) -> str:
    """Show the conflict overview, as the policy gives it to the reader."""
    conflict = conflicts.conflict(conflict_id)
    today = analysis.today()
    announce(prepare_read(current_actor(), conflict.id, today))
    return render(
        "conflicts/show.html",
        overview=reader.overview(current_actor(), conflict, today),
        conflict=conflict,
        statuses=wording.TRACK_ONE_STATUSES,
        stages=wording.ESCALATION_STAGES,
        calendar=calendar_reader.overview(current_actor(), conflict.id, today),
    )
