"""The designated-entities list as platform admins read it (the route admits only them)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from ..errors import NotFound
from ..extensions import db
from ..models import DesignatedEntity
from .paging import Listing, each


@dataclass(frozen=True)
class EntityLine:
    """One designated entity, with its other names and jurisdictions."""

    name: str
    aliases: tuple[str, ...]
    list_name: str
    jurisdictions: tuple[str, ...]


def designated_entities() -> list[EntityLine]:
    """Return every designated entity, by list and then name."""
    return [
        EntityLine(e.name, tuple(e.aliases or ()), e.list_name, tuple(e.jurisdictions or ()))
        for e in db.session.scalars(_by_list())
    ]


def _by_list() -> sa.Select[DesignatedEntity]:
    return sa.select(DesignatedEntity).order_by(DesignatedEntity.list_name, DesignatedEntity.name)


@dataclass(frozen=True, slots=True)
class EntityRecord:
    """One designated entity as the API shows it: the line with its id, version and dates."""

    id: int
    created_at: datetime
    updated_at: datetime
    version: int
    name: str
    aliases: tuple[str, ...]
    list_name: str
    jurisdictions: tuple[str, ...]


def _record(e: DesignatedEntity) -> EntityRecord:
    return EntityRecord(
        id=e.id,
        created_at=e.created_at,
        updated_at=e.updated_at,
        version=e.version,
        name=e.name,
        aliases=tuple(e.aliases or ()),
        list_name=e.list_name,
        jurisdictions=tuple(e.jurisdictions or ()),
    )


def entities_listing() -> Listing[DesignatedEntity, EntityRecord]:
    """Return every designated entity, by list and then name, to page."""
    return Listing(_by_list(), each(_record))


def entity(entity_id: int) -> EntityRecord:
    """Return one designated entity, or raise NotFound."""
    found = db.session.get(DesignatedEntity, entity_id)
    if found is None:
        raise NotFound()
    return _record(found)
