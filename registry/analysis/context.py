"""One analysis run's indexes over a snapshot, computed once and shared by the rules."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import date
from functools import cached_property
from operator import attrgetter

from registry.analysis import pairs, terms
from registry.analysis.bounds import NO_DEADLINE, Deadline
from registry.analysis.candidates import Pair
from registry.analysis.snapshot import (
    ChannelFacts,
    InitiativeFacts,
    ParticipationFacts,
    PersonFacts,
    Snapshot,
)
from registry.analysis.thresholds import Thresholds

PairEngine = Callable[["Context"], dict[Pair, pairs.PairOutcome]]


class Context:
    """A snapshot at a date under thresholds, with the lookups every rule needs."""

    def __init__(
        self,
        snapshot: Snapshot,
        as_of: date,
        thresholds: Thresholds,
        pair_engine: PairEngine | None = None,
        deadline: Deadline = NO_DEADLINE,
    ) -> None:
        self.snapshot = snapshot
        self.deadline = deadline
        self.pair_engine: PairEngine = pair_engine or pairs.pair_outcomes
        self.as_of = as_of
        self.thresholds = thresholds
        self.initiatives: dict[int, InitiativeFacts] = {i.id: i for i in snapshot.initiatives}
        self.live: tuple[InitiativeFacts, ...] = tuple(
            sorted(
                (i for i in snapshot.initiatives if terms.is_live(i, as_of)),
                key=lambda i: i.id,
            )
        )
        self.live_ids = frozenset(i.id for i in self.live)
        participations: dict[int, list[ParticipationFacts]] = defaultdict(list)
        for participation in snapshot.participations:
            participations[participation.initiative_id].append(participation)
        channels: dict[int, list[ChannelFacts]] = defaultdict(list)
        for channel in snapshot.channels:
            channels[channel.initiative_id].append(channel)
        self._participations = participations
        self._channels = channels
        self.body_party = {body.id: body.party_id for body in snapshot.bodies}
        self.party_ids = frozenset(party.id for party in snapshot.parties)
        self._reaches: dict[int, frozenset[int]] = {}
        self._parties: dict[int, frozenset[int]] = {}
        self.people_by_key: dict[int, PersonFacts] = dict(snapshot.people)
        self.agreed_pairs: frozenset[Pair] = frozenset(
            (min(link), max(link)) for link in snapshot.agreed_links
        )

    def participations(self, initiative_id: int) -> list[ParticipationFacts]:
        """The initiative's participations, whatever their role."""
        return self._participations.get(initiative_id, [])

    def channels(self, initiative_id: int) -> list[ChannelFacts]:
        """The initiative's transfer channels."""
        return self._channels.get(initiative_id, [])

    @cached_property
    def people(self) -> dict[int, frozenset[int]]:
        """Matched people of each live initiative with participations, by initiative id."""
        key, rows = attrgetter("person_key"), self._participations
        return {i.id: frozenset(map(key, rows[i.id])) for i in self.live if i.id in rows}

    def people_of(self, initiative_id: int) -> frozenset[int]:
        """The matched people of one live initiative."""
        return self.people.get(initiative_id, frozenset())

    @cached_property
    def bodies_of(self) -> dict[int, frozenset[int]]:
        """Track One bodies each initiative has a channel to."""
        return {iid: frozenset(c.body_id for c in rows) for iid, rows in self._channels.items()}

    def parties_among(self, initiative_id: int) -> frozenset[int]:
        """The non-null parties of the initiative's participations."""
        if initiative_id not in self._parties:
            self._parties[initiative_id] = terms.parties_among(self.participations(initiative_id))
        return self._parties[initiative_id]

    def reaches(self, initiative_id: int) -> frozenset[int]:
        """The parties the initiative reaches (SPEC 4 "reaches")."""
        if initiative_id not in self._reaches:
            self._reaches[initiative_id] = terms.reaches(
                self.participations(initiative_id),
                self.channels(initiative_id),
                self.body_party,
                self.party_ids,
                self.thresholds.carrier_max_proximity,
            )
        return self._reaches[initiative_id]

    def carriers(self, initiative_id: int) -> frozenset[int]:
        """The matched people who carry the initiative's results (SPEC 4 "carriers")."""
        return terms.carriers(
            self.participations(initiative_id),
            self.channels(initiative_id),
            self.thresholds.carrier_max_proximity,
        )

    @cached_property
    def live_initiatives_of_person(self) -> dict[int, tuple[int, ...]]:
        """Live initiatives each matched person is among the people of, sorted.

        `live` is in id order and people_of holds each person once, so appending keeps
        every list sorted and free of repeats. People come in the order they are first
        met, which is fixed for a snapshot.
        """
        found: dict[int, list[int]] = defaultdict(list)
        for initiative in self.live:
            for key in self.people_of(initiative.id):
                found[key].append(initiative.id)
        return {key: tuple(ids) for key, ids in found.items()}

    def ref(self, person_key: int) -> str:
        """The opaque reference of a matched person."""
        return self.people_by_key[person_key].ref

    @cached_property
    def pair_outcomes(self) -> dict[Pair, pairs.PairOutcome]:
        """Pairs of concurrent live initiatives with a pair finding, by pair."""
        return self.pair_engine(self)
