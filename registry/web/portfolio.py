"""The donor's desk: its organisation's portfolio, on screen, on paper and as CSV."""

from __future__ import annotations

from flask import Blueprint, Response, render_template

from ..auth.access import SIGNED_IN, access, current_actor
from ..readers import portfolio
from ..services import analysis, audit, freshness
from ..transfer_files.writing import to_csv
from . import wording

bp = Blueprint("portfolio", __name__)

CSV_HEADERS = (
    "Conflict",
    "Initiative",
    "Sponsor",
    "Status",
    "Start date",
    "End date",
    "Issues",
    "Parties reached",
    "Track One bodies reached",
    "Transfers",
    "Highest evidence",
    "Open findings",
)
EVIDENCE_ORDER = ("claimed", "acknowledged", "documented_uptake")


@bp.get("/portfolio")
@access(SIGNED_IN)
def show_portfolio() -> str:
    """Show what the organisation funds by conflict, and what nobody covers beside it."""
    freshness.refresh_coordinated(current_actor())
    held = portfolio.portfolio_of(current_actor(), analysis.today())
    return render_template("portfolio/show.html", portfolio=held, words=wording)


@bp.get("/portfolio.csv")
@access(SIGNED_IN)
def export_portfolio() -> Response:
    """Download the portfolio as CSV, one row per funded initiative, in names."""
    freshness.refresh_coordinated(current_actor())
    held = portfolio.portfolio_of(current_actor(), analysis.today())
    rows = [
        (
            section.name,
            item.title,
            item.sponsor,
            wording.STATUSES.get(item.status, item.status),
            item.start_date,
            item.end_date,
            "; ".join(item.issues),
            "; ".join(item.parties_reached),
            "; ".join(item.bodies_reached),
            len(item.transfers),
            _highest_evidence(item),
            len(item.findings),
        )
        for section in held.conflicts
        for item in section.initiatives
    ]
    audit.record_export(current_actor(), "portfolio", None, len(rows), "csv")
    return Response(
        to_csv(CSV_HEADERS, rows),
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="portfolio.csv"'},
    )


def _highest_evidence(item: portfolio.Funded) -> str:
    """The strongest evidence any of its transfers holds, in words (empty without one)."""
    levels = [EVIDENCE_ORDER.index(t.evidence) for t in item.transfers]
    return wording.EVIDENCE[EVIDENCE_ORDER[max(levels)]] if levels else ""
