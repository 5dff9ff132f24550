"""Synthetic conflicts of any size for timing and for comparing the engines at scale.

Realistic in shape: issues grow with the number of initiatives, initiatives run for
months to years within a span of years, and a pool of "usual suspects" takes part in
several initiatives, so an initiative overlaps with a bounded number of others.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

from registry.analysis.snapshot import DesignatedMatch, Snapshot
from tests.analysis.builders import Build

EPOCH = date(2023, 1, 1)


def synthetic(
    count: int, seed: int = 0, issues: int | None = None, suspects: int | None = None
) -> Snapshot:
    """A conflict of `count` initiatives, the same for the same arguments."""
    rnd = random.Random(seed)
    issues = issues or max(10, count // 10)
    suspects = suspects or max(20, count // 2)
    build = Build(track_one_status="stalled").party(*range(1, 7)).region(*range(1, 11))
    build.issue(*range(1, issues + 1))
    for bid in range(1, 9):
        build.body(bid, party=None if bid > 6 else bid)
    build.org(100, "US").org(101, "GB")
    for key in range(1, suspects + 1):
        designated = (DesignatedMatch(1, "List", frozenset({"US"})),) if key % 97 == 0 else ()
        build.person(key, rnd.choice(("female", "male", "male", "undisclosed")), designated)
    fresh = suspects + 1
    for iid in range(1, count + 1):
        fresh = _initiative(build, rnd, iid, issues, suspects, fresh)
    for iid in range(1, count, 50):
        build.link(iid, iid + 1)
    return build.build()


def _initiative(
    build: Build, rnd: random.Random, iid: int, issues: int, suspects: int, fresh: int
) -> int:
    """Add one initiative with its people and channels; return the next unused person key."""
    start = EPOCH + timedelta(days=rnd.randrange(0, 365 * 4))
    end = None if rnd.random() < 0.1 else start + timedelta(days=rnd.randrange(365, 1100))
    build.initiative(
        iid,
        sponsor_id=rnd.choice((100, 101, 102)),
        funder_ids=rnd.sample((200, 201, 202, 203), rnd.randrange(0, 3)),
        mode=rnd.choice(("soft", "hard")),
        track=rnd.choice(("2", "1.5", "3")),
        status=rnd.choice(("active",) * 6 + ("planned",) * 3 + ("concluded",)),
        start_date=start,
        end_date=end,
        issue_ids={rnd.randrange(1, issues + 1) for _ in range(rnd.choice((1, 1, 2, 2, 3, 5)))},
        region_ids=rnd.sample(range(1, 11), rnd.randrange(0, 3)),
        last_updated=datetime(2025, 1, 1, tzinfo=UTC) - timedelta(days=rnd.randrange(0, 500)),
    )
    people = set()
    for _ in range(rnd.randrange(3, 10)):
        usual = rnd.random() < 0.25
        people.add(rnd.randrange(1, suspects + 1) if usual else fresh)
        fresh += not usual
    for key in sorted(people):
        build.join(iid, key, rnd.choice((None, 1, 2, 3, 4, 5, 6)), proximity=rnd.randrange(0, 4))
    for body in rnd.sample(range(1, 9), rnd.randrange(0, 3)):
        build.channel(iid, body)
    return fresh
