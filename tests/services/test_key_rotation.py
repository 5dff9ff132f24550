"""Key rotation re-encrypts names and re-fingerprints them without losing any."""

from __future__ import annotations

import sqlalchemy as sa

from registry.extensions import db
from registry.identity import data_ring, decrypt, fingerprint, match_ring
from registry.keyring import new_key, parse_ring
from registry.models import Person
from registry.services import keys, people
from registry.services.inputs import build
from registry.services.inputs.people import PersonInput
from tests.factories import SYSTEM, OrganisationFactory


def _person(name: str) -> Person:
    return people.create(
        SYSTEM,
        build(
            PersonInput,
            {
                "organisation_id": OrganisationFactory().id,
                "full_name": name,
                "designated_affiliation": "Eastern Riverbank Front",
                "gender": "female",
                "sector": "women",
                "proximity": 2,
            },
        ),
    )


def _prepend_keys(app) -> None:
    """Put new keys first, keeping the old ones after them, as an operator would."""
    for setting, ring_name in (("DATA_KEY", "DATA_KEYRING"), ("MATCH_KEY", "MATCH_KEYRING")):
        app.config[setting] = f"{new_key()},{app.config[setting]}"
        app.config[ring_name] = parse_ring(setting, app.config[setting])


def test_rotate_reencrypts_every_name_under_the_new_key(app) -> None:
    person_id = _person("Canary Rotation Person").id
    _prepend_keys(app)
    counts = keys.rotate(SYSTEM)
    person = db.session.get(Person, person_id)
    assert counts == {
        "people": 1,
        "reencrypted": 1,
        "refingerprinted": 1,
        "two_factor_secrets": 0,
    }
    assert person.full_name_encrypted.startswith(f"v1:{data_ring().current.id}:")
    assert decrypt(data_ring(), person.full_name_encrypted, "person.full_name") == (
        "Canary Rotation Person"
    )


def test_rotate_recomputes_fingerprints_with_the_new_match_key(app) -> None:
    person_id = _person("Canary Rotation Person").id
    _prepend_keys(app)
    keys.rotate(SYSTEM)
    person = db.session.get(Person, person_id)
    assert person.name_fingerprint == fingerprint(match_ring(), "Canary Rotation Person")
    assert person.affiliation_fingerprint == fingerprint(match_ring(), "Eastern Riverbank Front")


def test_rotate_twice_changes_nothing_the_second_time(app) -> None:
    _person("Canary Rotation Person")
    _prepend_keys(app)
    keys.rotate(SYSTEM)
    assert keys.rotate(SYSTEM) == {
        "people": 1,
        "reencrypted": 0,
        "refingerprinted": 0,
        "two_factor_secrets": 0,
    }


def test_rotate_keys_command_reports_counts(app) -> None:
    _person("Canary Rotation Person")
    result = app.test_cli_runner().invoke(args=["registry", "rotate-keys"])
    assert result.exit_code == 0, result.output
    assert "Rotated 1 people" in result.output
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Person)) == 1


def test_rotate_reencrypts_two_factor_secrets_so_old_keys_can_go(app) -> None:
    import pyotp

    from registry.models import User
    from registry.services import two_factor
    from tests.factories import UserFactory

    user = UserFactory(organisation_id=OrganisationFactory().id, password=None)
    secret = two_factor.enrol_with_secret(SYSTEM, user.id)
    _prepend_keys(app)

    assert keys.rotate(SYSTEM)["two_factor_secrets"] == 1

    new_only = app.config["DATA_KEY"].split(",")[0]
    app.config["DATA_KEYRING"] = parse_ring("DATA_KEY", new_only)
    db.session.expire_all()
    enrolled = db.session.get(User, user.id)
    assert two_factor.verify(enrolled, pyotp.TOTP(secret).now())
