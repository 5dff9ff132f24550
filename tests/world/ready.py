"""Ready-made worlds several modules share: an overlapping pair of NGOs, and the demo."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from registry.models import User
from tests.helpers.http import PASSWORD
from tests.world.builder import World, build_world
from tests.world.specs import initiative, member, org, person, place

# The conflict the import and export files name, with the issue and region they use.
BARINGO_TURKANA = place(
    only=("issue", "region"),
    names={"issue": "Water", "region": "Kapedo"},
    slug="baringo-turkana",
    name="Baringo–Turkana pastoral conflict",
)

ELDER = {
    "full_name": "Canary Shared Elder",
    "birth_year": 1960,
    "gender": "male",
    "sector": "traditional_leader",
    "proximity": 2,
}


def overlapping_pair(
    issue: str, party: str | None = None, titles: tuple[str, str] | None = None
) -> World:
    """Two NGOs' initiatives on one issue of a conflict, sharing one elder, and its coordinator.

    Keys: conflict, water (the issue), party, own and theirs (the initiatives), coordinator
    (of a third organisation) and member (an editor of own's NGO).
    """
    named: list[dict[str, Any]] = [{"title": t} for t in titles] if titles else [{}, {}]
    world = build_world(
        scopes={
            "where": place(
                only=("issue", "party"),
                names={"issue": issue, **({"party": party} if party else {})},
                track_one_status="formal_talks",
                escalation_stage="discussion",
            )
        },
        organisations={"ngo": org(), "other": org(), "hub": org()},
        initiatives={
            "own": initiative("ngo", **named[0]),
            "theirs": initiative("other", **named[1]),
        },
        people={
            "elder": person("ngo", ("own",), party=True, **ELDER),
            "their_elder": person("other", ("theirs",), party=True, **ELDER),
        },
        users={"coordinator": member("hub", coordinates=("where",)), "member": member("ngo")},
    )
    return world.adding(water=world.scopes["where"].issue)


def two_ngos_in_the_valley() -> World:
    """Two NGOs (ours, theirs) on the Valley conflict, each with an editor with a password."""
    return build_world(
        scopes={"where": place(name="Valley conflict")},
        organisations={"ours": org(name="Amani"), "theirs": org(name="Kerio")},
        users={
            "editor": member("ours", password=PASSWORD),
            "other_editor": member("theirs", password=PASSWORD),
        },
    )


def load_demo() -> dict[str, User]:
    """Load the demo data set and return its accounts by email."""
    from registry import demo
    from registry.extensions import db

    demo.load()
    return {user.email: user for user in db.session.scalars(sa.select(User))}
