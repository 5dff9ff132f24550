"""A small builder that makes analysis snapshots readable in tests."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from registry.analysis.engine import Result, analyse
from registry.analysis.findings import Finding
from registry.analysis.snapshot import (
    BodyFacts,
    ChannelFacts,
    ConflictFacts,
    DesignatedMatch,
    InitiativeFacts,
    IssueFacts,
    ParticipationFacts,
    PartyFacts,
    PersonFacts,
    RegionFacts,
    RoundFacts,
    Snapshot,
    TransferFacts,
)
from registry.analysis.thresholds import DEFAULT_THRESHOLDS, Thresholds

AS_OF = date(2025, 6, 1)
START = date(2025, 1, 1)
RECENT = datetime(2025, 5, 1, 12, 0, tzinfo=UTC)


def alias_of(key: int) -> str:
    """A canary alias that must never appear in a finding."""
    return f"Canary-Alias-{key:04d}"


def ref_of(key: int) -> str:
    """The opaque reference the builder gives a matched person."""
    return f"ref{key:04d}"


@dataclass
class Build:
    """Collects the facts of one conflict; every method returns the builder."""

    track_one_status: str = "formal_talks"
    escalation_stage: str = "discussion"
    conflict_id: int = 1
    parties: dict[int, PartyFacts] = field(default_factory=dict)
    issues: dict[int, IssueFacts] = field(default_factory=dict)
    regions: dict[int, RegionFacts] = field(default_factory=dict)
    bodies: dict[int, BodyFacts] = field(default_factory=dict)
    initiatives: dict[int, InitiativeFacts] = field(default_factory=dict)
    people: dict[int, PersonFacts] = field(default_factory=dict)
    participations: list[ParticipationFacts] = field(default_factory=list)
    channels: list[ChannelFacts] = field(default_factory=list)
    jurisdictions: dict[int, frozenset[str]] = field(default_factory=dict)
    links: set[frozenset[int]] = field(default_factory=set)
    rounds: list[RoundFacts] = field(default_factory=list)
    transfers: list[TransferFacts] = field(default_factory=list)

    def party(self, *ids: int, spoiler: bool = False) -> Build:
        for pid in ids:
            self.parties[pid] = PartyFacts(pid, spoiler)
        return self

    def issue(self, *ids: int, agenda: bool = False) -> Build:
        for iid in ids:
            self.issues[iid] = IssueFacts(iid, agenda)
        return self

    def region(self, *ids: int) -> Build:
        for rid in ids:
            self.regions[rid] = RegionFacts(rid)
        return self

    def body(self, bid: int, party: int | None = None) -> Build:
        self.bodies[bid] = BodyFacts(bid, party)
        return self

    def org(self, oid: int, *codes: str) -> Build:
        self.jurisdictions[oid] = frozenset(codes)
        return self

    def initiative(self, iid: int, **fields: Any) -> Build:
        values: dict[str, Any] = {
            "sponsor_id": 100,
            "funder_ids": (),
            "track": "2",
            "mode": "soft",
            "status": "active",
            "start_date": START,
            "end_date": None,
            "intra_party": False,
            "issue_ids": (1,),
            "region_ids": (),
            "last_updated": RECENT,
        }
        values.update(fields)
        self.initiatives[iid] = InitiativeFacts(id=iid, **values)
        return self

    def person(
        self, key: int, gender: str = "undisclosed", designated: tuple[DesignatedMatch, ...] = ()
    ) -> Build:
        self.people[key] = PersonFacts(key, ref_of(key), alias_of(key), gender, designated)
        return self

    def join(
        self,
        iid: int,
        key: int,
        party: int | None = None,
        role: str = "participant",
        proximity: int = 3,
        record: int | None = None,
    ) -> Build:
        """Add a participation of matched person `key` (created when new) in `iid`."""
        if key not in self.people:
            self.person(key)
        row = ParticipationFacts(iid, key, record or key, role, party, proximity)
        self.participations.append(row)
        return self

    def channel(self, iid: int, body: int, via: int | None = None) -> Build:
        if body not in self.bodies:
            self.body(body)
        self.channels.append(ChannelFacts(iid, body, via))
        return self

    def link(self, a: int, b: int) -> Build:
        self.links.add(frozenset((a, b)))
        return self

    def round(
        self,
        rid: int,
        starts_on: date,
        bodies: tuple[int, ...] = (1,),
        agenda: tuple[int, ...] = (1,),
        status: str = "planned",
    ) -> Build:
        """Add a round of the Track One talks (SPEC 8), two days long."""
        for body in bodies:
            self.bodies.setdefault(body, BodyFacts(body))
        ends_on = starts_on + timedelta(days=2)
        self.rounds.append(RoundFacts(rid, status, starts_on, ends_on, bodies, agenda))
        return self

    def transfer(
        self,
        tid: int,
        iid: int,
        delivered_on: date,
        body: int = 1,
        issues: tuple[int, ...] = (1,),
        kind: str = "proposal",
        evidence: str = "claimed",
    ) -> Build:
        """Add a transfer of an initiative through a channel to `body`."""
        self.transfers.append(TransferFacts(tid, iid, body, kind, issues, delivered_on, evidence))
        return self

    def build(self) -> Snapshot:
        return Snapshot(
            conflict=ConflictFacts(self.conflict_id, self.track_one_status, self.escalation_stage),
            parties=tuple(self.parties.values()),
            issues=tuple(self.issues.values()),
            regions=tuple(self.regions.values()),
            bodies=tuple(self.bodies.values()),
            initiatives=tuple(self.initiatives.values()),
            participations=tuple(self.participations),
            channels=tuple(self.channels),
            people=dict(self.people),
            organisation_jurisdictions=dict(self.jurisdictions),
            agreed_links=frozenset(self.links),
            rounds=tuple(self.rounds),
            transfers=tuple(self.transfers),
        )

    def analyse(
        self,
        as_of: date = AS_OF,
        thresholds: Thresholds = DEFAULT_THRESHOLDS,
        codes: tuple[str, ...] | None = None,
    ) -> Result:
        return analyse(self.build(), as_of, thresholds, codes)

    def found(
        self, code: str, as_of: date = AS_OF, thresholds: Thresholds = DEFAULT_THRESHOLDS
    ) -> list[tuple[str, dict[str, tuple[Any, ...]]]]:
        """(severity, non-empty subject lists) of every finding of `code`."""
        findings = self.analyse(as_of, thresholds).findings
        return [(f.severity, subjects(f)) for f in findings if f.code == code]


def subjects(item: Finding) -> dict[str, tuple[Any, ...]]:
    """The non-empty subject lists of a finding."""
    return {name: ids for name, ids in item.subjects().items() if ids}


def codes_of(result: Result) -> set[str]:
    """The codes that fired."""
    return {f.code for f in result.findings}


def pair(a: int, b: int) -> dict[str, tuple[int, ...]]:
    """The subjects of a pair finding."""
    return {"initiative_ids": (a, b)}


def one(iid: int) -> dict[str, tuple[int, ...]]:
    """The subjects of a per-initiative finding."""
    return {"initiative_ids": (iid,)}
