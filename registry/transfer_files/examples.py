"""The import template's example row in a conflict's own words: its slug, issues and regions."""

from __future__ import annotations

import sqlalchemy as sa

from ..extensions import db
from ..models import Issue, Organisation, Region
from ..readers.conflicts import ConflictLine


def _first_names(model: type[Issue] | type[Region], conflict_id: int, count: int) -> list[str]:
    statement = sa.select(model.name).filter_by(conflict_id=conflict_id).order_by(model.name)
    return list(db.session.scalars(statement.limit(count)))


def examples_for(conflict: ConflictLine, organisation_id: int | None) -> dict[str, str]:
    """Return example cells by field: the conflict's slug and names, a donor, the sponsor.

    Fields the conflict has nothing for keep the template's generic example.
    """
    examples = {"conflict_id": conflict.slug, "external_id": f"{conflict.slug[:12].upper()}-01"}
    issues = _first_names(Issue, conflict.id, 2)
    if issues:
        examples["issue_ids"] = "; ".join(issues)
        examples["title"] = f"Dialogue on {issues[0]}"
        examples["summary"] = f"Monthly meetings on {'; '.join(issues)}."
    regions = _first_names(Region, conflict.id, 1)
    examples["region_ids"] = regions[0] if regions else ""
    donor = db.session.scalar(
        sa.select(Organisation.name).filter_by(kind="donor").order_by(Organisation.name).limit(1)
    )
    examples["funder_ids"] = donor or ""
    if organisation_id is not None:
        sponsor = db.session.get(Organisation, organisation_id)
        examples["sponsor_id"] = sponsor.name if sponsor else ""
    return examples
