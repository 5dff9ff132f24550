"""Search: the initiatives the reader may see, by title, summary and sponsor."""

from __future__ import annotations

from flask import Blueprint, render_template, request

from ..auth.access import SIGNED_IN, access, current_actor
from ..readers import search as finder
from . import wording
from .paging import offset, page_number

bp = Blueprint("search", __name__)


@bp.get("/search")
@access(SIGNED_IN)
def search_initiatives() -> str:
    """Find initiatives by words of their title, summary or sponsor's name."""
    actor = current_actor()
    text = request.args.get("q", "").strip()[: finder.MAX_QUERY]
    total = finder.count(actor, text) if text else 0
    page, pages = page_number(total)
    hits = finder.search(actor, text, offset(page)) if text else ()
    return render_template(
        "search/show.html", text=text, hits=hits, total=total, page=page, pages=pages, words=wording
    )
