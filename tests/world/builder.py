"""Build a described world through the services, in one transaction, and read it by key."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Any

from registry.models import Initiative, Organisation, Person, TransferChannel, User
from registry.services import users as user_service
from tests.factories import (
    SYSTEM,
    ConflictFactory,
    OrganisationFactory,
    PersonFactory,
    Scope,
    UserFactory,
    channel,
    initiative_on,
    one_transaction,
    participate,
    reference,
)
from tests.helpers.http import Tokens
from tests.world.specs import (
    NO_FIELDS,
    SCOPE_PARTS,
    Member,
    Org,
    Place,
    Route,
    Someone,
    Work,
    org,
)


@dataclass(frozen=True)
class World:
    """What build_world made, by key; attributes and items look a key up in every kind.

    Kinds are searched in this order: scopes, organisations, initiatives, people,
    channels, users, extras, then the parts of the "where" scope (conflict, issue...).
    A key may name an initiative and a user: `headers` reaches the users.
    """

    scopes: Mapping[str, Scope]
    organisations: Mapping[str, Organisation]
    initiatives: Mapping[str, Initiative]
    people: Mapping[str, Person]
    channels: Mapping[str, TransferChannel]
    users: Mapping[str, User]
    headers: Tokens = field(compare=False)
    extras: Mapping[str, Any] = field(default_factory=dict)

    def adding(self, **things: Any) -> World:
        """Return the world with more things a module made by hand, looked up by key too."""
        return replace(self, extras=MappingProxyType({**self.extras, **things}))

    def __getattr__(self, key: str) -> Any:
        if key.startswith("__"):
            raise AttributeError(key)
        try:
            return self[key]
        except KeyError:
            raise AttributeError(key) from None

    def __getitem__(self, key: str) -> Any:
        kinds: tuple[Mapping[str, Any], ...] = (
            self.scopes,
            self.organisations,
            self.initiatives,
            self.people,
            self.channels,
            self.users,
            self.extras,
        )
        for kind in kinds:
            if key in kind:
                return kind[key]
        if key in SCOPE_PARTS and "where" in self.scopes:
            return getattr(self.scopes["where"], key)  # "the conflict" of a one-conflict world
        raise KeyError(key)

    def __contains__(self, key: str) -> bool:
        try:
            self[key]
        except KeyError:
            return False
        return True


DEFAULT_ORGANISATIONS: Mapping[str, Org] = MappingProxyType({"ngo": org()})


def build_world(
    *,
    scopes: Mapping[str, Place] | tuple[str, ...] = ("where",),
    organisations: Mapping[str, Org] = DEFAULT_ORGANISATIONS,
    initiatives: Mapping[str, Work] = NO_FIELDS,
    people: Mapping[str, Someone] = NO_FIELDS,
    channels: Mapping[str, str | Route] = NO_FIELDS,
    users: Mapping[str, Member] = NO_FIELDS,
    tokens: tuple[str, ...] = (),
) -> World:
    """Create a world in one transaction: scopes, organisations, initiatives, people, users.

    `scopes` names the conflicts (each with an issue, region, party and Track One body
    unless its place says otherwise); `channels` maps a channel key to the initiative (or
    Route) whose channel to its scope's Track One body it is. The users named in `tokens`
    get their API tokens now (others on first use of `headers`), so that a test's
    "before" count of rows already holds them.
    """
    places = {key: Place() for key in scopes} if isinstance(scopes, tuple) else scopes
    with one_transaction():  # one commit: a faster set-up
        made_scopes = {key: _scope(spec) for key, spec in places.items()}
        made_organisations = {
            key: OrganisationFactory(kind=spec.kind, **spec.fields)
            for key, spec in organisations.items()
        }
        made_initiatives = {
            key: _initiative(spec, made_scopes, made_organisations)
            for key, spec in initiatives.items()
        }
        made_people = {
            key: _person(spec, made_organisations, made_initiatives, made_scopes, initiatives)
            for key, spec in people.items()
        }
        made_channels = {
            key: _channel(
                Route(spec) if isinstance(spec, str) else spec,
                made_initiatives,
                made_people,
                made_scopes[initiatives[spec if isinstance(spec, str) else spec.initiative].on],
            )
            for key, spec in channels.items()
        }
        made_users = {
            key: _user(spec, made_organisations, made_scopes) for key, spec in users.items()
        }
    headers = Tokens(made_users)
    for key in tokens:
        headers[key]
    return World(
        scopes=made_scopes,
        organisations=made_organisations,
        initiatives=made_initiatives,
        people=made_people,
        channels=made_channels,
        users=made_users,
        headers=headers,
    )


def _scope(spec: Place) -> Scope:
    """Create one described conflict and its reference data."""
    conflict = ConflictFactory(**spec.conflict)
    made = {
        kind: reference(kind, conflict.id, **fields) for kind, fields in spec.references.items()
    }
    return Scope(
        conflict=conflict,
        issue=made.get("issue"),
        region=made.get("region"),
        party=made.get("party"),
        body=made.get("track_one_body"),
    )


def _initiative(
    spec: Work, scopes: Mapping[str, Scope], organisations: Mapping[str, Organisation]
) -> Initiative:
    """Create one described initiative."""
    extra: dict[str, Any] = {}
    if spec.funders:
        extra["funder_ids"] = [organisations[key].id for key in spec.funders]
    if spec.in_region:
        extra["region_ids"] = [scopes[spec.on].region.id]
    made: Initiative = initiative_on(
        scopes[spec.on], organisations[spec.sponsor].id, **extra, **spec.fields
    )
    return made


def _person(
    spec: Someone,
    organisations: Mapping[str, Organisation],
    made_initiatives: Mapping[str, Initiative],
    scopes: Mapping[str, Scope],
    works: Mapping[str, Work],
) -> Person:
    """Create one described person and the person's participations."""
    made: Person = PersonFactory(organisation_id=organisations[spec.organisation].id, **spec.fields)
    for key in spec.takes_part_in:
        party = {"party_id": scopes[works[key].on].party.id} if spec.party else {}
        participate(made_initiatives[key].id, made.id, **party)
    return made


def _channel(
    spec: Route,
    made_initiatives: Mapping[str, Initiative],
    made_people: Mapping[str, Person],
    where: Scope,
) -> TransferChannel:
    """Create one described channel to the scope's Track One body."""
    via = {"via_person_id": made_people[spec.via].id} if spec.via else {}
    made: TransferChannel = channel(made_initiatives[spec.initiative].id, where.body.id, **via)
    return made


def _user(
    spec: Member, organisations: Mapping[str, Organisation], scopes: Mapping[str, Scope]
) -> User:
    """Create one described user and make the user coordinator of the scopes' conflicts."""
    made: User = UserFactory(
        organisation_id=organisations[spec.organisation].id, role=spec.role, **spec.fields
    )
    for key in spec.coordinates:
        user_service.assign_coordinator(SYSTEM, made.id, scopes[key].conflict.id)
    return made
