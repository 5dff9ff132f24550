"""Administration pages (`/admin`): users, organisations, conflicts and their coordinators,
the audit log, reveal requests and name reads; one module per resource."""

from __future__ import annotations

from flask import render_template

from ... import policy
from ...auth.access import SIGNED_IN, access, current_actor
from . import audit, conflicts, organisations, reveals, users  # noqa: F401 - routes
from .blueprint import bp, require_admin

__all__ = ["bp", "require_admin"]


@bp.get("/")
@access(SIGNED_IN)
def show_admin() -> str:
    """Show the administrative tasks open to this admin."""
    require_admin()
    actor = current_actor()
    return render_template(
        "admin/show.html",
        is_platform_admin=policy.is_platform_admin(actor),
        answers_for_own_people=policy.answers_for_own_people(actor),
        reads_audit_log=policy.reads_audit_log(actor),
    )
