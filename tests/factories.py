"""factory_boy factories that build records through the services, as real users do."""

from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import date
from typing import Any

import factory
import sqlalchemy as sa

from registry.policy import SystemActor
from registry.services import (
    channels,
    conflicts,
    initiatives,
    organisations,
    participations,
    people,
    users,
)
from registry.services.inputs import build
from registry.services.inputs.conflicts import REFERENCE_INPUTS, ConflictInput
from registry.services.inputs.engagement import ChannelInput
from registry.services.inputs.initiatives import InitiativeInput
from registry.services.inputs.organisations import (
    OrganisationInput,
)
from registry.services.inputs.people import ParticipationInput, PersonInput

SYSTEM = SystemActor(label="system:factories")


class ServiceFactory(factory.Factory):
    """Create through a service call instead of a constructor."""

    class Meta:
        abstract = True

    @classmethod
    def _build(cls, model_class: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
        return kwargs

    @classmethod
    def _create(cls, model_class: Any, *args: Any, **kwargs: Any) -> Any:
        return cls._call(kwargs)

    @classmethod
    def _call(cls, data: dict[str, Any]) -> Any:
        raise NotImplementedError


class OrganisationFactory(ServiceFactory):
    class Meta:
        model = dict

    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = "ngo"

    @classmethod
    def _call(cls, data: dict[str, Any]) -> Any:
        return organisations.create(SYSTEM, build(OrganisationInput, data))


class UserFactory(ServiceFactory):
    class Meta:
        model = dict

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    display_name = factory.Sequence(lambda n: f"User {n}")
    role = "editor"
    password = "correct horse battery staple"
    organisation_id = factory.LazyFunction(lambda: OrganisationFactory().id)

    @classmethod
    def _call(cls, data: dict[str, Any]) -> Any:
        return users.create(SYSTEM, data)


class ConflictFactory(ServiceFactory):
    class Meta:
        model = dict

    slug = factory.Sequence(lambda n: f"conflict-{n}")
    name = factory.Sequence(lambda n: f"Conflict {n}")
    track_one_status = "formal_talks"
    escalation_stage = "polarisation"

    @classmethod
    def _call(cls, data: dict[str, Any]) -> Any:
        return conflicts.create(SYSTEM, build(ConflictInput, data))


def reference(kind: str, conflict_id: int, **data: Any) -> Any:
    """Add a party, issue, region or Track One body to a conflict."""
    defaults = {
        "party": {"kind": "community"},
        "issue": {},
        "region": {},
        "track_one_body": {"kind": "mediator_office"},
    }[kind]
    data.setdefault("name", f"{kind} {conflicts.session().info.setdefault('n', 0) + 1}")
    conflicts.session().info["n"] = conflicts.session().info.get("n", 0) + 1
    typed = build(REFERENCE_INPUTS[kind][0], {**defaults, **data})
    return conflicts.create_reference(SYSTEM, kind, conflict_id, typed)


class InitiativeFactory(ServiceFactory):
    class Meta:
        model = dict

    title = factory.Sequence(lambda n: f"Initiative {n}")
    track = "2"
    mode = "soft"
    method = "dialogue"
    status = "active"
    start_date = date(2026, 1, 1)
    end_date = None

    @classmethod
    def _call(cls, data: dict[str, Any]) -> Any:
        return initiatives.create(SYSTEM, build(InitiativeInput, data))


class PersonFactory(ServiceFactory):
    class Meta:
        model = dict

    full_name = factory.Sequence(lambda n: f"Testperson Number{n}")
    gender = "female"
    sector = "civil_society"
    proximity = 2

    @classmethod
    def _call(cls, data: dict[str, Any]) -> Any:
        return people.create(SYSTEM, build(PersonInput, data))


def participate(initiative_id: int, person_id: int, **data: Any) -> Any:
    """Add a person to an initiative as a participant."""
    return participations.create(
        SYSTEM,
        initiative_id,
        build(ParticipationInput, {"person_id": person_id, "role": "participant", **data}),
    )


def channel(initiative_id: int, body_id: int, **data: Any) -> Any:
    """Add a channel from an initiative to a Track One body."""
    return channels.create(
        SYSTEM,
        initiative_id,
        build(ChannelInput, {"track_one_body_id": body_id, "mechanism": "direct_briefing", **data}),
    )


@dataclass(frozen=True)
class Scope:
    """A conflict with one record of each kind of reference data."""

    conflict: Any
    issue: Any
    region: Any
    party: Any
    body: Any


def scope(**conflict_data: Any) -> Scope:
    """Create a conflict with an issue, a region, a party and a Track One body."""
    conflict = ConflictFactory(**conflict_data)
    return Scope(
        conflict=conflict,
        issue=reference("issue", conflict.id),
        region=reference("region", conflict.id),
        party=reference("party", conflict.id),
        body=reference("track_one_body", conflict.id),
    )


def initiative_on(where: Scope, sponsor_id: int, **data: Any) -> Any:
    """Register an initiative of a sponsor on a scope's conflict, covering its issue."""
    return InitiativeFactory(
        conflict_id=where.conflict.id,
        sponsor_id=sponsor_id,
        issue_ids=[where.issue.id],
        **data,
    )


def overlapping_pair(
    issue: str, party: str | None = None, titles: tuple[str, str] | None = None
) -> dict[str, Any]:
    """Two NGOs' initiatives on one issue of a conflict, sharing one elder, and its coordinator.

    Keys: conflict, water (the issue), party, own and theirs (the initiatives), coordinator
    (of a third organisation) and member (an editor of own's NGO).
    """
    from registry.extensions import db
    from registry.models import User

    ngo, other, hub = OrganisationFactory(), OrganisationFactory(), OrganisationFactory()
    conflict = ConflictFactory(track_one_status="formal_talks", escalation_stage="discussion")
    water = reference("issue", conflict.id, name=issue)
    party_record = reference("party", conflict.id, **({"name": party} if party else {}))
    named = [{"title": title} for title in titles] if titles else [{}, {}]
    own, theirs = (
        InitiativeFactory(
            conflict_id=conflict.id, sponsor_id=sponsor.id, issue_ids=[water.id], **extra
        )
        for sponsor, extra in zip((ngo, other), named, strict=True)
    )
    for organisation, initiative in ((ngo, own), (other, theirs)):
        person = people.create(
            SYSTEM,
            build(
                PersonInput,
                {
                    "organisation_id": organisation.id,
                    "full_name": "Canary Shared Elder",
                    "birth_year": 1960,
                    "gender": "male",
                    "sector": "traditional_leader",
                    "proximity": 2,
                },
            ),
        )
        participate(initiative.id, person.id, party_id=party_record.id)
    coordinator = editor_of(hub.id)
    users.assign_coordinator(SYSTEM, coordinator.id, conflict.id)
    return {
        "conflict": conflict,
        "water": water,
        "party": party_record,
        "own": own,
        "theirs": theirs,
        "coordinator": db.session.get(User, coordinator.id),
        "member": editor_of(ngo.id),
    }


def editor_of(organisation_id: int, role: str = "editor") -> Any:
    """Create a user of an organisation without a password (no Argon2 hashing: fast)."""
    return UserFactory(organisation_id=organisation_id, role=role, password=None)


def row_counts() -> dict[str, Any]:
    """Count the rows of every table and list every conflict's data version.

    Taken before and after a refused call, it shows that the call changed nothing.
    """
    from registry.extensions import db
    from registry.models import Base, Conflict

    counts: dict[str, Any] = {
        table.name: db.session.scalar(sa.select(sa.func.count()).select_from(table))
        for table in Base.metadata.sorted_tables
    }
    counts["conflict.data_version"] = db.session.execute(
        sa.select(Conflict.id, Conflict.data_version, Conflict.version).order_by(Conflict.id)
    ).all()
    return counts


def sign_in_as(client: Any, user: Any) -> Any:
    """Give a test client the session the sign-in page would, without the Argon2 check.

    For tests about what a signed-in user sees; tests of signing in itself use /signin.
    """
    import time

    with client.session_transaction() as cookie_session:
        cookie_session.clear()
        cookie_session["_user_id"] = user.get_id()
        cookie_session["_fresh"] = True
        now = int(time.time())
        cookie_session["signed_in_at"] = cookie_session["seen_at"] = now
        cookie_session["authenticated_at"] = now  # signing in counts for step-up
        cookie_session.permanent = True
    return client


def bearer_for(user: Any, label: str = "tests") -> dict[str, str]:
    """Issue an API token for a user and return the Authorization header that carries it."""
    from registry.services import authentication

    raw, _ = authentication.issue_token(user, label)
    return {"Authorization": f"Bearer {raw}"}


def one_transaction() -> AbstractContextManager[Any]:
    """Join the service calls made in the block into one transaction: one commit, fast set-up."""
    from registry.services.unit import transaction

    return transaction()
