"""Hypothesis strategies for random but valid snapshots.

The strategies are built once and every choice is an integer drawn from them, which
keeps generation fast and shrinks towards small snapshots.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import TypeVar

from hypothesis import strategies as st

from registry.analysis.snapshot import DesignatedMatch, Snapshot
from tests.analysis.builders import AS_OF, Build

T = TypeVar("T")
ROLES = ("participant", "mediator", "facilitator", "observer", "rapporteur")
GENDERS = ("female", "male", "other", "undisclosed")
PEOPLE = tuple(range(1, 9))
INDEX = st.integers(0, 59)  # divisible by 1..6: modulo keeps choices uniform
MASK = st.integers(0, 255)
DAYS = st.integers(-500, 500)
COUNT = st.integers(0, 10)


def pick(draw: st.DrawFn, options: Sequence[T]) -> T:
    """Choose one of a few options."""
    return options[draw(INDEX) % len(options)]


def subset(draw: st.DrawFn, options: Sequence[T], at_most: int = 8) -> list[T]:
    """Choose a subset of a few options."""
    mask = draw(MASK)
    return [o for n, o in enumerate(options) if mask >> n & 1][:at_most]


def day(draw: st.DrawFn) -> date | None:
    """A date near AS_OF, or None (an open end)."""
    offset = draw(DAYS)
    return None if offset % 4 == 0 else AS_OF + timedelta(days=offset)


@st.composite
def conflict(draw: st.DrawFn) -> Build:
    """Reference data and people of a random conflict."""
    build = Build(
        track_one_status=pick(draw, ("formal_talks", "stalled", "none")),
        escalation_stage=pick(draw, ("discussion", "segregation")),
    )
    for iid in range(1, pick(draw, (1, 2, 3, 4, 5)) + 1):
        build.issue(iid, agenda=pick(draw, (False, True)))
    build.region(*range(1, pick(draw, (0, 1, 2, 3)) + 1))
    build.party(*range(1, pick(draw, (0, 1, 2, 3)) + 1))
    for bid in range(1, pick(draw, (0, 1, 2, 3)) + 1):
        build.body(bid, pick(draw, (None, *build.parties)))
    build.org(100, *subset(draw, ("US", "GB", "EU")))
    for key in PEOPLE:
        codes = frozenset(subset(draw, ("US", "KE")))
        matches = (DesignatedMatch(1, "List", codes),) if codes else ()
        build.person(key, pick(draw, GENDERS), matches)
    return build


def initiative(draw: st.DrawFn, build: Build, iid: int) -> None:
    """Add a random initiative with people and channels to the build."""
    start, end = day(draw), day(draw)
    if start is not None and end is not None and end < start:
        start, end = end, start
    build.initiative(
        iid,
        issue_ids=subset(draw, tuple(build.issues)) or [1],
        region_ids=subset(draw, tuple(build.regions)),
        funder_ids=subset(draw, (7, 8, 9), at_most=2),
        mode=pick(draw, ("soft", "hard")),
        track=pick(draw, ("2", "1.5", "3")),
        status=pick(draw, ("planned", "active", "active", "paused")),
        start_date=start,
        end_date=end,
        intra_party=pick(draw, (False, False, True)),
    )
    people = subset(draw, PEOPLE, at_most=5)
    for key in people:
        party = pick(draw, (None, *build.parties))
        build.join(iid, key, party, pick(draw, ROLES), pick(draw, (0, 1, 2, 3)))
    for body in subset(draw, tuple(build.bodies), at_most=2):
        build.channel(iid, body, pick(draw, (None, *people)))


@st.composite
def builds(draw: st.DrawFn) -> Build:
    """A random conflict with up to ten initiatives and some agreed links."""
    build = draw(conflict())
    count = draw(COUNT)
    for iid in range(1, count + 1):
        initiative(draw, build, iid)
    for _ in range(pick(draw, (0, 1, 2, 3)) if count > 1 else 0):
        a, b = pick(draw, range(1, count + 1)), pick(draw, range(1, count + 1))
        if a != b:
            build.link(a, b)
    return build


def snapshots() -> st.SearchStrategy[Snapshot]:
    """Random snapshots."""
    return builds().map(Build.build)
