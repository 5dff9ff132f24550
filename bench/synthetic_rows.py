"""The rows of one synthetic conflict: organisations, reference data, initiatives, people."""

from __future__ import annotations

import itertools
import random
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from synthetic_calendar import add_calendar
from synthetic_world import (
    AS_OF,
    DESIGNATED,
    DUMMY_CIPHERTEXT,
    FIRST_NAMES,
    ID_TABLES,
    ISSUE_COUNTS,
    JURISDICTIONS,
    PARTIES,
    SPAN_AFTER_DAYS,
    SPAN_BEFORE_DAYS,
    SURNAMES,
    Shape,
    moment,
    suspect_quotas,
    unique_word,
    weighted,
)


@dataclass
class HumanBeing:
    """One real person of the synthetic world, before organisations register them."""

    number: int
    names: tuple[str, ...]  # the spellings organisations use
    birth_year: int | None
    gender: str
    party_id: int | None
    proximity: int
    affiliation: str | None = None
    records: dict[int, int] = field(default_factory=dict)  # organisation id -> person id


@dataclass
class Plan:
    """The rows of every table, with explicit ids, and what the shape statistics need."""

    shape: Shape
    conflict_id: int
    rows: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))


class Generator:
    """Builds the rows of one synthetic conflict, the same for the same seed and ids."""

    def __init__(
        self, initiatives: int, seed: int, first_ids: dict[str, int], sign: Callable[[str], str]
    ) -> None:
        self.shape = Shape.of(initiatives)
        self.rnd = random.Random(seed)
        self.seed = seed
        self.next_id = dict(first_ids)
        self.sign = sign  # name -> fingerprint under the app's match key
        self.signed: dict[str, str] = {}
        self.plan = Plan(self.shape, conflict_id=first_ids["conflict"])
        self.tag = self.plan.conflict_id
        self.people: list[HumanBeing] = []

    def new_id(self, table: str) -> int:
        value = self.next_id[table]
        self.next_id[table] = value + 1
        return value

    def add(self, table: str, **row: Any) -> int:
        if "id" not in row and table in ID_TABLES:
            row = {"id": self.new_id(table), **row}
        self.plan.rows[table].append(row)
        return row.get("id", 0)

    def fingerprint(self, name: str) -> str:
        if name not in self.signed:
            self.signed[name] = self.sign(name)
        return self.signed[name]

    def stamps(self, created: datetime, updated: datetime | None = None) -> dict[str, Any]:
        return {"created_at": created, "updated_at": updated or created}

    def generate(self) -> Plan:
        rnd, shape = self.rnd, self.shape
        registered = moment(AS_OF - timedelta(days=SPAN_BEFORE_DAYS + 400), rnd)
        self.registered = registered
        self.sponsors = [
            self._organisation(f"Bench {self.tag} NGO {k}", "ngo", registered)
            for k in range(shape.sponsors)
        ]
        self.donors = [
            self._organisation(f"Bench {self.tag} Donor {k}", "donor", registered)
            for k in range(shape.donors)
        ]
        conflict = self.add(
            "conflict",
            id=self.plan.conflict_id,
            slug=f"bench-{self.tag}",
            name=f"Bench conflict {self.tag}",
            summary=None,
            countries=["XA", "XB"],
            track_one_status="stalled",
            escalation_stage="polarisation",
            data_version=1,
            version=1,
            **self.stamps(registered),
        )
        reference = {"conflict_id": conflict, "version": 1, **self.stamps(registered)}
        self.parties = [
            self.add(
                "party",
                name=f"Party {k}",
                kind=("state", "non_state_armed", "political", "community")[k % 4],
                potential_spoiler=k == PARTIES - 1,
                **reference,
            )
            for k in range(shape.parties)
        ]
        self.issues = [
            self.add(
                "issue",
                name=f"Issue {k}",
                description=None,
                on_track_one_agenda=k % 5 == 0,
                **reference,
            )
            for k in range(shape.issues)
        ]
        # Issues are unevenly popular, relative to their number: the top one is about
        # ten times as common as the last, whatever N.
        self.issue_weights = list(
            itertools.accumulate(1 / (0.1 + k / shape.issues) for k in range(shape.issues))
        )
        self.regions = [
            self.add("region", name=f"Region {k}", **reference) for k in range(shape.regions)
        ]
        self.bodies = [
            self.add(
                "track_one_body",
                name=f"Body {k}",
                kind=("negotiation_delegation", "government", "mediator_office", "parliament")[
                    k % 4
                ],
                party_id=self.parties[k % PARTIES] if k % 10 < 7 else None,
                **reference,
            )
            for k in range(shape.bodies)
        ]
        initiatives = [self._initiative(conflict) for _ in range(shape.initiatives)]
        self._cast(initiatives)
        for initiative in initiatives:
            self._participations(initiative)
            self._channels(initiative)
        self._designated(registered)
        self._links(initiatives)
        add_calendar(self, initiatives, self.seed)
        return self.plan

    def _organisation(self, name: str, kind: str, registered: datetime) -> int:
        return self.add(
            "organisation",
            name=name,
            kind=kind,
            country=None,
            jurisdictions=list(self.rnd.choice(JURISDICTIONS)),
            version=1,
            **self.stamps(registered),
        )

    def _initiative(self, conflict: int) -> dict[str, Any]:
        rnd = self.rnd
        start = AS_OF - timedelta(days=rnd.randrange(-SPAN_AFTER_DAYS, SPAN_BEFORE_DAYS))
        end = None if rnd.random() < 0.08 else start + timedelta(days=rnd.randrange(60, 1100))
        if end is not None and end < AS_OF:
            status = weighted(rnd, {"concluded": 80, "active": 8, "cancelled": 7, "paused": 5})
        elif start > AS_OF:
            status = weighted(rnd, {"planned": 85, "active": 5, "cancelled": 10})
        else:
            status = weighted(rnd, {"active": 82, "planned": 6, "paused": 8, "cancelled": 4})
        created = moment(min(start - timedelta(days=rnd.randrange(20, 240)), AS_OF), rnd)
        updated = max(created, moment(AS_OF - timedelta(days=int(rnd.expovariate(1 / 120))), rnd))
        intra_party = rnd.random() < 0.1
        sides = rnd.sample(self.parties, 1 if intra_party else rnd.choice((2, 2, 2, 3, 3, 4)))
        sponsor = rnd.choice(self.sponsors)
        initiative_id = self.new_id("initiative")
        row = {
            "id": initiative_id,
            "conflict_id": conflict,
            "title": f"Initiative {initiative_id}",
            "summary": None,
            "sponsor_id": sponsor,
            "track": weighted(rnd, {"2": 60, "1.5": 25, "3": 15}),
            "mode": weighted(rnd, {"soft": 65, "hard": 35}),
            "method": rnd.choice(("dialogue", "problem_solving_workshop", "back_channel")),
            "status": status,
            "start_date": None if rnd.random() < 0.02 else start,
            "end_date": end,
            "intra_party": intra_party,
            "confidentiality": weighted(
                rnd, {"public": 30, "registry": 50, "restricted": 15, "sealed": 5}
            ),
            "external_id": None,
            "version": 1,
            **self.stamps(created, updated),
        }
        self.add("initiative", **row)
        count = weighted(rnd, ISSUE_COUNTS)
        issues = rnd.choices(self.issues, cum_weights=self.issue_weights, k=count)
        for issue in sorted(set(issues)):
            self.add("initiative_issue", initiative_id=row["id"], issue_id=issue)
        for region in sorted(rnd.sample(self.regions, weighted(rnd, {0: 20, 1: 60, 2: 20}))):
            self.add("initiative_region", initiative_id=row["id"], region_id=region)
        for donor in sorted(rnd.sample(self.donors, weighted(rnd, {0: 45, 1: 45, 2: 10}))):
            self.add("initiative_funder", initiative_id=row["id"], organisation_id=donor)
        return {
            "row": row,
            "issues": sorted(set(issues)),
            "sides": sides,
            "size": rnd.randrange(3, 13),
            "people": [],
        }

    def _human(self, party_id: int | None, close: bool) -> HumanBeing:
        rnd = self.rnd
        number = len(self.people)
        first = rnd.choice(FIRST_NAMES)
        middle = unique_word(number)
        surname = rnd.choice(SURNAMES)
        affiliation = None
        if rnd.random() < 0.004:
            name, aliases, _ = rnd.choice(DESIGNATED)
            affiliation = rnd.choice((name, *aliases))
        elif rnd.random() < 0.03:
            affiliation = rnd.choice(("Chamber of Commerce", "Bar Association", "Union of Youth"))
        human = HumanBeing(
            number=number,
            names=tuple(f"{spelling} {middle} {surname}" for spelling in first),
            birth_year=None if rnd.random() < 0.15 else rnd.randrange(1945, 2002),
            gender=weighted(rnd, {"female": 35, "male": 55, "other": 2, "undisclosed": 8}),
            party_id=party_id,
            proximity=weighted(rnd, {0: 25, 1: 35, 2: 25, 3: 15})
            if close
            else weighted(rnd, {0: 4, 1: 14, 2: 42, 3: 40}),
            affiliation=affiliation,
        )
        self.people.append(human)
        return human

    def _cast(self, initiatives: list[dict[str, Any]]) -> None:
        """Give every initiative its people: usual suspects first, then newcomers."""
        rnd = self.rnd
        slots = sum(i["size"] for i in initiatives)
        for quota in suspect_quotas(rnd, slots, len(initiatives)):
            human = self._human(rnd.choice((*self.parties, None, None)), close=True)
            for initiative in rnd.sample(initiatives, quota):
                initiative["people"].append(human)
        for initiative in initiatives:
            for _ in range(max(1, initiative["size"] - len(initiative["people"]))):
                third_party = rnd.random() < 0.12
                initiative["people"].append(
                    self._human(None if third_party else rnd.choice(initiative["sides"]), False)
                )

    def _record(self, human: HumanBeing, organisation: int, created: datetime) -> int:
        """The person record of a human in an organisation, registered on first use."""
        if organisation in human.records:
            return human.records[organisation]
        rnd = self.rnd
        name = rnd.choice(human.names)  # organisations spell names their own way
        person = self.add(
            "person",
            organisation_id=organisation,
            full_name_encrypted=DUMMY_CIPHERTEXT,
            name_fingerprint=self.fingerprint(name),
            alias=f"Bench-{human.number:06d}",
            # A record without a birth year still matches the others (one year known).
            birth_year=human.birth_year if rnd.random() < 0.9 else None,
            gender=human.gender,
            sector=rnd.choice(("civil_society", "academic", "youth", "women", "religious")),
            proximity=human.proximity,
            designated_affiliation_encrypted=DUMMY_CIPHERTEXT if human.affiliation else None,
            affiliation_fingerprint=(
                self.fingerprint(human.affiliation) if human.affiliation else None
            ),
            identity_visibility="pseudonymous",
            version=1,
            **self.stamps(created),
        )
        human.records[organisation] = person
        return person

    def _participations(self, initiative: dict[str, Any]) -> None:
        rnd, row = self.rnd, initiative["row"]
        records = []
        for human in initiative["people"]:
            person = self._record(human, row["sponsor_id"], row["created_at"])
            if human.party_id is None:
                role = weighted(
                    rnd, {"facilitator": 45, "mediator": 20, "observer": 20, "rapporteur": 15}
                )
            else:
                role = weighted(rnd, {"participant": 90, "observer": 10})
            joined = min(row["updated_at"], row["created_at"] + timedelta(days=rnd.randrange(60)))
            self.add(
                "participation",
                initiative_id=row["id"],
                person_id=person,
                role=role,
                party_id=human.party_id,
                start_date=None,
                end_date=None,
                **self.stamps(joined),
            )
            records.append((person, human))
        initiative["records"] = records

    def _channels(self, initiative: dict[str, Any]) -> None:
        rnd, row = self.rnd, initiative["row"]
        close = [person for person, human in initiative["records"] if human.proximity <= 1]
        initiative["channels"] = []
        for body in rnd.sample(self.bodies, weighted(rnd, {0: 30, 1: 40, 2: 20, 3: 10})):
            via = rnd.choice(close) if close and rnd.random() < 0.5 else None
            channel_id = self.add(
                "transfer_channel",
                initiative_id=row["id"],
                track_one_body_id=body,
                mechanism="participant_official_role"
                if via
                else rnd.choice(("direct_briefing", "written_submission", "back_channel")),
                via_person_id=via,
                established_on=row["start_date"] or AS_OF,
                **self.stamps(row["updated_at"]),
            )
            initiative["channels"].append({"id": channel_id, "body": body})

    def _designated(self, registered: datetime) -> None:
        for name, aliases, jurisdictions in DESIGNATED:
            self.add(
                "designated_entity",
                name=name,
                aliases=list(aliases),
                list_name=f"Bench list {self.tag}",
                jurisdictions=list(jurisdictions),
                version=1,
                **self.stamps(registered),
            )

    def _links(self, initiatives: list[dict[str, Any]]) -> None:
        """Coordination links between about 2% of initiatives and one sharing an issue."""
        rnd = self.rnd
        by_issue: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for initiative in initiatives:
            for issue in initiative["issues"]:
                by_issue[issue].append(initiative)
        seen: set[tuple[int, int]] = set()
        for initiative in rnd.sample(initiatives, max(1, len(initiatives) // 50)):
            other = rnd.choice(by_issue[initiative["issues"][0]])
            a, b = initiative["row"], other["row"]
            pair = (min(a["id"], b["id"]), max(a["id"], b["id"]))
            if a["id"] == b["id"] or pair in seen:
                continue
            seen.add(pair)
            status = weighted(rnd, {"agreed": 60, "proposed": 30, "declined": 10})
            proposed = max(a["created_at"], b["created_at"])
            self.add(
                "coordination_link",
                initiative_a_id=a["id"],
                initiative_b_id=b["id"],
                pair_low_id=pair[0],
                pair_high_id=pair[1],
                kind=rnd.choice(("information_sharing", "sequencing", "joint_activities")),
                status=status,
                proposed_by_id=None,
                proposer_organisation_id=a["sponsor_id"],
                decided_by_id=None,
                decided_at=None if status == "proposed" else proposed + timedelta(days=7),
                version=1,
                **self.stamps(proposed),
            )
