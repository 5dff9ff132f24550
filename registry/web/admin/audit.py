"""The audit log for platform admins: filter by actor, action, kind of object and date; paged;
in names, and by kind only where the reader may not read the object."""

from __future__ import annotations

from flask import render_template, request

from ...auth.access import PLATFORM_ADMIN, access, current_actor
from ...readers.audit_log import AuditFilters, audit_page, filter_choices
from ...schemas.audit import AuditQuerySchema
from ..forms import DATE, OPTIONAL_TEXT, FormState, load, read
from ..paging import PAGE_SIZE, offset, page_number
from .blueprint import bp

ANY = [("", "Any")]
LABELS = {
    "actor": "Who",
    "action": "What",
    "object_type": "Kind of object",
    "since": "From (date)",
    "until": "To (date)",
}
KINDS = {"actor": OPTIONAL_TEXT, "action": OPTIONAL_TEXT, "object_type": OPTIONAL_TEXT}


@bp.get("/audit")
@access(PLATFORM_ADMIN)
def list_audit_events() -> str:
    """Show the audit log, newest first, fifty events a page."""
    typed, data = read(request.args, {**KINDS, "since": DATE, "until": DATE})
    state = FormState(LABELS, typed)
    # A date that is not one is shown beside its field, and the log is not narrowed by it.
    loaded = load(AuditQuerySchema(), data, state) or {
        name: data.get(name) for name in KINDS if name not in state.errors
    }
    filters = AuditFilters(**loaded)
    actor = current_actor()
    _, total = audit_page(actor, filters, 0, 0)
    page, pages = page_number(total)
    lines, _ = audit_page(actor, filters, offset(page), PAGE_SIZE)
    args = {key: value for key, value in request.args.items() if key != "page" and value}
    return render_template(
        "admin/audit.html",
        state=state,
        choices={name: ANY + options for name, options in filter_choices().items()},
        lines=lines,
        total=total,
        page=page,
        pages=pages,
        args=args,
    )
