"""The public registry: what anyone, signed in or not, may read without an account."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template, request

from ..auth.access import PUBLIC, access
from ..errors import Invalid
from ..models.enums import INITIATIVE_STATUSES
from ..readers import public
from . import wording
from .paging import offset, page_number

bp = Blueprint("public", __name__)

ID_FILTERS = {"conflict_id": "conflict", "issue_id": "issue", "sponsor_id": "sponsor"}


@bp.get("/")
@access(PUBLIC)
def list_public_initiatives() -> str:
    """Show the landing page: what the registry is, and the public registry's first page."""
    return _render_list("public/landing.html", public.Filters())


@bp.get("/registry")
@access(PUBLIC)
def browse_registry() -> str:
    """List public initiatives, filtered by conflict, issue, status and sponsor."""
    return _render_list("public/registry.html", _filters())


@bp.get("/registry/<int:initiative_id>")
@access(PUBLIC)
def show_public_initiative(initiative_id: int) -> str:
    """Show one public initiative, its public fields only (404 for any other)."""
    return render_template(
        "public/show.html",
        initiative=public.initiative(initiative_id),
        words=wording,
        contact=current_app.config["CONTACT"],
    )


def _render_list(template: str, filters: public.Filters) -> str:
    """Render a page of the public initiatives matching the filters, with the filter form."""
    total = public.count(filters)
    page, pages = page_number(total)
    return render_template(
        template,
        initiatives=public.initiatives(filters, offset(page)),
        total=total,
        page=page,
        pages=pages,
        filters=filters,
        choices=public.choices(filters.conflict_id),
        words=wording,
        contact=current_app.config["CONTACT"],
    )


def _filters() -> public.Filters:
    """Read the filters from the query string; a malformed one is a 422 naming it."""
    errors: dict[str, str] = {}
    ids: dict[str, int | None] = {}
    for name, words in ID_FILTERS.items():
        raw = request.args.get(name, "").strip()
        ids[name] = int(raw) if raw.isdigit() else None
        if raw and not raw.isdigit():
            errors[name] = f"Choose a {words} from the list."
    status = request.args.get("status", "").strip() or None
    if status is not None and status not in INITIATIVE_STATUSES:
        errors["status"] = f"Choose a status among: {', '.join(INITIATIVE_STATUSES)}."
    if errors:
        raise Invalid(errors, "A filter of the public registry is not one it offers.", "query")
    return public.Filters(status=status, **ids)
