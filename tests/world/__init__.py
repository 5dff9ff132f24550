"""One configurable world builder: the conflicts, organisations, initiatives, people and users
a test module needs, made through the services in one transaction.

A module asks for what it needs by key, e.g.

    build_world(
        organisations={"ngo": org(), "donor": org("donor")},
        initiatives={"own": initiative("ngo", funders=("donor",))},
        users={"editor": member("ngo"), "coordinator": member("hub", coordinates=("where",))},
    )

and reads it back by the same keys: `world.own`, `world["editor"]`, `world.headers["editor"]`.
"""

from tests.world.builder import World, build_world
from tests.world.ready import (
    BARINGO_TURKANA,
    load_demo,
    overlapping_pair,
    two_ngos_in_the_valley,
)
from tests.world.specs import (
    Member,
    Org,
    Place,
    Route,
    Someone,
    Work,
    initiative,
    member,
    org,
    person,
    place,
)

__all__ = [
    "BARINGO_TURKANA",
    "Member",
    "Org",
    "Place",
    "Route",
    "Someone",
    "Work",
    "World",
    "build_world",
    "initiative",
    "load_demo",
    "member",
    "org",
    "overlapping_pair",
    "person",
    "place",
    "two_ngos_in_the_valley",
]
