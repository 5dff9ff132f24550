"""The visibility policy against SPEC section 3, as one table: relation x role x level x action.

The table below is written from the specification, not computed from registry.policy.
One world holds every relation: two NGOs, a donor funding the first conflict's
initiatives, a coordination body coordinating that conflict, platform admins, and one
initiative per confidentiality level in each of two conflicts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask

from registry import policy
from registry.extensions import db
from registry.models import Initiative
from registry.policy import ANONYMOUS_ACTOR, Access
from registry.services import users
from registry.services.inputs import build
from registry.services.inputs.engagement import TransferInput
from tests.factories import (
    SYSTEM,
    editor_of,
    one_transaction,
    reference,
)
from tests.helpers import sign_in_as
from tests.world import build_world, member, org, place
from tests.world import initiative as planned

LEVELS = ("public", "registry", "restricted", "sealed")
ACTIONS = {"r": "read", "d": "read_details", "p": "read_participants", "e": "edit"}

# SPEC section 3. Each cell lists what the actor may do to an initiative of that level:
# r read (public fields), d read_details (all but participants), p read_participants
# (everything), e edit (the sponsor's editors and org admins only); "-" is nothing.
# "other_coordinator" coordinates a different conflict, so it is a member here.
SPEC_TABLE = """
relation           role             public  registry  restricted  sealed
sponsor            viewer           rdp     rdp       rdp         rdp
sponsor            editor           rdpe    rdpe      rdpe        rdpe
sponsor            org_admin        rdpe    rdpe      rdpe        rdpe
funder             viewer           rdp     rdp       rdp         -
funder             editor           rdp     rdp       rdp         -
funder             org_admin        rdp     rdp       rdp         -
coordinator        viewer           rdp     rdp       rdp         rdp
coordinator        editor           rdp     rdp       rdp         rdp
coordinator        org_admin        rdp     rdp       rdp         rdp
coordinator        platform_admin   rdp     rdp       rdp         rdp
other_coordinator  viewer           rd      rd        -           -
other_coordinator  editor           rd      rd        -           -
other_coordinator  org_admin        rd      rd        -           -
other_coordinator  platform_admin   rd      rd        -           -
member             viewer           rd      rd        -           -
member             editor           rd      rd        -           -
member             org_admin        rd      rd        -           -
member             platform_admin   rd      rd        -           -
anonymous          -                r       -         -           -
"""


def _parse(table: str) -> dict[tuple[str, str], dict[str, frozenset[str]]]:
    """Read the table into {(relation, role): {level: allowed actions}}."""
    header, *rows = [line.split() for line in table.strip().splitlines()]
    assert header[2:] == list(LEVELS)
    return {
        (relation, role): {
            level: frozenset(ACTIONS[letter] for letter in cell if letter != "-")
            for level, cell in zip(LEVELS, cells, strict=True)
        }
        for relation, role, *cells in rows
    }


EXPECTED = _parse(SPEC_TABLE)


@dataclass(frozen=True)
class ActorSpec:
    """Who an actor is, and its relation to the initiatives of each conflict, literally."""

    organisation: str | None
    role: str
    coordinates_first: bool
    relation_to: dict[str, str]


ACTORS = {
    "ngo_a_viewer": ActorSpec("ngo_a", "viewer", False, {"c1": "sponsor", "c2": "member"}),
    "ngo_a_editor": ActorSpec("ngo_a", "editor", False, {"c1": "sponsor", "c2": "member"}),
    "ngo_a_admin": ActorSpec("ngo_a", "org_admin", False, {"c1": "sponsor", "c2": "member"}),
    "ngo_b_viewer": ActorSpec("ngo_b", "viewer", False, {"c1": "member", "c2": "sponsor"}),
    "ngo_b_editor": ActorSpec("ngo_b", "editor", False, {"c1": "member", "c2": "sponsor"}),
    "ngo_b_admin": ActorSpec("ngo_b", "org_admin", False, {"c1": "member", "c2": "sponsor"}),
    "donor_viewer": ActorSpec("donor", "viewer", False, {"c1": "funder", "c2": "member"}),
    "donor_editor": ActorSpec("donor", "editor", False, {"c1": "funder", "c2": "member"}),
    "donor_admin": ActorSpec("donor", "org_admin", False, {"c1": "funder", "c2": "member"}),
    "hub_viewer": ActorSpec(
        "hub", "viewer", True, {"c1": "coordinator", "c2": "other_coordinator"}
    ),
    "hub_editor": ActorSpec(
        "hub", "editor", True, {"c1": "coordinator", "c2": "other_coordinator"}
    ),
    "hub_admin": ActorSpec(
        "hub", "org_admin", True, {"c1": "coordinator", "c2": "other_coordinator"}
    ),
    "operator": ActorSpec("ops", "platform_admin", False, {"c1": "member", "c2": "member"}),
    "operator_coordinator": ActorSpec(
        "ops", "platform_admin", True, {"c1": "coordinator", "c2": "other_coordinator"}
    ),
    "anonymous": ActorSpec(None, "-", False, {"c1": "anonymous", "c2": "anonymous"}),
}
SPONSORS = {"c1": "ngo_a", "c2": "ngo_b"}
FUNDERS = {"c1": ["donor"], "c2": []}


@dataclass(frozen=True)
class World:
    """The table's view of the built world: actors, and initiatives by (conflict, level)."""

    actors: dict[str, Any]
    initiatives: dict[tuple[str, str], Initiative]

    def title(self, key: tuple[str, str]) -> str:
        return self.initiatives[key].title

    def expected(self, actor_name: str, key: tuple[str, str]) -> frozenset[str]:
        """Return the actions SPEC_TABLE allows this actor on this initiative."""
        spec = ACTORS[actor_name]
        conflict_key, level = key
        return EXPECTED[(spec.relation_to[conflict_key], spec.role)][level]


@pytest.fixture
def world(app: Flask) -> World:
    """Build the organisations, conflicts, initiatives and actors of the table."""
    made = build_world(
        scopes={key: place(only=("issue",)) for key in ("c1", "c2")},
        organisations={
            "ngo_a": org(name="Alpha Peace Trust"),
            "ngo_b": org(name="Beta Dialogue Centre"),
            "donor": org("donor", name="Gamma Fund"),
            "hub": org("coordination_body", name="Delta Envoy Office"),
            "ops": org("other", name="Registry operators"),
        },
        initiatives={
            f"{key} {level}": planned(
                SPONSORS[key],
                on=key,
                funders=tuple(FUNDERS[key]),
                title=f"Canary {key} {level} q7x",
                confidentiality=level,
            )
            for key in ("c1", "c2")
            for level in LEVELS
        },
        users={
            name: member(spec.organisation, spec.role, ("c1",) if spec.coordinates_first else ())
            for name, spec in ACTORS.items()
            if spec.organisation is not None
        },
    )
    db.session.expire_all()  # reload coordinator assignments and funders
    return World(
        actors={"anonymous": ANONYMOUS_ACTOR, **made.users},
        initiatives={
            (key, level): made.initiatives[f"{key} {level}"]
            for key in ("c1", "c2")
            for level in LEVELS
        },
    )


def test_table_covers_every_relation_and_role_the_world_holds() -> None:
    used = {
        (relation, spec.role) for spec in ACTORS.values() for relation in spec.relation_to.values()
    }

    assert used == set(EXPECTED)


# Each action of the table, answered by the function production calls for it.
DECIDE = {
    "read": lambda a, i: policy.initiative_access(a, i) >= Access.PUBLIC_FIELDS,
    "read_details": lambda a, i: policy.initiative_access(a, i) >= Access.ALL_BUT_PARTICIPANTS,
    "read_participants": lambda a, i: policy.initiative_access(a, i) >= Access.EVERYTHING,
    "edit": policy.can_edit_initiative,
}


def test_policy_answers_as_the_spec_table_says(world: World) -> None:
    wrong = []
    for name, actor in world.actors.items():
        for key, initiative in world.initiatives.items():
            allowed = world.expected(name, key)
            for action in ACTIONS.values():
                answer = DECIDE[action](actor, initiative)
                if answer != (action in allowed):
                    wrong.append(f"{name} {action} {key}: the policy says {answer}")

    assert not wrong, "\n".join(wrong)


def _visible_ids(actor: Any, at_least: Access) -> set[int]:
    """Return the ids the SQL filter keeps for an actor."""
    statement = sa.select(Initiative.id).where(policy.visible_initiatives(actor, at_least))
    return set(db.session.scalars(statement))


def test_visible_initiatives_filter_agrees_with_initiative_access(world: World) -> None:
    wrong = []
    for name, actor in world.actors.items():
        for at_least in Access:
            expected = {
                i.id
                for i in world.initiatives.values()
                if policy.initiative_access(actor, i) >= at_least
            }
            found = _visible_ids(actor, at_least)
            if found != expected:
                wrong.append(f"{name} at {at_least.name}: SQL {found}, predicate {expected}")

    assert not wrong, "\n".join(wrong)


def test_visible_initiatives_filter_agrees_with_the_spec_table(world: World) -> None:
    levels = {
        "read": Access.PUBLIC_FIELDS,
        "read_details": Access.ALL_BUT_PARTICIPANTS,
        "read_participants": Access.EVERYTHING,
    }
    wrong = []
    for name, actor in world.actors.items():
        for action, at_least in levels.items():
            expected = {
                initiative.id
                for key, initiative in world.initiatives.items()
                if action in world.expected(name, key)
            }
            found = _visible_ids(actor, at_least)
            if found != expected:
                wrong.append(f"{name} {action}: SQL finds {found}, the table says {expected}")

    assert not wrong, "\n".join(wrong)


def _titles_on(page: str, world: World) -> set[tuple[str, str]]:
    """Return the initiatives whose canary title appears on a page."""
    return {key for key in world.initiatives if world.title(key) in page}


def test_home_page_shows_only_initiatives_the_user_may_read(app: Flask, world: World) -> None:
    wrong = []
    for name, actor in world.actors.items():
        if name == "anonymous":
            continue
        page = sign_in_as(app.test_client(), actor).get("/home").get_data(as_text=True)
        readable = {key for key in world.initiatives if "read" in world.expected(name, key)}
        leaked = _titles_on(page, world) - readable
        if leaked:
            wrong.append(f"{name} sees {sorted(leaked)}")

    assert not wrong, "\n".join(wrong)


def test_home_page_shows_sponsors_all_their_initiatives(app: Flask, world: World) -> None:
    client = sign_in_as(app.test_client(), world.actors["ngo_a_viewer"])

    page = client.get("/home").get_data(as_text=True)

    assert _titles_on(page, world) == {("c1", level) for level in LEVELS}


def test_home_page_shows_funders_their_funded_initiatives_but_sealed(
    app: Flask, world: World
) -> None:
    client = sign_in_as(app.test_client(), world.actors["donor_viewer"])

    page = client.get("/home").get_data(as_text=True)

    assert _titles_on(page, world) == {("c1", "public"), ("c1", "registry"), ("c1", "restricted")}


def test_landing_page_shows_anonymous_visitors_only_public_initiatives(
    app: Flask, world: World
) -> None:
    page = app.test_client().get("/").get_data(as_text=True)

    assert _titles_on(page, world) == {("c1", "public"), ("c2", "public")}


def test_landing_page_shows_signed_in_users_only_public_initiatives(
    app: Flask, world: World
) -> None:
    public = {("c1", "public"), ("c2", "public")}
    wrong = []
    for name, actor in world.actors.items():
        if name == "anonymous":
            continue
        page = sign_in_as(app.test_client(), actor).get("/").get_data(as_text=True)
        if _titles_on(page, world) != public:
            wrong.append(f"{name} sees {sorted(_titles_on(page, world))}")

    assert not wrong, "\n".join(wrong)


# SPEC 8: a focal point of a Track One body is a reader of the transfers delivered to its
# body, whatever its relation to their initiatives. "t": listed with title and initiative;
# "h": listed as "an initiative you may not see"; "-": not listed. Each cell is written
# for an institutional channel, then for a channel carried by a participant.
FOCAL_TABLE = """
relation     public  registry  restricted  sealed
sponsor      tt      tt        tt          tt
coordinator  tt      tt        tt          tt
funder       tt      tt        tt          --
member       tt      tt        h-          --
"""
FOCAL_ORGS = {"sponsor": "ngo_a", "coordinator": "hub", "funder": "donor", "member": "ngo_b"}


def _focal_expected() -> dict[tuple[str, str, bool], str]:
    header, *rows = [line.split() for line in FOCAL_TABLE.strip().splitlines()]
    assert header[1:] == list(LEVELS)
    return {
        (relation, level, institutional): cell[0 if institutional else 1]
        for relation, *cells in rows
        for level, cell in zip(LEVELS, cells, strict=True)
        for institutional in (True, False)
    }


@pytest.fixture
def focal_world(world: World) -> tuple[World, dict[str, Any], Any, dict[tuple[str, bool], Any]]:
    """Give the first conflict a body, a focal point of it in each relation, and transfers
    through an institutional and a carried channel of each of its initiatives."""
    from datetime import date

    from registry.models import Organisation
    from registry.services import focal_points, transfers
    from tests.factories import PersonFactory, channel, participate

    conflict_id = world.initiatives[("c1", "public")].conflict_id
    with one_transaction():
        body = reference("track_one_body", conflict_id)
        orgs = {o.name: o.id for o in db.session.scalars(sa.select(Organisation))}
        by_key = {
            "ngo_a": orgs["Alpha Peace Trust"],
            "ngo_b": orgs["Beta Dialogue Centre"],
            "donor": orgs["Gamma Fund"],
            "hub": orgs["Delta Envoy Office"],
        }
        focal = {}
        for relation, org in FOCAL_ORGS.items():
            focal[relation] = editor_of(by_key[org], role="viewer")
            focal_points.assign(SYSTEM, body.id, focal[relation].email)
            if relation == "coordinator":
                users.assign_coordinator(SYSTEM, focal[relation].id, conflict_id)
        events = {}
        for level in LEVELS:
            initiative = world.initiatives[("c1", level)]
            person = PersonFactory(organisation_id=initiative.sponsor_id)
            participate(initiative.id, person.id)
            for institutional in (True, False):
                via = {} if institutional else {"via_person_id": person.id}
                route = channel(initiative.id, body.id, **via)
                events[(level, institutional)] = transfers.create(
                    SYSTEM,
                    initiative.id,
                    build(
                        TransferInput,
                        {
                            "channel_id": route.id,
                            "title": f"Focal canary {level} {institutional}",
                            "kind": "briefing",
                            "delivered_on": date(2026, 2, 1),
                        },
                    ),
                )
    db.session.expire_all()
    return world, focal, body, events


def test_focal_point_inbox_answers_as_the_spec_8_table_says(focal_world: Any) -> None:
    world, focal, body, _ = focal_world
    expected = _focal_expected()
    wrong = []
    for relation, user in focal.items():
        actor = db.session.get(type(user), user.id)
        for level in LEVELS:
            initiative = world.initiatives[("c1", level)]
            for institutional in (True, False):
                listed = policy.in_inbox(actor, initiative, body.id, institutional)
                titled = (
                    listed and policy.initiative_access(actor, initiative) >= Access.PUBLIC_FIELDS
                )
                answer = "t" if titled else "h" if listed else "-"
                if answer != expected[(relation, level, institutional)]:
                    wrong.append(f"{relation} {level} institutional={institutional}: {answer}")

    assert not wrong, "\n".join(wrong)


def test_inbox_filter_agrees_with_in_inbox(focal_world: Any) -> None:
    from registry.models import TransferChannel, TransferEvent

    world, focal, body, events = focal_world
    wrong = []
    for relation, user in focal.items():
        actor = db.session.get(type(user), user.id)
        statement = (
            sa.select(TransferEvent.id)
            .join(TransferChannel, TransferChannel.id == TransferEvent.channel_id)
            .join(Initiative, Initiative.id == TransferEvent.initiative_id)
            .where(policy.inbox_transfers(actor, body.id))
        )
        found = set(db.session.scalars(statement))
        expected = {
            event.id
            for (level, institutional), event in events.items()
            if policy.in_inbox(actor, world.initiatives[("c1", level)], body.id, institutional)
        }
        if found != expected:
            wrong.append(f"{relation}: SQL {sorted(found)}, predicate {sorted(expected)}")

    assert not wrong, "\n".join(wrong)


def test_nobody_but_a_focal_point_has_an_inbox(world: World) -> None:
    for name, actor in world.actors.items():
        assert policy.focal_body_ids(actor) == frozenset(), name
