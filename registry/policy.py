"""The one visibility and permission policy: pure predicates and the query filters lists use.

Every read and every write in the registry asks this module. Relations of an actor
to an initiative, and what each relation sees at each confidentiality level, follow
SPEC section 3 exactly; the table below is that section's table.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum
from typing import Protocol

import sqlalchemy as sa

from .models import Initiative
from .models.enums import ROLES
from .models.initiative import initiative_funder

SPONSOR, COORDINATOR, FUNDER, MEMBER, ANONYMOUS = (
    "sponsor",
    "coordinator",
    "funder",
    "member",
    "anonymous",
)
RELATIONS = (SPONSOR, COORDINATOR, FUNDER, MEMBER, ANONYMOUS)
EDITING_ROLES = frozenset({"editor", "org_admin", "platform_admin"})


class Access(IntEnum):
    """How much of an initiative a reader sees, in increasing order."""

    NOTHING = 0
    PUBLIC_FIELDS = 1
    ALL_BUT_PARTICIPANTS = 2
    EVERYTHING = 3


_E, _A, _P, _N = (
    Access.EVERYTHING,
    Access.ALL_BUT_PARTICIPANTS,
    Access.PUBLIC_FIELDS,
    Access.NOTHING,
)
INITIATIVE_ACCESS: dict[str, dict[str, Access]] = {
    #           public  registry restricted sealed
    SPONSOR: dict(public=_E, registry=_E, restricted=_E, sealed=_E),
    COORDINATOR: dict(public=_E, registry=_E, restricted=_E, sealed=_E),
    FUNDER: dict(public=_E, registry=_E, restricted=_E, sealed=_N),
    MEMBER: dict(public=_A, registry=_A, restricted=_N, sealed=_N),
    ANONYMOUS: dict(public=_P, registry=_N, restricted=_N, sealed=_N),
}

PUBLIC_FIELDS = frozenset(
    {
        "id",
        "title",
        "sponsor_id",
        "conflict_id",
        "issue_ids",
        "region_ids",
        "status",
        "start_date",
        "end_date",
        "track",
        "mode",
    }
)


class Actor(Protocol):
    """Whoever acts: a signed-in user, an anonymous visitor or the system."""

    @property
    def id(self) -> int | None: ...
    @property
    def organisation_id(self) -> int | None: ...
    @property
    def role(self) -> str | None: ...
    @property
    def is_authenticated(self) -> bool: ...
    @property
    def is_system(self) -> bool: ...
    @property
    def coordinated_conflict_ids(self) -> frozenset[int]: ...


@dataclass(frozen=True)
class SystemActor:
    """The command line and the demo loader: trusted operators with shell access."""

    label: str = "system"
    id: None = None
    organisation_id: None = None
    role: str = "system"
    is_authenticated: bool = True
    is_system: bool = True
    coordinated_conflict_ids: frozenset[int] = field(default_factory=frozenset)


@dataclass(frozen=True)
class AnonymousActor:
    """A visitor who has not signed in."""

    id: None = None
    organisation_id: None = None
    role: None = None
    is_authenticated: bool = False
    is_system: bool = False
    is_active: bool = False
    is_anonymous: bool = True
    coordinated_conflict_ids: frozenset[int] = field(default_factory=frozenset)

    def get_id(self) -> None:
        return None


SYSTEM = SystemActor()
ANONYMOUS_ACTOR = AnonymousActor()


@dataclass(frozen=True)
class InitiativeFacts:
    """What the policy needs to know about an initiative."""

    conflict_id: int
    sponsor_id: int
    funder_ids: frozenset[int]
    confidentiality: str

    @classmethod
    def of(cls, initiative: Initiative) -> InitiativeFacts:
        return cls(
            conflict_id=initiative.conflict_id,
            sponsor_id=initiative.sponsor_id,
            funder_ids=frozenset(initiative.funder_ids),
            confidentiality=initiative.confidentiality,
        )


def relation(actor: Actor, facts: InitiativeFacts) -> str:
    """Return the actor's strongest relation to an initiative."""
    if not actor.is_authenticated:
        return ANONYMOUS
    if actor.organisation_id == facts.sponsor_id:
        return SPONSOR
    if facts.conflict_id in actor.coordinated_conflict_ids:
        return COORDINATOR
    if actor.organisation_id in facts.funder_ids:
        return FUNDER
    return MEMBER


def initiative_access(actor: Actor, initiative: Initiative | InitiativeFacts) -> Access:
    """Return how much of the initiative the actor sees."""
    if actor.is_system:
        return Access.EVERYTHING
    facts = (
        initiative if isinstance(initiative, InitiativeFacts) else InitiativeFacts.of(initiative)
    )
    return INITIATIVE_ACCESS[relation(actor, facts)][facts.confidentiality]


def is_coordinator(actor: Actor, conflict_id: int) -> bool:
    """Tell whether the actor coordinates the conflict."""
    return actor.is_system or conflict_id in actor.coordinated_conflict_ids


def is_platform_admin(actor: Actor) -> bool:
    """Tell whether the actor manages the platform (the system counts as one)."""
    return actor.is_system or (actor.is_authenticated and actor.role == "platform_admin")


def can_edit_own(actor: Actor) -> bool:
    """Tell whether the actor edits initiatives and people of their own organisation."""
    return actor.organisation_id is not None and can_edit_for(actor, actor.organisation_id)


def can_edit_for(actor: Actor, organisation_id: int) -> bool:
    """Tell whether the actor edits initiatives and people of this organisation."""
    if actor.is_system:
        return True
    return (
        actor.is_authenticated
        and actor.organisation_id == organisation_id
        and actor.role in EDITING_ROLES
    )


def can_edit_initiative(actor: Actor, initiative: Initiative) -> bool:
    """Tell whether the actor edits this initiative and what hangs from it."""
    return can_edit_for(actor, initiative.sponsor_id)


def can_manage_reference_data(actor: Actor, conflict_id: int) -> bool:
    """Tell whether the actor edits a conflict and its parties, issues, regions and bodies."""
    return is_platform_admin(actor) or is_coordinator(actor, conflict_id)


def can_manage_users_of(actor: Actor, organisation_id: int) -> bool:
    """Tell whether the actor creates and edits users of this organisation."""
    if is_platform_admin(actor):
        return True
    return (
        actor.is_authenticated
        and actor.role == "org_admin"
        and actor.organisation_id == organisation_id
    )


def can_administer(actor: Actor) -> bool:
    """Tell whether the actor is offered the administration pages (org and platform admins)."""
    return actor.is_authenticated and (
        is_platform_admin(actor)
        or (actor.role == "org_admin" and actor.organisation_id is not None)
    )


def may_give_role(actor: Actor, role: str | None) -> bool:
    """Tell whether the actor may give a user this role (only platform admins make platform
    admins); `None` (no role asked for) is always allowed."""
    return role != "platform_admin" or is_platform_admin(actor)


def can_manage_user(actor: Actor, organisation_id: int, role: str) -> bool:
    """Tell whether the actor edits this user: its organisation's org admins (but not a
    platform admin's account), and platform admins for everyone."""
    return may_give_role(actor, role) and can_manage_users_of(actor, organisation_id)


def assignable_roles(actor: Actor) -> tuple[str, ...]:
    """Return the roles the actor may give a user (only platform admins make platform admins)."""
    if is_platform_admin(actor):
        return tuple(ROLES)
    if can_administer(actor):
        return tuple(role for role in ROLES if role != "platform_admin")
    return ()


def answers_for_own_people(actor: Actor) -> bool:
    """Tell whether the actor answers reveal requests and sees who read its people's names:
    org admins of the owning organisation; a platform admin's role adds nothing here."""
    return (
        actor.is_authenticated
        and not actor.is_system
        and actor.role == "org_admin"
        and actor.organisation_id is not None
    )


def reads_audit_log(actor: Actor) -> bool:
    """Tell whether the actor reads the whole audit log (platform admins)."""
    return is_platform_admin(actor)


def visible_initiatives(
    actor: Actor, at_least: Access = Access.PUBLIC_FIELDS
) -> sa.ColumnElement[bool]:
    """Return a WHERE clause keeping the initiatives the actor sees at `at_least` access.

    This is the query form of initiative_access(); the tests check that the two agree.
    """
    if actor.is_system:
        return sa.true()
    levels = {
        relation_name: [level for level, access in row.items() if access >= at_least]
        for relation_name, row in INITIATIVE_ACCESS.items()
    }
    if not actor.is_authenticated:
        return Initiative.confidentiality.in_(levels[ANONYMOUS])
    clauses = [
        sa.and_(
            Initiative.sponsor_id == actor.organisation_id,
            Initiative.confidentiality.in_(levels[SPONSOR]),
        ),
        sa.and_(
            Initiative.conflict_id.in_(sorted(actor.coordinated_conflict_ids)),
            Initiative.confidentiality.in_(levels[COORDINATOR]),
        ),
        sa.and_(
            Initiative.confidentiality.in_(levels[FUNDER]),
            Initiative.id.in_(
                sa.select(initiative_funder.c.initiative_id).where(
                    initiative_funder.c.organisation_id == actor.organisation_id
                )
            ),
        ),
        Initiative.confidentiality.in_(levels[MEMBER]),
    ]
    return sa.or_(*clauses)


def visible_organisations(actor: Actor) -> sa.ColumnElement[bool]:
    """Return a WHERE clause on Organisation: all for signed-in users, else those public
    initiatives name as sponsor or funder."""
    from .models import Organisation

    if actor.is_authenticated:
        return sa.true()
    public = Initiative.confidentiality == "public"
    sponsors = sa.select(Initiative.sponsor_id).where(public)
    funders = (
        sa.select(initiative_funder.c.organisation_id)
        .join(Initiative, Initiative.id == initiative_funder.c.initiative_id)
        .where(public)
    )
    return sa.or_(Organisation.id.in_(sponsors), Organisation.id.in_(funders))


def manageable_users(actor: Actor) -> sa.ColumnElement[bool]:
    """Return a WHERE clause on User: every user for platform admins, the organisation's
    users for its org admins, nobody else."""
    from .models import User

    if is_platform_admin(actor):
        return sa.true()
    if actor.is_authenticated and actor.role == "org_admin":
        return User.organisation_id == actor.organisation_id
    return sa.false()


# Focal points (SPEC 8): a user assigned to a Track One body reads the transfers whose
# channel reaches its body, as its inbox. It is a reader of transfers, not a relation to
# initiatives: what it sees of each initiative still follows the table above.
FOCAL_POINT = "focal_point"


def focal_body_ids(actor: Actor) -> frozenset[int]:
    """Return the Track One bodies the actor is a focal point of."""
    if actor.is_system or not actor.is_authenticated:
        return frozenset()
    return frozenset(getattr(actor, "focal_body_ids", ()) or ())


def is_focal_point(actor: Actor, body_id: int) -> bool:
    """Tell whether the actor is a focal point of this Track One body."""
    return body_id in focal_body_ids(actor)


def in_inbox(
    actor: Actor, facts: Initiative | InitiativeFacts, body_id: int, institutional: bool
) -> bool:
    """Tell whether a transfer to a body reaches the actor's inbox as that body's focal point.

    Initiatives the focal point sees are listed; of the others only restricted ones with
    an institutional channel, and sealed ones never.
    """
    if not is_focal_point(actor, body_id):
        return False
    if initiative_access(actor, facts) >= Access.PUBLIC_FIELDS:
        return True
    return facts.confidentiality == "restricted" and institutional


def inbox_transfers(actor: Actor, body_id: int) -> sa.ColumnElement[bool]:
    """Return a WHERE clause (on TransferEvent joined to its channel and initiative) of an inbox.

    The query form of in_inbox(); the tests check that the two agree.
    """
    from .models import TransferChannel

    if not is_focal_point(actor, body_id):
        return sa.false()
    return sa.and_(
        TransferChannel.track_one_body_id == body_id,
        sa.or_(
            visible_initiatives(actor),
            sa.and_(
                Initiative.confidentiality == "restricted",
                TransferChannel.via_person_id.is_(None),
            ),
        ),
    )


def can_confirm_transfer(
    actor: Actor, facts: Initiative | InitiativeFacts, body_id: int, institutional: bool
) -> bool:
    """Tell whether the actor raises a transfer's evidence: coordinators and its focal points."""
    return is_coordinator(actor, facts.conflict_id) or in_inbox(
        actor, facts, body_id, institutional
    )
