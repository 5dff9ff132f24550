"""Read initiatives as a given reader may see them: which ones, and which of their fields."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from functools import cache
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import selectinload

from .. import policy
from ..errors import NotFound
from ..extensions import db
from ..models import Initiative, Participation, Person, TransferChannel
from ..models.initiative import initiative_funder, initiative_issue, initiative_region
from ..policy import Access, Actor
from .paging import Listing

INITIATIVE_FIELDS = (
    "id",
    "created_at",
    "updated_at",
    "version",
    "conflict_id",
    "title",
    "summary",
    "sponsor_id",
    "track",
    "mode",
    "method",
    "status",
    "start_date",
    "end_date",
    "intra_party",
    "confidentiality",
    "external_id",
)


@dataclass(frozen=True, slots=True)
class PresentedInitiative:
    """An initiative as one reader may see it: fields above the reader's level are None
    and named in `hidden`, so the API leaves them out rather than writing null."""

    id: int
    title: str
    sponsor_id: int
    conflict_id: int
    issue_ids: tuple[int, ...]
    region_ids: tuple[int, ...]
    status: str
    start_date: date | None
    end_date: date | None
    track: str
    mode: str
    created_at: datetime | None = None
    updated_at: datetime | None = None
    version: int | None = None
    summary: str | None = None
    funder_ids: tuple[int, ...] | None = None
    method: str | None = None
    intra_party: bool | None = None
    confidentiality: str | None = None
    external_id: str | None = None
    track_one_body_ids: tuple[int, ...] | None = None
    participant_counts: Mapping[str, Mapping[str, int]] | None = None
    hidden: frozenset[str] = field(default=frozenset())

    def shown(self) -> dict[str, Any]:
        """Return the fields the reader may see, by name."""
        names = (f.name for f in fields(self) if f.name != "hidden")
        return {name: getattr(self, name) for name in names if name not in self.hidden}


def visible_query(actor: Actor, filters: dict[str, Any] | None = None) -> sa.Select[Initiative]:
    """Return the SELECT of the initiatives the actor sees, filtered and ordered by id."""
    options = (
        selectinload(Initiative.funders),
        selectinload(Initiative.issues),
        selectinload(Initiative.regions),
    )
    return visible_matching(actor, filters).options(*options).order_by(Initiative.id)


def visible_matching(actor: Actor, filters: dict[str, Any] | None = None) -> sa.Select[Initiative]:
    """Return the bare SELECT of the initiatives the actor sees that match the filters."""
    statement = sa.select(Initiative).where(policy.visible_initiatives(actor))
    filters = filters or {}
    for name in ("conflict_id", "sponsor_id", "status"):
        if filters.get(name) is not None:
            statement = statement.where(getattr(Initiative, name) == filters[name])
    if filters.get("issue_id") is not None:
        statement = statement.where(
            Initiative.id.in_(
                sa.select(initiative_issue.c.initiative_id).where(
                    initiative_issue.c.issue_id == filters["issue_id"]
                )
            )
        )
    return statement


def check_visible(
    actor: Actor, initiative_id: int, at_least: Access = Access.PUBLIC_FIELDS
) -> None:
    """Raise 404, exactly as if missing, unless the actor sees the initiative at `at_least`."""
    initiative = db.session.get(Initiative, initiative_id)
    if initiative is None or policy.initiative_access(actor, initiative) < at_least:
        raise NotFound()


def get_visible(
    actor: Actor, initiative_id: int, at_least: Access = Access.PUBLIC_FIELDS
) -> PresentedInitiative:
    """Return one initiative the actor sees at `at_least`, or 404 exactly as if missing."""
    return visible_row(actor, initiative_id, at_least)[1]


def visible_row(
    actor: Actor, initiative_id: int, at_least: Access = Access.PUBLIC_FIELDS
) -> tuple[Initiative, PresentedInitiative, Access]:
    """Return one initiative's row (for other readers), its record and the actor's access,
    or 404 exactly as if missing.

    The caller holds the row: the session keeps rows only while someone refers to them,
    so reading it again by id would cost another SELECT.
    """
    initiative = db.session.get(Initiative, initiative_id)
    if initiative is not None:
        [(record, access)] = _presented(actor, [initiative])
        if access >= at_least:
            return initiative, record, access
    raise NotFound()


def listed_query(actor: Actor, filters: dict[str, Any] | None = None) -> sa.Select[Initiative]:
    """Return the SELECT of the initiatives the actor sees, ordered by id, for `present`.

    Unlike `visible_query` it loads no relationships: `present` reads the ids it needs.
    """
    return visible_matching(actor, filters).order_by(Initiative.id)


def present(actor: Actor, initiatives: Sequence[Initiative]) -> list[PresentedInitiative]:
    """Return each initiative with only the fields the actor may see.

    Funders, issues, regions, channels' bodies and participant counts come in one query
    for the whole page, whatever the page's length.
    """
    return [record for record, _ in _presented(actor, initiatives)]


def _presented(
    actor: Actor, initiatives: Sequence[Initiative]
) -> list[tuple[PresentedInitiative, Access]]:
    """Return each initiative's record with the access the actor has to it."""
    ids = [i.id for i in initiatives]
    links, counts = _page_facts(ids)
    rows = []
    for initiative in initiatives:
        linked = {kind: tuple(links[kind].get(initiative.id, [])) for kind in LINKS}
        facts = policy.InitiativeFacts(
            conflict_id=initiative.conflict_id,
            sponsor_id=initiative.sponsor_id,
            funder_ids=frozenset(linked["funder_ids"]),
            confidentiality=initiative.confidentiality,
        )
        row: dict[str, Any] = {name: getattr(initiative, name) for name in INITIATIVE_FIELDS}
        row.update(linked)
        row["participant_counts"] = counts.get(initiative.id, {"by_party": {}, "by_sector": {}})
        access = policy.initiative_access(actor, facts)
        if access == Access.PUBLIC_FIELDS:
            hidden = frozenset(row) - policy.PUBLIC_FIELDS
            row = {k: v for k, v in row.items() if k not in hidden}
            row["hidden"] = hidden
        rows.append((PresentedInitiative(**row), access))
    return rows


def visible_listing(
    actor: Actor, filters: dict[str, Any] | None = None
) -> Listing[Initiative, PresentedInitiative]:
    """Return the initiatives the actor sees, filtered, to page: each with what it may see."""
    return Listing(listed_query(actor, filters), lambda rows: present(actor, rows))


LINKS = ("funder_ids", "issue_ids", "region_ids", "track_one_body_ids")
Links = dict[str, dict[int, list[int]]]
Counts = dict[int, dict[str, dict[str, int]]]


@cache
def _page_facts_statement(dialect: str) -> sa.CompoundSelect[Any]:
    """The UNION ALL of `_page_facts`, built once per database: the page's ids are its one
    parameter.

    On PostgreSQL they go as one array (`= ANY (:ids)`), so the statement reads the same
    whatever the page's length and psycopg converts it once (a page of 50 expanded into
    250 placeholders, past psycopg's cache of converted statements, and was converted
    anew on every request). Elsewhere they expand into `IN (...)`.
    """
    if dialect == "postgresql":
        array: sa.BindParameter[Any] = sa.bindparam("ids", type_=ARRAY(sa.Integer))

        def among(column: Any) -> sa.ColumnElement[bool]:
            return column == sa.any_(array)  # type: ignore[no-any-return]
    else:
        expanded: sa.BindParameter[list[int]] = sa.bindparam("ids", expanding=True)

        def among(column: Any) -> sa.ColumnElement[bool]:
            return column.in_(expanded)  # type: ignore[no-any-return]

    no_sector = sa.cast(sa.null(), Person.sector.type).label("sector")
    no_number = sa.cast(sa.null(), sa.Integer).label("number")
    sources = (
        (initiative_funder.c.initiative_id, initiative_funder.c.organisation_id),
        (initiative_issue.c.initiative_id, initiative_issue.c.issue_id),
        (initiative_region.c.initiative_id, initiative_region.c.region_id),
        (TransferChannel.initiative_id, TransferChannel.track_one_body_id),
    )
    branches = [
        sa.select(sa.literal(kind).label("kind"), owner, linked, no_sector, no_number).where(
            among(owner)
        )
        for kind, (owner, linked) in zip(LINKS, sources, strict=True)
    ]
    grouped = (Participation.initiative_id, Participation.party_id, Person.sector)
    branches.append(
        sa.select(sa.literal("participants").label("kind"), *grouped, sa.func.count())
        .join(Person, Person.id == Participation.person_id)
        .where(among(Participation.initiative_id))
        .group_by(*grouped)
    )
    return sa.union_all(*branches)


def _page_facts(ids: list[int]) -> tuple[Links, Counts]:
    """Each initiative's linked ids (sorted) and participant counts, in one query.

    One round trip for the whole page: a branch per kind of link, each row an
    (initiative, linked id) pair, and one branch of participations grouped by party and
    sector, each row carrying its count.
    """
    found: dict[str, dict[int, set[int]]] = {kind: defaultdict(set) for kind in LINKS}
    counts: Counts = {}
    statement = _page_facts_statement(db.session.get_bind().dialect.name)
    for kind, initiative_id, linked_id, sector, number in db.session.execute(
        statement, {"ids": ids}
    ):
        if kind != "participants":
            found[kind][initiative_id].add(linked_id)
            continue
        entry = counts.setdefault(initiative_id, {"by_party": {}, "by_sector": {}})
        if linked_id is not None:
            key = str(linked_id)
            entry["by_party"][key] = entry["by_party"].get(key, 0) + number
        entry["by_sector"][sector] = entry["by_sector"].get(sector, 0) + number
    links = {kind: {key: sorted(value) for key, value in by.items()} for kind, by in found.items()}
    return links, counts
