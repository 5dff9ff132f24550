"""One conflict with two bodies, an NGO's initiatives at several levels, a coordinator and a
focal point: the world the calendar's tests share, made with the one world builder."""

from __future__ import annotations

from datetime import date
from typing import Any

from registry.extensions import db
from registry.services import focal_points, rounds, transfers
from registry.services.inputs import build
from registry.services.inputs.calendar import RoundInput
from registry.services.inputs.engagement import TransferInput
from tests.factories import SYSTEM, one_transaction, reference
from tests.world import Route, World, build_world, initiative, member, org, person

HIDDEN_TITLE = "CANARY-FOCAL-RESTRICTED-4b2e"
SEALED_TITLE = "CANARY-FOCAL-SEALED-7c1d"
CARRIED_TITLE = "CANARY-FOCAL-CARRIED-2a9f"
PARTICIPANT = "Focalcanary Wendelmoor"


def deliver(initiative: Any, route: Any, title: str, **data: Any) -> Any:
    """Record a claimed transfer through a channel."""
    payload = {
        "channel_id": route.id,
        "title": title,
        "kind": "proposal",
        "delivered_on": date(2026, 2, 1),
        **data,
    }
    return transfers.create(SYSTEM, initiative.id, build(TransferInput, payload))


def calendar_world() -> World:
    """Create the calendar world: the builder's world with a second body, a round, focal points.

    Initiatives: public (registry level, an institutional channel to where.body), restricted
    (institutional channel), carried (restricted, its channel carried by a participant) and
    sealed; `round` is a planned round of where.body on where.issue.
    """
    made = build_world(
        scopes=("where", "elsewhere"),
        organisations={
            "ngo": org(),
            "stranger_org": org(),
            "hub": org("coordination_body"),
            "office": org("government", name="Ministry of Talks"),
        },
        initiatives={
            "public": initiative("ngo", title="Open Pasture Forum", confidentiality="registry"),
            "restricted": initiative("ngo", title=HIDDEN_TITLE, confidentiality="restricted"),
            "sealed": initiative("ngo", title=SEALED_TITLE, confidentiality="sealed"),
            "carried": initiative("ngo", title=CARRIED_TITLE, confidentiality="restricted"),
        },
        people={"participant": person("ngo", ("carried",), full_name=PARTICIPANT, proximity=1)},
        channels={
            "registry": "public",
            "restricted": "restricted",
            "sealed": "sealed",
            "carried": Route("carried", via="participant"),
        },
        users={
            "editor": member("ngo"),
            "stranger": member("stranger_org"),
            "coordinator": member("hub", coordinates=("where",)),
            "focal": member("office", role="viewer"),
            "other_focal": member("office", role="viewer"),
            "admin": member("hub", role="platform_admin"),
        },
    )
    return _with_talks(made)


def _with_talks(made: World) -> World:
    """Add a second Track One body, a planned round and the bodies' focal points."""
    where = made.scopes["where"]
    with one_transaction():
        other_body = reference("track_one_body", where.conflict.id, name="Second delegation")
        planned = rounds.create(
            SYSTEM,
            where.conflict.id,
            build(
                RoundInput,
                {
                    "title": "Fourth round",
                    "track_one_body_ids": [where.body.id],
                    "starts_on": date(2026, 3, 1),
                    "ends_on": date(2026, 3, 5),
                    "agenda_issue_ids": [where.issue.id],
                    "status": "planned",
                },
            ),
        )
        focal_points.assign(SYSTEM, where.body.id, made.users["focal"].email)
        focal_points.assign(SYSTEM, other_body.id, made.users["other_focal"].email)
    db.session.expire_all()  # reload the assignments the users now have
    return made.adding(other_body=other_body, round=planned)
