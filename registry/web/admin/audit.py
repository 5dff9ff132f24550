"""The audit log for platform admins: filter by actor, action, kind of object and date; paged;
in names, and by kind only where the reader may not read the object."""

from __future__ import annotations

from flask import render_template, request
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField
from wtforms.validators import Optional

from ...auth.access import PLATFORM_ADMIN, access, current_actor
from ...readers.audit_log import AuditFilters, audit_page, filter_choices
from ..paging import PAGE_SIZE, offset, page_number
from .blueprint import bp

ANY = [("", "Any")]


class AuditFilterForm(FlaskForm):  # type: ignore[misc]  # flask-wtf has no hints
    """The filters of the audit log (a GET form: no CSRF token, nothing changes)."""

    class Meta:
        csrf = False

    actor = SelectField("Who", validators=[Optional()])
    action = SelectField("What", validators=[Optional()])
    object_type = SelectField("Kind of object", validators=[Optional()])
    since = DateField("From (date)", validators=[Optional()])
    until = DateField("To (date)", validators=[Optional()])


@bp.get("/audit")
@access(PLATFORM_ADMIN)
def list_audit_events() -> str:
    """Show the audit log, newest first, fifty events a page."""
    form = AuditFilterForm(request.args)
    for name, options in filter_choices().items():
        getattr(form, name).choices = ANY + options
    valid = form.validate()
    filters = AuditFilters(
        actor=form.actor.data or None,
        action=form.action.data or None,
        object_type=form.object_type.data or None,
        since=form.since.data if valid else None,
        until=form.until.data if valid else None,
    )
    actor = current_actor()
    _, total = audit_page(actor, filters, 0, 0)
    page, pages = page_number(total)
    lines, _ = audit_page(actor, filters, offset(page), PAGE_SIZE)
    args = {key: value for key, value in request.args.items() if key != "page" and value}
    return render_template(
        "admin/audit.html",
        form=form,
        lines=lines,
        total=total,
        page=page,
        pages=pages,
        args=args,
    )
