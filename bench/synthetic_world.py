"""The synthetic conflicts of the analysis benchmark: their shape, constants and helpers.

The generator keeps its shape as N grows: a few "usual suspects" take part in many
initiatives (the busiest in 30, whatever N) and most people in one or two; sponsors,
donors and issues grow like N (about N/10 issues, unevenly popular), regions and Track
One bodies like the square root of N, and dates spread over about ten years around
AS_OF, so that an initiative overlaps (has a pair finding) with a bounded number of
others on average.

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

import math
import random
from dataclasses import dataclass
from datetime import UTC, date, datetime
from datetime import time as clock
from typing import Any

SEED = 20250701
AS_OF = date(2025, 7, 1)
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
    "track_one_round",
    "track_one_round_body",
    "track_one_round_issue",
    "transfer_event",
    "transfer_event_issue",
    "designated_entity",
    "coordination_link",
)
ASSOCIATIONS = ("track_one_round_body", "track_one_round_issue", "transfer_event_issue")
ID_TABLES = tuple(
    name for name in TABLE_ORDER if not name.startswith("initiative_") and name not in ASSOCIATIONS
)


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
