"""Administration pages (`/admin`): users, organisations, conflicts and their coordinators,
the audit log, reveal requests and name reads; one module per resource."""

from __future__ import annotations

from flask import Blueprint, render_template

from ... import policy
from ...auth.access import SIGNED_IN, access, current_actor
from ...errors import PermissionDenied

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.context_processor
def _sections() -> dict[str, bool]:
    """Tell the administration templates which sections the policy opens to this admin."""
    actor = current_actor()
    return {
        "admin_is_platform": policy.is_platform_admin(actor),
        "admin_answers_for_people": policy.answers_for_own_people(actor),
    }


def require_admin() -> None:
    """Refuse anyone the policy does not offer the administration pages."""
    if not policy.can_administer(current_actor()):
        raise PermissionDenied("Administration is for organisation and platform admins.")


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


from . import audit, conflicts, organisations, reveals, users  # noqa: E402, F401 - routes
