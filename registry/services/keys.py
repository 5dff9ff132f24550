"""Key rotation: re-encrypt names and re-fingerprint them under the first configured keys."""

from __future__ import annotations

import sqlalchemy as sa

from ..errors import PermissionDenied
from ..identity import data_ring, decrypt, encrypt, fingerprint, match_ring
from ..models import Person
from ..policy import Actor
from . import audit, two_factor
from .unit import service, session, touch_conflicts

BATCH = 500


@service
def rotate(actor: Actor) -> dict[str, int]:
    """Rewrite every name, affiliation and two-factor secret with the current keys, at once.

    Run it after putting a new key first in REGISTRY_DATA_KEY or REGISTRY_MATCH_KEY and
    keeping the old ones after it; once it has run, the old keys can be removed.
    """
    if not actor.is_system:
        raise PermissionDenied("Key rotation runs from the command line only.")
    data, match = data_ring(), match_ring()
    counts = {"people": 0, "reencrypted": 0, "refingerprinted": 0, "two_factor_secrets": 0}
    statement = sa.select(Person).order_by(Person.id).execution_options(yield_per=BATCH)
    for person in session().scalars(statement):
        counts["people"] += 1
        name = decrypt(data, person.full_name_encrypted, "person.full_name")
        if not person.full_name_encrypted.startswith(f"v1:{data.current.id}:"):
            person.full_name_encrypted = encrypt(data, name, "person.full_name")
            counts["reencrypted"] += 1
        # An erased name's marker matches nothing, and must stay so (see services.retention).
        new_fingerprint = person.name_fingerprint if person.erased_at else fingerprint(match, name)
        if person.name_fingerprint != new_fingerprint:
            person.name_fingerprint = new_fingerprint
            counts["refingerprinted"] += 1
        _rotate_affiliation(person)
    counts["two_factor_secrets"] = two_factor.reencrypt_secrets()
    session().flush()
    touch_conflicts()
    audit.record(actor, "keys.rotate", "person", None, counts)
    return counts


def _rotate_affiliation(person: Person) -> None:
    """Re-encrypt and re-fingerprint a person's designated affiliation, if any."""
    if person.designated_affiliation_encrypted is None:
        return
    data = data_ring()
    purpose = "person.designated_affiliation"
    affiliation = decrypt(data, person.designated_affiliation_encrypted, purpose)
    if not person.designated_affiliation_encrypted.startswith(f"v1:{data.current.id}:"):
        person.designated_affiliation_encrypted = encrypt(data, affiliation, purpose)
    person.affiliation_fingerprint = fingerprint(match_ring(), affiliation)
