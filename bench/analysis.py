"""Time the network analysis of a synthetic conflict against loading it and against a baseline.

Run `.venv/bin/python bench/analysis.py --initiatives N [--json] [--no-baseline]`. It
generates a conflict of N initiatives, stores it in a database (a temporary SQLite
file unless --database-url is given), then measures separately, as the median of
--runs runs (3) after one unmeasured warm-up run, the analysis and the baseline
taking turns:

- `load_s`: `registry.readers.snapshots.build(conflict)`, the coordinators' snapshot;
- `analysis_s`: `registry.analysis.engine.analyse(snapshot, as_of)`, metrics included;
- `baseline_s`: `registry.analysis.baseline.analyse_baseline` on the same snapshot, which
  compares every pair of live initiatives and counts shared people with networkx's
  bipartite projection, and takes the overlap graph's structure from networkx (skipped
  with --no-baseline);

and counts the findings of the analysis. With --json the last line of the output is
{"initiatives", "load_s", "analysis_s", "baseline_s", "findings", "speedup", ...}.

The generator keeps its shape as N grows: a few "usual suspects" take part in many
initiatives (the busiest in 30, whatever N) and most people in one or two; sponsors,
donors and issues grow like N (about N/10 issues, unevenly popular), regions and Track
One bodies like the square root of N, and dates spread over about ten years around
AS_OF, so that an initiative overlaps (has a pair finding) with a bounded number of
others on average. The shape is printed with the timings; --profile STEP also runs
one step under cProfile and prints where its time goes; --growth M also generates a
conflict of M initiatives and times the two analyses in turns (key "growth").

The data is written straight into the tables with SQLAlchemy Core bulk inserts
(executemany), bypassing the services on purpose: this benchmark measures the analysis
and the loading of its snapshot, not writes (bench/imports.py times those), and ten
thousand initiatives through the services would take minutes. Every row gets its
timestamps explicitly (`created_at`, `updated_at`, relative to the fixed `AS_OF`), so
the findings depend on the seed, never on the clock. Names are fingerprinted with the
app's match key exactly as the services do, so that one person registered by two
organisations (possibly spelt differently) is matched; they are stored under a constant
dummy ciphertext, since the snapshot never decrypts a name.
"""

from __future__ import annotations

import argparse
import gc
import itertools
import json
import math
import os
import random
import statistics
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from flask import Flask

SEED = 20250701
AS_OF = date(2025, 7, 1)
RUNS = 3
BUSIEST = 30  # initiatives of the busiest "usual suspect", whatever N
SUSPECT_SHARE = 0.2  # share of participations held by people in two initiatives or more
SUSPECT_TAIL = 1.8  # exponent of the power law of their numbers of initiatives
PARTIES = 6
ISSUE_COUNTS = {1: 30, 2: 35, 3: 20, 4: 10, 5: 5}  # issues per initiative, with their weights
SPAN_BEFORE_DAYS = 5 * 365  # initiatives start up to five years before AS_OF...
SPAN_AFTER_DAYS = 2 * 365  # ...and up to two years after it
DUMMY_CIPHERTEXT = "v1:bench:x"  # never decrypted: the snapshot reads fingerprints only

FIRST_NAMES = (
    ("Mohammed", "Muhammad", "Mohamed"),
    ("Yusuf", "Youssef", "Yousef"),
    ("Hussein", "Husain", "Hussain"),
    ("Fatima", "Fatema"),
    ("Omar", "Umar"),
    ("Nikolai", "Nikolay"),
    ("Sergei", "Sergey"),
    ("Khalid", "Khaled"),
    ("Leila", "Layla", "Laila"),
    ("Dmitri", "Dmitry"),
    ("Ahmad", "Ahmed"),
    ("Mariam", "Maryam"),
    ("Amina",),
    ("Olena",),
    ("Tamar",),
    ("Giorgi",),
    ("Nadia",),
    ("Samir",),
    ("Irina",),
    ("Kemal",),
)
SURNAMES = (
    "Haddad",
    "Petrenko",
    "Kovacs",
    "Mansour",
    "Beridze",
    "Aziz",
    "Ivanova",
    "Saleh",
    "Demir",
    "Novak",
    "Rahimi",
    "Karimov",
)
# Consonants that name_skeleton() keeps as they are and folds into no digraph between vowels.
CONSONANTS = "bdfjklmnprstv"
VOWELS = "aeiou"
DESIGNATED = (
    ("Northern Liberation Front", ("NLF", "Jabhat al-Shamal"), ("US", "GB")),
    ("Army of the Free Valley", ("Free Valley Army",), ("EU",)),
    ("Shield of the Faithful", ("Dir al-Muminin",), ("US",)),
    ("Coastal Resistance Brigades", (), ("GB", "EU")),
    ("Mountain Eagles", ("Eagles of the Mountain",), ("UN",)),
)
JURISDICTIONS = (("US",), ("GB",), ("FR", "EU"), ("CH",), ("NO",), ("DE", "EU"), ())
TABLE_ORDER = (
    "organisation",
    "conflict",
    "party",
    "issue",
    "region",
    "track_one_body",
    "initiative",
    "initiative_issue",
    "initiative_region",
    "initiative_funder",
    "person",
    "participation",
    "transfer_channel",
    "designated_entity",
    "coordination_link",
)
ID_TABLES = tuple(name for name in TABLE_ORDER if not name.startswith("initiative_"))


# -- The shape -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Shape:
    """The numbers that grow with N: sponsors, donors, issues, regions, Track One bodies.

    Organisations and issues grow like N (an NGO runs about 25 initiatives, an issue is
    the subject of about 20); regions and Track One bodies like the square root of N, as
    a conflict's map and its official institutions do not multiply with the initiatives
    registered on it (10,000 initiatives get 50 of each, not 200 regions and 100 bodies).
    The parties stay six.
    """

    initiatives: int
    sponsors: int
    donors: int
    issues: int
    regions: int
    bodies: int
    parties: int = PARTIES

    @classmethod
    def of(cls, initiatives: int) -> Shape:
        root = math.isqrt(initiatives)
        return cls(
            initiatives=initiatives,
            sponsors=max(6, initiatives // 25),
            donors=max(3, initiatives // 250),
            issues=max(12, initiatives // 10),
            regions=max(8, root // 2),
            bodies=max(8, root // 2),
        )


def suspect_quotas(rnd: random.Random, slots: int, initiatives: int) -> list[int]:
    """Initiatives of each usual suspect: one in BUSIEST, the others from 2 to BUSIEST.

    Counts follow a power law truncated at BUSIEST (P(c) ~ c^-SUSPECT_TAIL), the same
    for every N; only the number of suspects grows, until they hold SUSPECT_SHARE of
    the participations. So the busiest is in BUSIEST initiatives whatever N, and the
    share of people in 2, 3, ... initiatives does not change with N either.
    """
    counts = range(2, BUSIEST + 1)
    weights = [count**-SUSPECT_TAIL for count in counts]
    quotas = [BUSIEST]
    while sum(quotas) < SUSPECT_SHARE * slots:
        quotas.append(rnd.choices(counts, weights)[0])
    return [min(quota, initiatives // 2) for quota in quotas]


def weighted(rnd: random.Random, choices: dict[Any, float]) -> Any:
    """Pick one key of `choices` with its weight."""
    return rnd.choices(tuple(choices), weights=tuple(choices.values()))[0]


def unique_word(number: int) -> str:
    """A pronounceable word whose name skeleton differs for every number."""
    letters = []
    previous = ""
    while True:
        options = [c for c in CONSONANTS if c != previous]
        number, digit = divmod(number, len(options))
        previous = options[digit]
        letters.append(previous + VOWELS[(number + len(letters)) % len(VOWELS)])
        if number == 0:
            break
        number -= 1
    return "".join(letters).capitalize()


def moment(day: date, rnd: random.Random) -> datetime:
    """A UTC timestamp during a day."""
    return datetime.combine(day, clock(rnd.randrange(7, 20), rnd.randrange(60)), tzinfo=UTC)


# -- The generator ---------------------------------------------------------------------------


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
        for body in rnd.sample(self.bodies, weighted(rnd, {0: 30, 1: 40, 2: 20, 3: 10})):
            via = rnd.choice(close) if close and rnd.random() < 0.5 else None
            self.add(
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


# -- The database ----------------------------------------------------------------------------


def build_app(folder: Path, database_url: str | None) -> Flask:
    """Create a testing app with keys of its own, on the given database or a new SQLite file."""
    from registry import create_app
    from registry.keyring import new_key

    return create_app(
        {
            "ENV": "testing",
            "DATABASE_URL": database_url or f"sqlite:///{folder / 'bench.sqlite'}",
            "INSTANCE_PATH": str(folder / "instance"),
            "SECRET_KEY": new_key(),
            "DATA_KEY": new_key(),
            "MATCH_KEY": new_key(),
        }
    )


def tables() -> dict[str, sa.Table]:
    from registry.models import Base

    return {name: Base.metadata.tables[name] for name in TABLE_ORDER}


def first_ids(connection: sa.Connection) -> dict[str, int]:
    """The next free id of every table, so that a database in use can take a bench conflict."""
    found = tables()
    return {
        name: (connection.scalar(sa.select(sa.func.max(found[name].c.id))) or 0) + 1
        for name in ID_TABLES
    }


def store(plan: Plan, connection: sa.Connection) -> dict[str, int]:
    """Insert every row with one executemany per table; return the row counts."""
    found = tables()
    counts = {}
    for name in TABLE_ORDER:
        rows = plan.rows.get(name, [])
        if rows:
            connection.execute(found[name].insert(), rows)
        counts[name] = len(rows)
    if connection.dialect.name == "postgresql":  # explicit ids leave the sequences behind
        for name in ID_TABLES:
            connection.execute(
                sa.text(
                    f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "  # noqa: S608
                    f"(SELECT max(id) FROM {name}))"
                )
            )
    return counts


# -- Measurement -----------------------------------------------------------------------------


@dataclass
class Timing:
    """Median wall-clock and CPU seconds of a call over several runs, and its last result."""

    wall: float
    cpu: float
    result: Any


def interleaved(calls: dict[str, Callable[[], Any]], runs: int) -> dict[str, Timing]:
    """Time each call `runs` times, taking turns, after one unmeasured warm-up round.

    The warm-up pays one-time costs (caches, the allocator's first arenas) outside the
    figures. Taking turns spreads any drift of the machine's speed over the calls
    alike, so that the ratio of their medians holds even when the machine is shared.
    The CPU time tells how much other processes slowed the wall clock.
    """
    for call in calls.values():
        call()
    walls: dict[str, list[float]] = {name: [] for name in calls}
    cpus: dict[str, list[float]] = {name: [] for name in calls}
    results: dict[str, Any] = {}
    for _ in range(runs):
        for name, call in calls.items():
            gc.collect()  # so that a run does not pay for the garbage of the previous one
            wall, cpu = time.perf_counter(), time.process_time()
            results[name] = call()
            cpus[name].append(time.process_time() - cpu)
            walls[name].append(time.perf_counter() - wall)
    return {
        name: Timing(statistics.median(walls[name]), statistics.median(cpus[name]), results[name])
        for name in calls
    }


def modularity(metrics: dict[str, Any]) -> float:
    """The modularity of a run's communities on its overlap graph, by networkx."""
    import networkx as nx

    graph = nx.Graph()
    graph.add_nodes_from(metrics["overlap_graph"]["nodes"])
    edges = metrics["overlap_graph"]["edges"]
    graph.add_weighted_edges_from((e["source"], e["target"], e["weight"]) for e in edges)
    if not graph.number_of_edges():
        return 0.0
    return round(nx.community.modularity(graph, metrics["communities"]), 3)


def shape_of(snapshot: Any, result: Any, shape: Shape, records: int) -> dict[str, Any]:
    """What the realism claims are checked against, measured on the loaded snapshot."""
    from registry.analysis import terms
    from registry.analysis.findings import PAIR_CODES

    per_person = Counter(
        key for _, key in {(p.initiative_id, p.person_key) for p in snapshot.participations}
    )
    people = len(per_person)
    live = result.metrics["summary"]["live_initiatives"]
    pair_findings = sum(1 for f in result.findings if f.code in PAIR_CODES)
    starts = [i.start_date for i in snapshot.initiatives if i.start_date]
    ends = [i.end_date for i in snapshot.initiatives if i.end_date]
    live_windows = sorted(terms.window(i) for i in snapshot.initiatives if terms.is_live(i, AS_OF))
    return {
        "sponsors": shape.sponsors,
        "donors": shape.donors,
        "parties": len(snapshot.parties),
        "issues": len(snapshot.issues),
        "regions": len(snapshot.regions),
        "bodies": len(snapshot.bodies),
        "live": live,
        "participations": len(snapshot.participations),
        "person_records": records,
        "people": people,
        "busiest_person": max(per_person.values(), default=0),
        "people_in_10_plus": sum(1 for n in per_person.values() if n >= 10),
        "people_in_1_or_2": round(sum(1 for n in per_person.values() if n <= 2) / people, 3)
        if people
        else 0.0,
        "span_years": round((max(ends) - min(starts)).days / 365.25, 1) if starts and ends else 0,
        "pair_findings": pair_findings,
        "overlaps_per_live": round(2 * pair_findings / live, 2) if live else 0.0,
        "concurrent_per_live": round(concurrent_per(live_windows), 1),
    }


def concurrent_per(windows: list[tuple[int, int]]) -> float:
    """Mean number of other live initiatives whose windows meet each one's (a sweep)."""
    import bisect

    if not windows:
        return 0.0
    ends = sorted(end for _, end in windows)
    starts = [start for start, _ in windows]  # sorted: windows are sorted by start
    total = 0
    for start, end in windows:
        # Others that start on or before my end, minus those that end before my start.
        total += bisect.bisect_right(starts, end) - bisect.bisect_left(ends, start) - 1
    return total / len(windows)


def profiled(call: Callable[[], Any], limit: int = 30) -> str:
    """Run a call once under cProfile; return its top functions by own and cumulative time."""
    import cProfile
    import io
    import pstats

    profile = cProfile.Profile()
    gc.collect()
    profile.runcall(call)
    out = io.StringIO()
    stats = pstats.Stats(profile, stream=out).strip_dirs()
    stats.sort_stats("tottime").print_stats(limit)
    stats.sort_stats("cumulative").print_stats(limit)
    return out.getvalue()


def snapshot_of(initiatives: int, seed: int) -> Any:
    """The coordinators' snapshot of a synthetic conflict, stored in a temporary SQLite file."""
    from registry.extensions import alembic, db
    from registry.identity import fingerprint, match_ring
    from registry.models import Conflict
    from registry.readers import snapshots

    with tempfile.TemporaryDirectory() as folder:
        app = build_app(Path(folder), None)
        with app.app_context():
            alembic.upgrade()
            ring = match_ring()
            with db.engine.begin() as connection:
                generator = Generator(
                    initiatives, seed, first_ids(connection), lambda n: fingerprint(ring, n)
                )
                plan = generator.generate()
                store(plan, connection)
            snapshot = snapshots.build(db.session.get(Conflict, plan.conflict_id))
            db.session.close()
            db.engine.dispose()
    return snapshot


def growth(small: Any, initiatives: int, seed: int, runs: int) -> dict[str, Any]:
    """Time the analysis of `small` and of a conflict of `initiatives`, taking turns.

    Both in one process and in turns, so that the ratio of the two does not depend on
    how fast the machine happened to be when each was measured.
    """
    from registry.analysis.engine import analyse

    large = snapshot_of(initiatives, seed)
    timed = interleaved(
        {"small": lambda: analyse(small, AS_OF), "large": lambda: analyse(large, AS_OF)}, runs
    )
    return {
        "initiatives": initiatives,
        "analysis_s": round(timed["large"].wall, 4),
        "small_analysis_s": round(timed["small"].wall, 4),
        "findings": len(timed["large"].result.findings),
        "ratio": round(timed["large"].wall / timed["small"].wall, 1),
    }


def run(
    initiatives: int,
    seed: int = SEED,
    database_url: str | None = None,
    baseline: bool = True,
    runs: int = RUNS,
    profile: str | None = None,
    grow_to: int | None = None,
) -> dict[str, Any]:
    """Generate, store, then time loading, the analysis and the baseline."""
    from registry.analysis.baseline import analyse_baseline
    from registry.analysis.engine import analyse
    from registry.extensions import alembic, db
    from registry.identity import fingerprint, match_ring
    from registry.models import Conflict
    from registry.readers import snapshots

    with tempfile.TemporaryDirectory() as folder:
        app = build_app(Path(folder), database_url)
        with app.app_context():
            alembic.upgrade()
            ring = match_ring()
            started = time.perf_counter()
            with db.engine.begin() as connection:
                ids = first_ids(connection)
                plan = Generator(
                    initiatives, seed, ids, lambda name: fingerprint(ring, name)
                ).generate()
                generate_s = time.perf_counter() - started
                counts = store(plan, connection)
            store_s = time.perf_counter() - started - generate_s

            def load() -> Any:
                db.session.close()  # a cold session each time, as a request would have
                conflict = db.session.get(Conflict, plan.conflict_id)
                return snapshots.build(conflict)

            loaded = interleaved({"load": load}, runs)["load"]
            snapshot = loaded.result
            calls = {
                "load": load,
                "analysis": lambda: analyse(snapshot, AS_OF),
                "baseline": lambda: analyse_baseline(snapshot, AS_OF),
            }
            steps = ["analysis", "baseline"] if baseline else ["analysis"]
            timed = interleaved({name: calls[name] for name in steps}, runs)
            analysed, compared = timed["analysis"], timed.get("baseline")
            result = analysed.result
            shape = shape_of(snapshot, result, plan.shape, counts["person"])
            report = profiled(calls[profile]) if profile else None
            db.session.close()
            db.engine.dispose()
    return {
        "initiatives": initiatives,
        "load_s": round(loaded.wall, 4),
        "analysis_s": round(analysed.wall, 4),
        "baseline_s": round(compared.wall, 4) if compared else None,
        "findings": len(result.findings),
        "speedup": round(compared.wall / analysed.wall, 1) if compared else None,
        "baseline_agrees": compared.result.findings == result.findings if compared else None,
        "modularity": {
            "analysis": modularity(result.metrics),
            "baseline": modularity(compared.result.metrics) if compared else None,
        },
        "cpu_s": {
            "load": round(loaded.cpu, 4),
            "analysis": round(analysed.cpu, 4),
            "baseline": round(compared.cpu, 4) if compared else None,
        },
        "load_average": round(os.getloadavg()[0], 2),
        "generate_s": round(generate_s, 2),
        "store_s": round(store_s, 2),
        "rows": sum(counts.values()),
        "shape": shape,
        **({"growth": growth(snapshot, grow_to, seed, runs)} if grow_to else {}),
        **({"profile": report} if report else {}),
    }


def milliseconds(seconds: float | None) -> str:
    return "-" if seconds is None else f"{seconds * 1000:,.0f} ms"


def describe(result: dict[str, Any]) -> str:
    """A human table of the timings and of the generated shape."""
    shape, cpu = result["shape"], result["cpu_s"]
    baseline = (
        f"{result['speedup']}x the analysis; same findings: "
        + ("yes" if result["baseline_agrees"] else "NO")
        if result["baseline_s"] is not None
        else "skipped (--no-baseline)"
    )
    rows = (
        ("load snapshot", result["load_s"], cpu["load"], ""),
        (
            "analysis (+ metrics)",
            result["analysis_s"],
            cpu["analysis"],
            f"{result['findings']:,} findings",
        ),
        ("baseline (all pairs)", result["baseline_s"], cpu["baseline"], baseline),
    )
    quality = result["modularity"]
    communities = f"  Communities' modularity: {quality['analysis']} (analysis)" + (
        f", {quality['baseline']} (baseline, networkx's Louvain)"
        if quality["baseline"] is not None
        else ""
    )
    lines = [
        f"Synthetic conflict of {result['initiatives']:,} initiatives: {result['rows']:,} rows "
        f"generated in {result['generate_s']} s and stored in {result['store_s']} s; "
        f"load average {result['load_average']}",
        "",
        f"  {'median of runs':<22}{'wall':>10}{'CPU':>10}",
        *(
            f"  {name:<22}{milliseconds(wall):>10}{milliseconds(used):>10}   {note}".rstrip()
            for name, wall, used, note in rows
        ),
        communities,
        "",
        "  Shape: "
        f"{shape['sponsors']} sponsors, {shape['donors']} donors, {shape['parties']} parties, "
        f"{shape['issues']} issues, {shape['regions']} regions, {shape['bodies']} bodies",
        f"    {shape['live']:,} live initiatives over {shape['span_years']} years; "
        f"{shape['concurrent_per_live']} concurrent live initiatives per live one",
        f"    {shape['participations']:,} participations of {shape['people']:,} matched people "
        f"({shape['person_records']:,} person records)",
        f"    busiest person in {shape['busiest_person']} initiatives; "
        f"{shape['people_in_1_or_2']:.0%} of people in one or two, "
        f"{shape['people_in_10_plus']} in ten or more",
        f"    {shape['pair_findings']:,} pair findings: {shape['overlaps_per_live']} overlaps "
        "per live initiative",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    """Print the timings and the shape, and a JSON line with --json."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--initiatives", type=int, default=1000, help="N (default 1000)")
    parser.add_argument("--json", action="store_true", help="end with one line of JSON")
    parser.add_argument("--no-baseline", action="store_true", help="skip the all-pairs baseline")
    parser.add_argument("--seed", type=int, default=SEED, help=f"generator seed ({SEED})")
    parser.add_argument("--runs", type=int, default=RUNS, help=f"runs per median ({RUNS})")
    parser.add_argument("--database-url", help="default: a new temporary SQLite file")
    parser.add_argument(
        "--profile",
        choices=("load", "analysis", "baseline"),
        help="also run that step once under cProfile and print where its time goes",
    )
    parser.add_argument(
        "--growth",
        type=int,
        metavar="M",
        help="also time the analysis of a conflict of M initiatives, in turns with N's",
    )
    arguments = parser.parse_args(argv)
    if arguments.initiatives < 2 or arguments.runs < 1:
        parser.error("--initiatives must be at least 2 and --runs at least 1")
    result = run(
        arguments.initiatives,
        seed=arguments.seed,
        database_url=arguments.database_url,
        baseline=not arguments.no_baseline,
        runs=arguments.runs,
        profile=arguments.profile,
        grow_to=arguments.growth,
    )
    print(describe(result))
    if "growth" in result:
        grown = result["growth"]
        print(
            f"  Growth, measured in turns: {grown['initiatives']:,} initiatives take "
            f"{milliseconds(grown['analysis_s'])}, {grown['ratio']}x the "
            f"{milliseconds(grown['small_analysis_s'])} of {result['initiatives']:,}"
        )
    if "profile" in result:
        print(result.pop("profile"))
    if arguments.json:
        print(json.dumps(result))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
