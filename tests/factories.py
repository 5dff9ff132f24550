"""factory_boy factories that build records through the services, as real users do."""

from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import date
from typing import Any

import factory

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
from registry.services.inputs.users import UserInput
from tests.helpers.http import PASSWORD

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
    password = PASSWORD
    organisation_id = factory.LazyFunction(lambda: OrganisationFactory().id)

    @classmethod
    def _call(cls, data: dict[str, Any]) -> Any:
        return users.create(SYSTEM, build(UserInput, data))


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


def named_user(organisation_id: int, name: str, role: str, email: str) -> Any:
    """Create a user without a password (no Argon2 hashing), named as a person is."""
    return UserFactory(
        organisation_id=organisation_id, display_name=name, role=role, email=email, password=None
    )


def editor_of(organisation_id: int, role: str = "editor") -> Any:
    """Create a user of an organisation without a password (no Argon2 hashing: fast)."""
    return UserFactory(organisation_id=organisation_id, role=role, password=None)


def one_transaction() -> AbstractContextManager[Any]:
    """Join the service calls made in the block into one transaction: one commit, fast set-up."""
    from registry.services.unit import transaction

    return transaction()
