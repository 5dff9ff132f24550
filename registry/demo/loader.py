"""Load the demo tables through the services, finding each record by its natural key first."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import sqlalchemy as sa

from ..extensions import db
from ..models import (
    ConflictCoordinator,
    CoordinationLink,
    DesignatedEntity,
    FocalPoint,
    Initiative,
    Participation,
    Person,
    TrackOneRound,
    TransferChannel,
    TransferEvent,
    User,
)
from ..policy import SystemActor
from ..services import (
    channels,
    conflicts,
    coordination,
    focal_points,
    initiatives,
    organisations,
    participations,
    people,
    rounds,
    screening,
    transfers,
    users,
)
from ..services.inputs import build
from ..services.inputs.calendar import RoundInput
from ..services.inputs.conflicts import REFERENCE_INPUTS, ConflictInput
from ..services.inputs.coordination import LinkProposal
from ..services.inputs.engagement import ChannelInput, TransferChanges, TransferInput
from ..services.inputs.initiatives import InitiativeInput
from ..services.inputs.organisations import DesignatedEntityInput, OrganisationInput
from ..services.inputs.people import ParticipationInput, PersonInput
from ..services.inputs.users import UserInput
from ..services.unit import transaction
from .calendar import ROUNDS, Round
from .data import (
    ACCOUNTS,
    ANCHOR_ORGANISATION,
    CONFLICTS,
    DESIGNATED_ENTITIES,
    ORGANISATIONS,
    REFERENCE_KINDS,
    Account,
)
from .participants import PEOPLE, DemoPerson
from .portfolio import INITIATIVES, LINKS, Channel, Link, Seat, Transfer

ACTOR = SystemActor(label="system:demo")


def load() -> dict[str, int]:
    """Load the whole demo data set in one transaction (all or nothing); count what was new."""
    with transaction():
        run = _Run(_anchor())
        run.load_all()
    return {"created": run.created, "existing": run.existing}


def _anchor() -> date:
    """Return the day of the first load: the anchor organisation's creation, else today."""
    organisation = organisations.find_by_name(ORGANISATIONS[ANCHOR_ORGANISATION]["name"])
    if organisation is not None:
        return organisation.created_at.astimezone(UTC).date()
    return datetime.now(UTC).date()


def _first(model: type[Any], **natural_key: Any) -> Any:
    """Return the record of this model with these column values, if any."""
    return db.session.scalar(sa.select(model).filter_by(**natural_key).limit(1))


class _Run:
    """One load: the records found or created so far, by demo key, and the counts."""

    def __init__(self, anchor: date) -> None:
        self.anchor = anchor
        self.created = 0
        self.existing = 0
        self.organisations: dict[str, Any] = {}
        self.conflicts: dict[str, Any] = {}
        self.references: dict[tuple[str, str, str], Any] = {}
        self.persons: dict[tuple[str, str], Person] = {}
        self.initiatives: dict[str, Initiative] = {}
        self.rounds: dict[str, TrackOneRound] = {}
        self.focal_points: dict[int, int] = {}  # body id -> a focal point's user id

    def day(self, offset: int | None) -> date | None:
        """Return the date `offset` days from the anchor (None stays open)."""
        return None if offset is None else self.anchor + timedelta(days=offset)

    def ref_id(self, slug: str, kind: str, key: str | None) -> int | None:
        """Return the id of a conflict's party, issue, region or body by demo key."""
        return None if key is None else self.reference_id(slug, kind, key)

    def reference_id(self, slug: str, kind: str, key: str) -> int:
        """Return the id of a reference the demo data names and must have."""
        return int(self.references[slug, kind, key].id)

    def ensure(self, found: Any, create: Callable[..., Any], *args: Any) -> tuple[Any, bool]:
        """Count and return the found record, or create it; tell whether it is new."""
        if found is not None:
            self.existing += 1
            return found, False
        self.created += 1
        return create(*args), True

    def load_all(self) -> None:
        """Load every table in dependency order."""
        self.load_organisations()
        self.load_conflicts()
        self.load_accounts()
        for item in ROUNDS:
            self.load_round(item)
        self.load_designated_entities()
        self.load_people()
        for spec in INITIATIVES:
            self.load_initiative(spec)
        for link in LINKS:
            self.load_link(link)

    def load_organisations(self) -> None:
        """Create the fictional NGOs, donors, coordination body and operators."""
        for key, fields in ORGANISATIONS.items():
            found = organisations.find_by_name(fields["name"])
            self.organisations[key], _ = self.ensure(
                found, organisations.create, ACTOR, build(OrganisationInput, fields)
            )

    def load_conflicts(self) -> None:
        """Create both conflicts and their parties, issues, regions and Track One bodies."""
        for slug, spec in CONFLICTS.items():
            data = build(ConflictInput, {"slug": slug, **spec["fields"]})
            conflict, _ = self.ensure(conflicts.find_by_slug(slug), conflicts.create, ACTOR, data)
            self.conflicts[slug] = conflict
            for kind in REFERENCE_KINDS:
                for key, fields in spec[kind].items():
                    self.references[slug, kind, key] = self.load_reference(slug, kind, fields)

    def load_reference(self, slug: str, kind: str, fields: dict[str, Any]) -> Any:
        """Create one piece of reference data, found by (conflict, name)."""
        conflict_id = self.conflicts[slug].id
        data = dict(fields)
        if kind == "track_one_body":
            data["party_id"] = self.ref_id(slug, "party", data.pop("party"))
        model = conflicts.REFERENCE_KINDS[kind][0]
        found = _first(model, conflict_id=conflict_id, name=data["name"])
        typed = build(REFERENCE_INPUTS[kind][0], data)
        record, _ = self.ensure(found, conflicts.create_reference, ACTOR, kind, conflict_id, typed)
        return record

    def load_accounts(self) -> None:
        """Create the sign-in accounts and assign the coordinator to its conflicts."""
        for account in ACCOUNTS:
            data = _user_data(account, self.organisations[account.organisation].id)
            user, _ = self.ensure(users.find_by_email(account.email), users.create, ACTOR, data)
            for slug in account.coordinates:
                conflict_id = self.conflicts[slug].id
                found = _first(ConflictCoordinator, user_id=user.id, conflict_id=conflict_id)
                self.ensure(found, users.assign_coordinator, ACTOR, user.id, conflict_id)
            for slug, body in account.focal_of:
                body_id = self.reference_id(slug, "track_one_body", body)
                found = _first(FocalPoint, user_id=user.id, track_one_body_id=body_id)
                self.ensure(found, focal_points.assign, ACTOR, body_id, account.email)
                self.focal_points[body_id] = user.id

    def load_round(self, item: Round) -> None:
        """Put a round on a conflict's calendar, found by (conflict, title)."""
        conflict_id = self.conflicts[item.conflict].id
        data = RoundInput(
            title=item.title,
            track_one_body_ids=tuple(
                self.reference_id(item.conflict, "track_one_body", b) for b in item.bodies
            ),
            starts_on=self.anchor + timedelta(days=item.starts),
            ends_on=self.anchor + timedelta(days=item.ends),
            agenda_issue_ids=tuple(
                self.reference_id(item.conflict, "issue", i) for i in item.agenda
            ),
            status=item.status,
            notes=item.notes,
        )
        found = _first(TrackOneRound, conflict_id=conflict_id, title=item.title)
        self.rounds[item.title], _ = self.ensure(found, rounds.create, ACTOR, conflict_id, data)

    def load_designated_entities(self) -> None:
        """Create the fictional designated entities, found by (list name, name)."""
        for fields in DESIGNATED_ENTITIES:
            found = _first(DesignatedEntity, list_name=fields["list_name"], name=fields["name"])
            self.ensure(found, screening.create, ACTOR, build(DesignatedEntityInput, fields))

    def load_people(self) -> None:
        """Register the fictional participants, found by (organisation, alias)."""
        for person in PEOPLE:
            organisation_id = self.organisations[person.organisation].id
            found = _first(Person, organisation_id=organisation_id, alias=person.alias)
            data = _person_data(person, organisation_id)
            self.persons[person.organisation, person.alias], _ = self.ensure(
                found, people.create, ACTOR, data
            )

    def load_initiative(self, spec: dict[str, Any]) -> None:
        """Register an initiative, found by (sponsor, external id), and what hangs from it."""
        sponsor_id = self.organisations[spec["sponsor"]].id
        found = _first(Initiative, sponsor_id=sponsor_id, external_id=spec["external_id"])
        data = self.initiative_data(spec, sponsor_id)
        initiative, _ = self.ensure(found, initiatives.create, ACTOR, data)
        self.initiatives[spec["external_id"]] = initiative
        for seat in spec["seats"]:
            self.load_seat(initiative, spec, seat)
        for channel in spec["channels"]:
            self.load_channel(initiative, spec, channel)
        for transfer in spec["transfers"]:
            self.load_transfer(initiative, spec["conflict"], transfer)

    def initiative_data(self, spec: dict[str, Any], sponsor_id: int) -> InitiativeInput:
        """Return the service input for an initiative of the portfolio."""
        slug = spec["conflict"]
        start, end = spec["dates"]
        copied = ("external_id", "title", "summary", "track", "mode", "method", "status")
        data = {
            **{name: spec[name] for name in (*copied, "confidentiality")},
            "conflict_id": self.conflicts[slug].id,
            "sponsor_id": sponsor_id,
            "intra_party": spec.get("intra_party", False),
            "start_date": self.day(start),
            "end_date": self.day(end),
            "issue_ids": [self.ref_id(slug, "issue", key) for key in spec["issues"]],
            "region_ids": [self.ref_id(slug, "region", key) for key in spec["regions"]],
            "funder_ids": [self.organisations[key].id for key in spec["funders"]],
        }
        return build(InitiativeInput, data)

    def load_seat(self, initiative: Initiative, spec: dict[str, Any], seat: Seat) -> None:
        """Add a person to an initiative, found by (initiative, person)."""
        person = self.persons[spec["sponsor"], seat.alias]
        found = _first(Participation, initiative_id=initiative.id, person_id=person.id)
        party_id = self.ref_id(spec["conflict"], "party", seat.party)
        data = ParticipationInput(person_id=person.id, role=seat.role, party_id=party_id)
        self.ensure(found, participations.create, ACTOR, initiative.id, data)

    def load_channel(self, initiative: Initiative, spec: dict[str, Any], channel: Channel) -> None:
        """Add a channel to Track One, found by (initiative, body, mechanism)."""
        body_id = self.ref_id(spec["conflict"], "track_one_body", channel.body)
        found = _channel(initiative.id, body_id, channel.mechanism)
        via = self.persons[spec["sponsor"], channel.via].id if channel.via else None
        data = build(
            ChannelInput,
            {
                "track_one_body_id": body_id,
                "mechanism": channel.mechanism,
                "via_person_id": via,
                "established_on": self.day(channel.established),
            },
        )
        self.ensure(found, channels.create, ACTOR, initiative.id, data)

    def load_transfer(self, initiative: Initiative, slug: str, transfer: Transfer) -> None:
        """Record a transfer, found by (initiative, title); a coordinator raises its evidence."""
        body_id = self.reference_id(slug, "track_one_body", transfer.body)
        channel = _channel(initiative.id, body_id, transfer.mechanism)
        if channel is None:
            raise LookupError(f"the demo transfer {transfer.title!r} names no channel it defines")
        data = build(
            TransferInput,
            {
                "channel_id": channel.id,
                "title": transfer.title,
                "kind": transfer.kind,
                "delivered_on": self.day(transfer.delivered),
                "issue_ids": [self.ref_id(slug, "issue", key) for key in transfer.issues],
                "round_id": self.rounds[transfer.round].id if transfer.round else None,
            },
        )
        found = _first(TransferEvent, initiative_id=initiative.id, title=transfer.title)
        event, created = self.ensure(found, transfers.create, ACTOR, initiative.id, data)
        if created and transfer.evidence != "claimed":
            confirmer: Any = ACTOR
            if transfer.by_focal_point:
                confirmer = db.session.get(User, self.focal_points[body_id])
            transfers.update(confirmer, event.id, TransferChanges(evidence=transfer.evidence))

    def load_link(self, link: Link) -> None:
        """Propose a coordination link, found by its pair, and record the other side's answer."""
        a, b = self.initiatives[link.a], self.initiatives[link.b]
        low, high = sorted((a.id, b.id))
        found = _first(CoordinationLink, pair_low_id=low, pair_high_id=high)
        data = LinkProposal(initiative_a_id=a.id, initiative_b_id=b.id, kind=link.kind)
        record, created = self.ensure(found, coordination.propose, ACTOR, data)
        if created and link.decision is not None:
            coordination.decide(ACTOR, record.id, link.decision)


def _channel(initiative_id: int, body_id: int | None, mechanism: str) -> TransferChannel | None:
    """Return an initiative's channel to a body by a mechanism, if any."""
    channel: TransferChannel | None = _first(
        TransferChannel,
        initiative_id=initiative_id,
        track_one_body_id=body_id,
        mechanism=mechanism,
    )
    return channel


def _user_data(account: Account, organisation_id: int) -> UserInput:
    """Return the service input for a demo account."""
    return UserInput(
        email=account.email,
        display_name=account.display_name,
        organisation_id=organisation_id,
        role=account.role,
        password=account.password,
    )


def _person_data(person: DemoPerson, organisation_id: int) -> PersonInput:
    """Return the service input for a fictional participant."""
    data: dict[str, Any] = {"organisation_id": organisation_id, "alias": person.alias}
    fields = ("full_name", "birth_year", "gender", "sector", "proximity")
    data.update({name: getattr(person, name) for name in fields})
    if person.designated_affiliation:
        data["designated_affiliation"] = person.designated_affiliation
    return build(PersonInput, data)
