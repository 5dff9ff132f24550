"""Register and edit participants; names are encrypted and fingerprinted before they are stored."""

from __future__ import annotations

import dataclasses
import secrets

import sqlalchemy as sa

from ..errors import Invalid, NotFound, PermissionDenied
from ..identity import data_ring, encrypt, fingerprint, match_ring
from ..inputs import clean_identity
from ..models import Organisation, Person
from ..policy import Actor, can_edit_for
from . import audit
from .inputs import UNSET
from .inputs.people import PersonChanges, PersonInput
from .saving import assign, save_changes
from .unit import check_version, get_or_404, service, session, touch_conflicts

PLAIN_FIELDS = ("alias", "birth_year", "gender", "sector", "proximity", "identity_visibility")
# Crockford's alphabet: no I, L, O or U to misread over a phone line.
_ALIAS_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def _alias_taken(organisation_id: int, alias: str, except_id: int | None) -> bool:
    taken = session().scalar(
        sa.select(Person.id).where(Person.organisation_id == organisation_id, Person.alias == alias)
    )
    return taken is not None and taken != except_id


def new_alias(organisation_id: int) -> str:
    """Return a random pseudonym not yet used in the organisation, e.g. "P-7K3M9Q"."""
    while True:
        alias = "P-" + "".join(secrets.choice(_ALIAS_ALPHABET) for _ in range(6))
        if not _alias_taken(organisation_id, alias, None):
            return alias


def _seal(person: Person, data: PersonInput | PersonChanges) -> list[str]:
    """Encrypt and fingerprint the name and affiliation given in data."""
    changed = []
    if data.full_name is not UNSET:
        name = clean_identity(data.full_name)
        if not name:
            raise Invalid.field("full_name", "Enter the person's full name.")
        person.full_name_encrypted = encrypt(data_ring(), name, "person.full_name")
        person.name_fingerprint = fingerprint(match_ring(), name)
        person.erased_at = None  # a name entered again is no longer erased
        changed.append("full_name")
    if data.designated_affiliation is not UNSET:
        affiliation = clean_identity(data.designated_affiliation or "") or None
        person.designated_affiliation_encrypted = (
            encrypt(data_ring(), affiliation, "person.designated_affiliation")
            if affiliation
            else None
        )
        person.affiliation_fingerprint = (
            fingerprint(match_ring(), affiliation) if affiliation else None
        )
        changed.append("designated_affiliation")
    return changed


def _check_alias(organisation_id: int, alias: str | None, person_id: int | None) -> str:
    """Return the alias cleaned, refusing an empty one or one the organisation uses."""
    cleaned = clean_identity(alias or "")
    if not cleaned:
        raise Invalid.field("alias", "Enter a pseudonym, or leave it out to have one generated.")
    if _alias_taken(organisation_id, cleaned, person_id):
        raise Invalid.field("alias", "Your organisation already uses this pseudonym.")
    return cleaned


def _organisation(actor: Actor, data: PersonInput) -> int:
    """Return the organisation a new person is registered for, refusing another's."""
    organisation_id = (
        actor.organisation_id if data.organisation_id is None else data.organisation_id
    )
    if organisation_id is None:
        raise Invalid.field("organisation_id", "Missing data for required field.")
    if not actor.is_system and organisation_id != actor.organisation_id:
        raise Invalid.field("organisation_id", "You can only register people of your organisation.")
    if not can_edit_for(actor, organisation_id):
        raise PermissionDenied()
    if session().get(Organisation, organisation_id) is None:
        raise Invalid.field("organisation_id", "No organisation has this id.")
    return organisation_id


@service
def create(actor: Actor, data: PersonInput) -> Person:
    """Register a person for the actor's organisation."""
    organisation_id = _organisation(actor, data)
    if data.alias is not None:
        data = dataclasses.replace(data, alias=_check_alias(organisation_id, data.alias, None))
    person = Person(organisation_id=organisation_id)
    assign(person, data, PLAIN_FIELDS)
    if not person.alias:
        person.alias = new_alias(person.organisation_id)
    _seal(person, data)
    session().add(person)
    session().flush()
    touch_conflicts()
    audit.record(actor, "person.create", "person", person.id)
    return person


def owned(actor: Actor, person_id: int) -> Person:
    """Return a person of the actor's organisation, or 404 as if it did not exist."""
    person = get_or_404(Person, person_id)
    if not actor.is_system and person.organisation_id != actor.organisation_id:
        raise NotFound()
    return person


@service
def update(
    actor: Actor, person_id: int, data: PersonChanges, expected_version: int | None = None
) -> Person:
    """Edit a person of the actor's organisation."""
    person = owned(actor, person_id)
    if not can_edit_for(actor, person.organisation_id):
        raise PermissionDenied()
    check_version(person, expected_version)
    if data.organisation_id is not UNSET and data.organisation_id != person.organisation_id:
        raise Invalid.field(
            "organisation_id", "A person stays with the organisation that registered them."
        )
    if data.alias is not UNSET:
        data = dataclasses.replace(
            data, alias=_check_alias(person.organisation_id, data.alias, person.id)
        )
    changed = assign(person, data, PLAIN_FIELDS) + _seal(person, data)
    save_changes(actor, "person", person, changed, None)
    return person
