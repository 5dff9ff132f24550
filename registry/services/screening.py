"""The designated-entities list: add entries and import them from CSV (platform admins)."""

from __future__ import annotations

import csv
import io

import sqlalchemy as sa

from ..errors import Invalid, PermissionDenied
from ..models import DesignatedEntity
from ..policy import Actor, is_platform_admin
from . import audit
from .inputs.organisations import DesignatedEntityInput
from .saving import assign
from .unit import service, session, touch_conflicts

FIELDS = ("name", "aliases", "list_name", "jurisdictions")
CSV_COLUMNS = ("name", "aliases", "list_name", "jurisdictions")


def _clean(data: DesignatedEntityInput) -> DesignatedEntityInput:
    return DesignatedEntityInput(
        name=data.name.strip(),
        list_name=data.list_name,
        aliases=tuple(alias.strip() for alias in data.aliases if alias.strip()),
        jurisdictions=tuple(
            sorted({code.strip().upper() for code in data.jurisdictions if code.strip()})
        ),
    )


def _upsert(data: DesignatedEntityInput) -> tuple[DesignatedEntity, bool]:
    found = session().scalar(
        sa.select(DesignatedEntity).filter_by(list_name=data.list_name, name=data.name)
    )
    created = found is None
    entity = DesignatedEntity(aliases=[], jurisdictions=[]) if found is None else found
    if created:
        session().add(entity)
    assign(entity, data, FIELDS)
    return entity, created


@service
def create(actor: Actor, data: DesignatedEntityInput) -> DesignatedEntity:
    """Add a designated entity; its list name and name identify it."""
    if not is_platform_admin(actor):
        raise PermissionDenied()
    data = _clean(data)
    if session().scalar(
        sa.select(DesignatedEntity.id).filter_by(list_name=data.list_name, name=data.name)
    ):
        raise Invalid.field("name", "This list already holds an entity of this name.")
    entity, _ = _upsert(data)
    session().flush()
    touch_conflicts()
    audit.record(actor, "designated_entity.create", "designated_entity", entity.id)
    return entity


def parse_csv(text: str) -> list[DesignatedEntityInput]:
    """Read rows of name, aliases (";"-separated), list_name, jurisdictions (";"-separated)."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    missing = [
        column for column in ("name", "list_name") if column not in (reader.fieldnames or [])
    ]
    if missing:
        raise Invalid({"file": [f"The CSV lacks the column(s): {', '.join(missing)}."]})
    rows: list[DesignatedEntityInput] = []
    problems: dict[str, list[str]] = {}
    for number, row in enumerate(reader, start=2):
        if not (row.get("name") or "").strip() or not (row.get("list_name") or "").strip():
            problems[f"row {number}"] = ["Each row needs a name and a list_name."]
            continue
        rows.append(
            DesignatedEntityInput(
                name=row["name"],
                list_name=row["list_name"].strip(),
                aliases=tuple((row.get("aliases") or "").split(";")),
                jurisdictions=tuple((row.get("jurisdictions") or "").split(";")),
            )
        )
    if problems:
        raise Invalid(problems)
    return rows


@service
def import_csv(actor: Actor, text: str) -> dict[str, int]:
    """Import a CSV list: every row or none; rows already on the list are updated."""
    if not is_platform_admin(actor):
        raise PermissionDenied()
    counts = {"created": 0, "updated": 0}
    for row in parse_csv(text):
        _, created = _upsert(_clean(row))
        counts["created" if created else "updated"] += 1
    session().flush()
    touch_conflicts()
    audit.record(actor, "designated_entity.import", "designated_entity", None, counts)
    return counts
