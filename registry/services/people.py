"""Register and edit participants; names are encrypted and fingerprinted before they are stored."""

from __future__ import annotations

import secrets
from typing import Any

import sqlalchemy as sa

from ..errors import Invalid, NotFound, PermissionDenied
from ..identity import data_ring, encrypt, fingerprint, match_ring
from ..inputs import clean_identity
from ..models import Organisation, Person
from ..policy import Actor, can_edit_for
from . import audit
from .unit import (
    assign,
    check_version,
    get_or_404,
    refuse_unknown,
    require,
    service,
    session,
    touch_conflicts,
)

PLAIN_FIELDS = ("alias", "birth_year", "gender", "sector", "proximity", "identity_visibility")
SECRET_FIELDS = ("full_name", "designated_affiliation")
FIELDS = ("organisation_id", *PLAIN_FIELDS, *SECRET_FIELDS)
REQUIRED = ("full_name", "gender", "sector", "proximity")
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


def _seal(person: Person, data: dict[str, Any]) -> list[str]:
    """Encrypt and fingerprint the name and affiliation given in data."""
    changed = []
    if "full_name" in data:
        name = clean_identity(data["full_name"] or "")
        if not name:
            raise Invalid.field("full_name", "Enter the person's full name.")
        person.full_name_encrypted = encrypt(data_ring(), name, "person.full_name")
        person.name_fingerprint = fingerprint(match_ring(), name)
        person.erased_at = None  # a name entered again is no longer erased
        changed.append("full_name")
    if "designated_affiliation" in data:
        affiliation = clean_identity(data["designated_affiliation"] or "") or None
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


def _check_alias(organisation_id: int, data: dict[str, Any], person_id: int | None) -> None:
    if "alias" in data:
        alias = clean_identity(data["alias"] or "")
        if not alias:
            raise Invalid.field(
                "alias", "Enter a pseudonym, or leave it out to have one generated."
            )
        if _alias_taken(organisation_id, alias, person_id):
            raise Invalid.field("alias", "Your organisation already uses this pseudonym.")
        data["alias"] = alias


@service
def create(actor: Actor, data: dict[str, Any]) -> Person:
    """Register a person for the actor's organisation."""
    refuse_unknown(data, FIELDS)
    data = {"organisation_id": actor.organisation_id, **data}
    require(data, (*REQUIRED, "organisation_id"))
    if not actor.is_system and data["organisation_id"] != actor.organisation_id:
        raise Invalid.field("organisation_id", "You can only register people of your organisation.")
    if not can_edit_for(actor, data["organisation_id"]):
        raise PermissionDenied()
    if session().get(Organisation, data["organisation_id"]) is None:
        raise Invalid.field("organisation_id", "No organisation has this id.")
    if data.get("alias") is None:
        data.pop("alias", None)
    _check_alias(data["organisation_id"], data, None)
    person = Person(organisation_id=data["organisation_id"], identity_visibility="pseudonymous")
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
    actor: Actor, person_id: int, data: dict[str, Any], expected_version: int | None = None
) -> Person:
    """Edit a person of the actor's organisation."""
    person = owned(actor, person_id)
    if not can_edit_for(actor, person.organisation_id):
        raise PermissionDenied()
    check_version(person, expected_version)
    refuse_unknown(data, FIELDS)
    if "organisation_id" in data and data["organisation_id"] != person.organisation_id:
        raise Invalid.field(
            "organisation_id", "A person stays with the organisation that registered them."
        )
    data = dict(data)
    _check_alias(person.organisation_id, data, person.id)
    changed = assign(person, data, PLAIN_FIELDS) + _seal(person, data)
    if changed:
        session().flush()
        touch_conflicts()
        audit.record(actor, "person.update", "person", person.id, {"fields": changed})
    return person
