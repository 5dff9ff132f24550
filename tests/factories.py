"""factory_boy factories that build records through the services, as real users do."""

from __future__ import annotations

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
        return organisations.create(SYSTEM, data)


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
        return conflicts.create(SYSTEM, data)


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
    return conflicts.create_reference(SYSTEM, kind, conflict_id, {**defaults, **data})


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
        return initiatives.create(SYSTEM, data)


class PersonFactory(ServiceFactory):
    class Meta:
        model = dict

    full_name = factory.Sequence(lambda n: f"Testperson Number{n}")
    gender = "female"
    sector = "civil_society"
    proximity = 2

    @classmethod
    def _call(cls, data: dict[str, Any]) -> Any:
        return people.create(SYSTEM, data)


def participate(initiative_id: int, person_id: int, **data: Any) -> Any:
    """Add a person to an initiative as a participant."""
    return participations.create(
        SYSTEM, initiative_id, {"person_id": person_id, "role": "participant", **data}
    )


def channel(initiative_id: int, body_id: int, **data: Any) -> Any:
    """Add a channel from an initiative to a Track One body."""
    return channels.create(
        SYSTEM,
        initiative_id,
        {"track_one_body_id": body_id, "mechanism": "direct_briefing", **data},
    )
