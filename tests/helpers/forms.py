"""Fill the registry's HTML forms as a person would."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tests.factories import Scope


def scope_form(where: Scope, **overrides: Any) -> dict[str, Any]:
    """Return a complete, valid step-1 form for the scope's conflict."""
    return {
        "conflict_id": str(where.conflict.id),
        "title": "Upland water dialogue",
        "issue_ids": [str(where.issue.id)],
        "region_ids": [str(where.region.id)],
        "start_date": "2026-03-01",
        "end_date": "2026-12-31",
        "track": "2",
        "mode": "soft",
        "method": "dialogue",
        "status": "planned",
        "confidentiality": "registry",
        **overrides,
    }
