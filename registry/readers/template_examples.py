"""The names the import template's example row borrows: a conflict's issues and region,
a donor and the sponsor (all reference data, not participants)."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from ..extensions import db
from ..models import Issue, Organisation, Region


@dataclass(frozen=True, slots=True)
class ExampleNames:
    """Names for the example row; empty where the registry has none."""

    issues: tuple[str, ...]
    region: str | None
    donor: str | None
    sponsor: str | None


def example_names(conflict_id: int, organisation_id: int | None) -> ExampleNames:
    """Return the conflict's first two issues and first region, a donor and the sponsor."""
    donor = sa.select(Organisation.name).filter_by(kind="donor").order_by(Organisation.name)
    sponsor = db.session.get(Organisation, organisation_id) if organisation_id is not None else None
    regions = _first_names(Region, conflict_id, 1)
    return ExampleNames(
        issues=tuple(_first_names(Issue, conflict_id, 2)),
        region=regions[0] if regions else None,
        donor=db.session.scalar(donor.limit(1)),
        sponsor=sponsor.name if sponsor else None,
    )


def _first_names(model: type[Issue] | type[Region], conflict_id: int, count: int) -> list[str]:
    statement = sa.select(model.name).filter_by(conflict_id=conflict_id).order_by(model.name)
    return list(db.session.scalars(statement.limit(count)))
