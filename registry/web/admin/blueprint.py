"""The administration blueprint and its gate, apart from the package so its modules import it
without importing the package back."""

from __future__ import annotations

from flask import Blueprint

from ... import policy
from ...auth.access import current_actor
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
