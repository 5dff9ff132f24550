"""The plain, frozen snapshot of one conflict that the analysis reads.

The service layer builds it from the database; nothing here knows where it came from.
Collections are tuples, frozensets or read-only mappings, so a snapshot is immutable
and hashable. People are already matched (SPEC section 3): `person_key` is the smallest
Person id of the matched person's group, and `PersonFacts.ref` is its opaque reference.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class FrozenMap(Mapping[K, V]):
    """A read-only, hashable mapping."""

    __slots__ = ("_data", "_hash")

    def __init__(self, data: Mapping[K, V] | Iterable[tuple[K, V]] = ()) -> None:
        self._data: dict[K, V] = dict(data)
        self._hash: int | None = None

    def __getitem__(self, key: K) -> V:
        return self._data[key]

    def __iter__(self) -> Iterator[K]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __hash__(self) -> int:
        if self._hash is None:
            self._hash = hash(frozenset(self._data.items()))
        return self._hash

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Mapping) and dict(self._data) == dict(other)

    def __repr__(self) -> str:
        return f"FrozenMap({self._data!r})"


@dataclass(frozen=True, slots=True)
class ConflictFacts:
    """The conflict's state on the official track."""

    id: int
    track_one_status: str
    escalation_stage: str


@dataclass(frozen=True, slots=True)
class PartyFacts:
    """A party to the conflict."""

    id: int
    potential_spoiler: bool = False


@dataclass(frozen=True, slots=True)
class IssueFacts:
    """An issue of the conflict."""

    id: int
    on_track_one_agenda: bool = False


@dataclass(frozen=True, slots=True)
class RegionFacts:
    """A region of the conflict."""

    id: int


@dataclass(frozen=True, slots=True)
class BodyFacts:
    """A Track One body; `party_id` None is a joint or third-party body."""

    id: int
    party_id: int | None = None


@dataclass(frozen=True, slots=True)
class InitiativeFacts:
    """What the rules read of an initiative; `last_updated` covers its rows too."""

    id: int
    sponsor_id: int
    funder_ids: frozenset[int]
    track: str
    mode: str
    status: str
    start_date: date | None
    end_date: date | None
    intra_party: bool
    issue_ids: frozenset[int]
    region_ids: frozenset[int]
    last_updated: datetime

    def __post_init__(self) -> None:
        for name in ("funder_ids", "issue_ids", "region_ids"):
            object.__setattr__(self, name, frozenset(getattr(self, name)))


@dataclass(frozen=True, slots=True)
class DesignatedMatch:
    """A designated entity whose name or alias skeleton equals the person's affiliation."""

    entity_id: int
    list_name: str
    jurisdictions: frozenset[str]

    def __post_init__(self) -> None:
        object.__setattr__(self, "jurisdictions", frozenset(self.jurisdictions))


@dataclass(frozen=True, slots=True)
class PersonFacts:
    """A matched person: `key` is the smallest Person id of its group."""

    key: int
    ref: str
    alias: str
    gender: str
    designated: tuple[DesignatedMatch, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "designated", tuple(self.designated))


@dataclass(frozen=True, slots=True)
class ParticipationFacts:
    """A person record in an initiative, with the matched person it belongs to."""

    initiative_id: int
    person_key: int
    record_id: int
    role: str
    party_id: int | None
    proximity: int


@dataclass(frozen=True, slots=True)
class ChannelFacts:
    """A transfer channel; `via_person_key` None is an institutional channel."""

    initiative_id: int
    body_id: int
    via_person_key: int | None = None


@dataclass(frozen=True, slots=True)
class RoundFacts:
    """A round of the Track One talks (SPEC 8): when, which bodies, what agenda."""

    id: int
    status: str
    starts_on: date
    ends_on: date
    body_ids: frozenset[int]
    agenda_issue_ids: frozenset[int]

    def __post_init__(self) -> None:
        for name in ("body_ids", "agenda_issue_ids"):
            object.__setattr__(self, name, frozenset(getattr(self, name)))


@dataclass(frozen=True, slots=True)
class TransferFacts:
    """A transfer event; `body_id` is its channel's body (round_id plays no part in rules)."""

    id: int
    initiative_id: int
    body_id: int
    kind: str
    issue_ids: frozenset[int]
    delivered_on: date
    evidence: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "issue_ids", frozenset(self.issue_ids))


def _tuple(value: Any) -> tuple[Any, ...]:
    """Freeze any iterable into a tuple."""
    return tuple(value)


@dataclass(frozen=True, slots=True)
class Snapshot:
    """Everything the analysis of one conflict reads, and nothing else."""

    conflict: ConflictFacts
    parties: tuple[PartyFacts, ...] = ()
    issues: tuple[IssueFacts, ...] = ()
    regions: tuple[RegionFacts, ...] = ()
    bodies: tuple[BodyFacts, ...] = ()
    initiatives: tuple[InitiativeFacts, ...] = ()
    participations: tuple[ParticipationFacts, ...] = ()
    channels: tuple[ChannelFacts, ...] = ()
    people: Mapping[int, PersonFacts] = field(default_factory=FrozenMap)
    organisation_jurisdictions: Mapping[int, frozenset[str]] = field(default_factory=FrozenMap)
    agreed_links: frozenset[frozenset[int]] = frozenset()
    rounds: tuple[RoundFacts, ...] = ()
    transfers: tuple[TransferFacts, ...] = ()

    def __post_init__(self) -> None:
        for name in (
            "rounds",
            "transfers",
            "parties",
            "issues",
            "regions",
            "bodies",
            "initiatives",
            "participations",
            "channels",
        ):
            object.__setattr__(self, name, _tuple(getattr(self, name)))
        object.__setattr__(self, "people", FrozenMap(self.people))
        jurisdictions = {
            org: frozenset(codes) for org, codes in self.organisation_jurisdictions.items()
        }
        object.__setattr__(self, "organisation_jurisdictions", FrozenMap(jurisdictions))
        links = frozenset(frozenset(pair) for pair in self.agreed_links)
        object.__setattr__(self, "agreed_links", links)
