"""The designated-entities list as platform admins read it (the route admits only them)."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from ..extensions import db
from ..models import DesignatedEntity


@dataclass(frozen=True)
class EntityLine:
    """One designated entity, with its other names and jurisdictions."""

    name: str
    aliases: tuple[str, ...]
    list_name: str
    jurisdictions: tuple[str, ...]


def designated_entities() -> list[EntityLine]:
    """Return every designated entity, by list and then name."""
    statement = sa.select(DesignatedEntity).order_by(
        DesignatedEntity.list_name, DesignatedEntity.name
    )
    return [
        EntityLine(e.name, tuple(e.aliases or ()), e.list_name, tuple(e.jurisdictions or ()))
        for e in db.session.scalars(statement)
    ]
