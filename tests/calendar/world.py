"""One conflict with two bodies, an NGO's initiatives at several levels, a coordinator and a
focal point: the world the calendar's tests share."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from registry.extensions import db
from registry.models import User
from registry.services import focal_points, rounds, transfers, users
from registry.services.inputs import build
from registry.services.inputs.calendar import RoundInput
from registry.services.inputs.engagement import TransferInput
from tests.factories import (
    SYSTEM,
    OrganisationFactory,
    PersonFactory,
    bearer_for,
    channel,
    editor_of,
    initiative_on,
    one_transaction,
    participate,
    reference,
    scope,
)

HIDDEN_TITLE = "CANARY-FOCAL-RESTRICTED-4b2e"
SEALED_TITLE = "CANARY-FOCAL-SEALED-7c1d"
CARRIED_TITLE = "CANARY-FOCAL-CARRIED-2a9f"
PARTICIPANT = "Focalcanary Wendelmoor"


@dataclass
class CalendarWorld:
    """The shared world; `headers` issues API tokens on first use."""

    where: Any
    elsewhere: Any
    other_body: Any
    ngo: Any
    public: Any  # a registry initiative of the NGO, institutional channel to where.body
    restricted: Any  # restricted, institutional channel to where.body
    carried: Any  # restricted, channel carried by a participant
    sealed: Any  # sealed, institutional channel
    channels: dict[str, Any]
    round: Any  # planned round of where.body on where.issue
    users: dict[str, Any]
    tokens: dict[str, dict[str, str]]

    def header(self, who: str) -> dict[str, str]:
        if who not in self.tokens:
            self.tokens[who] = bearer_for(db.session.get(User, self.users[who].id))
        return self.tokens[who]


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


def build_world() -> CalendarWorld:
    """Create the calendar world in one transaction."""
    with one_transaction():
        where, elsewhere = scope(), scope()
        other_body = reference("track_one_body", where.conflict.id, name="Second delegation")
        ngo, stranger_org = OrganisationFactory(), OrganisationFactory()
        hub = OrganisationFactory(kind="coordination_body")
        office = OrganisationFactory(kind="government", name="Ministry of Talks")
        made = {
            level: initiative_on(where, ngo.id, title=title, confidentiality=level)
            for level, title in (
                ("registry", "Open Pasture Forum"),
                ("restricted", HIDDEN_TITLE),
                ("sealed", SEALED_TITLE),
            )
        }
        carried = initiative_on(where, ngo.id, title=CARRIED_TITLE, confidentiality="restricted")
        person = PersonFactory(organisation_id=ngo.id, full_name=PARTICIPANT, proximity=1)
        participate(carried.id, person.id)
        routes = {key: channel(made[key].id, where.body.id) for key in made}
        routes["carried"] = channel(carried.id, where.body.id, via_person_id=person.id)
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
        people = {
            "editor": editor_of(ngo.id),
            "stranger": editor_of(stranger_org.id),
            "coordinator": editor_of(hub.id),
            "focal": editor_of(office.id, role="viewer"),
            "other_focal": editor_of(office.id, role="viewer"),
            "admin": editor_of(hub.id, role="platform_admin"),
        }
        users.assign_coordinator(SYSTEM, people["coordinator"].id, where.conflict.id)
        focal_points.assign(SYSTEM, where.body.id, people["focal"].email)
        focal_points.assign(SYSTEM, other_body.id, people["other_focal"].email)
    db.session.expire_all()
    return CalendarWorld(
        where=where,
        elsewhere=elsewhere,
        other_body=other_body,
        ngo=ngo,
        public=made["registry"],
        restricted=made["restricted"],
        carried=carried,
        sealed=made["sealed"],
        channels=routes,
        round=planned,
        users=people,
        tokens={},
    )
