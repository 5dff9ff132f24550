"""The names a set of findings refers to, looked up once per kind for one reader.

Reference data of the conflict (parties, issues, regions, Track One bodies) is
readable by anyone. Initiative titles come only where the policy lets the reader see
the initiative; a matched person's alias only where the reader sees participants
(SPEC 3); designated entities by name and list only for `legal_risk`. Anything
missing reads as "a deleted ..." (or "an initiative you may not see").
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from .. import policy
from ..extensions import db
from ..identity import match_ring, opaque_ref
from ..models import (
    DesignatedEntity,
    Initiative,
    Issue,
    Organisation,
    Participation,
    Party,
    Person,
    Region,
    TrackOneBody,
)
from ..policy import Access, Actor
from .conflicts import ConflictFields
from .round_names import round_names, transfer_titles

HIDDEN_INITIATIVE = "an initiative you may not see"


@dataclass(frozen=True)
class PersonName:
    """A matched person as a reader may name it: the alias of its group's smallest record."""

    person_id: int
    alias: str


@dataclass(frozen=True)
class Entity:
    """A designated entity as `legal_risk` names it."""

    name: str
    list_name: str


@dataclass(frozen=True)
class Names:
    """Names by id for one reader; lookups never fail, they say what is missing."""

    coordinates: bool
    parties: Mapping[int, str] = field(default_factory=dict)
    issues: Mapping[int, str] = field(default_factory=dict)
    regions: Mapping[int, str] = field(default_factory=dict)
    bodies: Mapping[int, str] = field(default_factory=dict)
    organisations: Mapping[int, str] = field(default_factory=dict)
    titles: Mapping[int, str] = field(default_factory=dict)
    existing: frozenset[int] = frozenset()
    with_rows: frozenset[int] = frozenset()
    people: Mapping[str, PersonName] = field(default_factory=dict)
    entities: Mapping[int, Entity] = field(default_factory=dict)
    rounds: Mapping[int, str] = field(default_factory=dict)
    transfers: Mapping[int, str] = field(default_factory=dict)

    def round(self, round_id: int) -> str:
        """Name a round by its title and dates."""
        return self.rounds.get(int(round_id), "a deleted round")

    def transfer(self, transfer_id: int) -> str:
        """Title a transfer whose initiative's lists the reader may read."""
        return self.transfers.get(int(transfer_id), "a transfer you may not see")

    def party(self, party_id: int) -> str:
        """Name a party."""
        return self.parties.get(int(party_id), "a deleted party")

    def issue(self, issue_id: int) -> str:
        """Name an issue."""
        return self.issues.get(int(issue_id), "a deleted issue")

    def region(self, region_id: int) -> str:
        """Name a region."""
        return self.regions.get(int(region_id), "a deleted region")

    def body(self, body_id: int) -> str:
        """Name a Track One body."""
        return self.bodies.get(int(body_id), "a deleted Track One body")

    def organisation(self, organisation_id: int) -> str:
        """Name an organisation."""
        return self.organisations.get(int(organisation_id), "a deleted organisation")

    def initiative(self, initiative_id: int) -> str:
        """Title an initiative the reader may see; otherwise say it is hidden or deleted."""
        title = self.titles.get(int(initiative_id))
        if title is not None:
            return title
        return HIDDEN_INITIATIVE if int(initiative_id) in self.existing else "a deleted initiative"

    def person(self, ref: str) -> str:
        """Name a matched person by alias where the reader sees participants."""
        found = self.people.get(ref)
        return found.alias if found else "a participant"

    def entity(self, entity_id: int) -> Entity:
        """Name a designated entity and its list."""
        return self.entities.get(int(entity_id), Entity("a deleted designated entity", "a list"))


def names_for(
    actor: Actor, conflict: ConflictFields, findings: Iterable[Mapping[str, Any]]
) -> Names:
    """Look up every name the findings refer to, one query per kind."""
    wanted = _wanted(findings)
    coordinates = policy.is_coordinator(actor, conflict.id)
    titles, existing = _initiatives(actor, conflict, wanted["initiatives"])
    return Names(
        coordinates=coordinates,
        parties=_reference(Party, conflict.id),
        issues=_reference(Issue, conflict.id),
        regions=_reference(Region, conflict.id),
        bodies=_reference(TrackOneBody, conflict.id),
        organisations=_by_id(Organisation, wanted["organisations"]),
        titles=titles,
        existing=existing,
        with_rows=_with_rows(actor, conflict, coordinates),
        people=_people(actor, conflict, coordinates, wanted["refs"]),
        entities=_entities(wanted["entities"]),
        rounds=round_names(conflict.id),
        transfers=transfer_titles(actor, conflict, wanted["transfers"]),
    )


def _wanted(findings: Iterable[Mapping[str, Any]]) -> dict[str, set[Any]]:
    """Collect the ids of initiatives, organisations, entities and the person refs named."""
    wanted: dict[str, set[Any]] = {
        "initiatives": set(),
        "organisations": set(),
        "refs": set(),
        "entities": set(),
        "transfers": set(),
    }
    for item in findings:
        inputs = (item.get("evidence") or {}).get("inputs", {})
        wanted["initiatives"].update(item.get("initiative_ids") or ())
        for name in ("live_initiative_ids", "simultaneous_initiative_ids"):
            wanted["initiatives"].update(inputs.get(name, ()))
        wanted["organisations"].update(item.get("organisation_ids") or ())
        wanted["organisations"].update(inputs.get("organisation_ids", ()))
        wanted["refs"].update(item.get("person_refs") or ())
        wanted["transfers"].update(inputs.get("transfer_ids", ()))
        for pair in inputs.get("pairs", ()):
            wanted["transfers"].update(pair.get("transfer_ids", ()))
        for match in inputs.get("matches", ()):
            wanted["refs"].add(match["person_ref"])
            wanted["entities"].add(match["entity_id"])
    return wanted


def _reference(model: Any, conflict_id: int) -> dict[int, str]:
    """One kind of the conflict's reference data, {id: name}."""
    statement = sa.select(model.id, model.name).where(model.conflict_id == conflict_id)
    return {row.id: row.name for row in db.session.execute(statement)}


def _by_id(model: Any, ids: set[int]) -> dict[int, str]:
    """Names of rows of a model, by id (none asked, no query)."""
    if not ids:
        return {}
    statement = sa.select(model.id, model.name).where(model.id.in_(sorted(ids)))
    return {row.id: row.name for row in db.session.execute(statement)}


def _initiatives(
    actor: Actor, conflict: ConflictFields, ids: set[int]
) -> tuple[dict[int, str], frozenset[int]]:
    """Titles of the initiatives the reader may see, and which of the others still exist."""
    if not ids:
        return {}, frozenset()
    visible = policy.visible_initiatives(actor)
    statement = sa.select(
        Initiative.id, sa.case((visible, Initiative.title), else_=sa.null()).label("title")
    ).where(Initiative.id.in_(sorted(ids)), Initiative.conflict_id == conflict.id)
    rows = db.session.execute(statement).all()
    titles = {row.id: row.title for row in rows if row.title is not None}
    return titles, frozenset(row.id for row in rows)


def _with_rows(actor: Actor, conflict: ConflictFields, coordinates: bool) -> frozenset[int]:
    """The conflict's initiatives whose participation rows the reader sees (all: coordinators)."""
    statement = sa.select(Initiative.id).where(Initiative.conflict_id == conflict.id)
    if not coordinates:
        statement = statement.where(policy.visible_initiatives(actor, Access.EVERYTHING))
    return frozenset(db.session.scalars(statement))


def _people(
    actor: Actor, conflict: ConflictFields, coordinates: bool, refs: set[str]
) -> dict[str, PersonName]:
    """Resolve person refs to aliases among the people the reader may see take part.

    A coordinator's refs are HMACs of a group's smallest Person id, which may be any
    record sharing a fingerprint with a participant of the conflict; everyone else's
    people are matched within one organisation, so a ref is one record it sees.
    """
    if not refs:
        return {}
    seen = policy.visible_initiatives(actor, Access.EVERYTHING)
    participants = (
        sa.select(Participation.person_id)
        .join(Initiative, Initiative.id == Participation.initiative_id)
        .where(Initiative.conflict_id == conflict.id, seen)
    )
    if coordinates:
        fingerprints = sa.select(Person.name_fingerprint).where(Person.id.in_(participants))
        chosen = Person.name_fingerprint.in_(fingerprints)
    else:
        chosen = Person.id.in_(participants)
    ring = match_ring()
    found = {}
    for person_id, alias in db.session.execute(sa.select(Person.id, Person.alias).where(chosen)):
        ref = opaque_ref(ring, "person", person_id)
        if ref in refs:
            found[ref] = PersonName(person_id, alias)
    return found


def _entities(ids: set[int]) -> dict[int, Entity]:
    """Designated entities named by `legal_risk` findings."""
    if not ids:
        return {}
    statement = sa.select(DesignatedEntity.id, DesignatedEntity.name, DesignatedEntity.list_name)
    rows = db.session.execute(statement.where(DesignatedEntity.id.in_(sorted(ids))))
    return {row.id: Entity(row.name, row.list_name) for row in rows}
