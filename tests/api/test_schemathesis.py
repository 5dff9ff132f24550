"""Property-based contract tests: generated requests, sent as every kind of reader SPEC names,
never cause a 5xx and get only answers the OpenAPI document declares.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from flask import Flask
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from registry.extensions import alembic, db
from registry.services import analysis, users
from tests.factories import (
    OrganisationFactory,
    channel,
    editor_of,
    initiative_on,
    one_transaction,
    reference,
    scope,
)
from tests.helpers import SYSTEM, IsolatedClient, bearer_for, make_app
from tests.world import overlapping_pair

# Bounded in CI (each example goes out once per reader: seven requests); raise locally
# with REGISTRY_SCHEMATHESIS_EXAMPLES=100 to search harder.
EXAMPLES = int(os.environ.get("REGISTRY_SCHEMATHESIS_EXAMPLES", "8"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
READERS = (
    "anonymous",
    "viewer",
    "editor",
    "org_admin",
    "coordinator",
    "donor",
    "platform_admin",
)


def seed_world() -> dict[str, Any]:
    """Seed a conflict with reference data, initiatives, people, a channel and stored findings.

    Return each kind of reader's users: the sponsor's viewer, editor and org admin, the
    conflict's coordinator, a funder's user and a platform admin.
    """
    with one_transaction():
        world = overlapping_pair("Grazing corridors")
        conflict = world["conflict"]
        region = reference("region", conflict.id)
        body = reference("track_one_body", conflict.id, party_id=world["party"].id)
        channel(world["own"].id, body.id)
        sponsor = world["own"].sponsor_id
        donor = OrganisationFactory(kind="donor")
        other = scope()
        initiative_on(other, sponsor, funder_ids=[donor.id], confidentiality="restricted")
        initiative_on(other, sponsor, confidentiality="public", region_ids=[other.region.id])
        operators = OrganisationFactory(kind="other")
        people = {
            "viewer": editor_of(sponsor, role="viewer"),
            "editor": world["member"],
            "org_admin": editor_of(sponsor, role="org_admin"),
            "coordinator": world["coordinator"],
            "donor": editor_of(donor.id, role="viewer"),
            "platform_admin": editor_of(operators.id, role="platform_admin"),
        }
        users.assign_coordinator(SYSTEM, people["coordinator"].id, other.conflict.id)
        assert region.id
    analysis.run(SYSTEM, conflict.id)
    return people


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Flask, dict[str, Any]]]:
    """Build one app and one seeded world for the whole module (seeding per operation
    would cost most of the time budget); return the app and each reader's headers.

    Generated writes accumulate in this world, as they would on a live registry.
    """
    folder = tmp_path_factory.mktemp("schemathesis")
    app = make_app(f"sqlite:///{folder / 'registry.sqlite'}", folder)
    app.test_client_class = IsolatedClient
    with app.app_context():
        alembic.upgrade()
        people = seed_world()
        headers: dict[str, Any] = {"anonymous": {}}
        headers.update({kind: bearer_for(user) for kind, user in people.items()})
        yield app, headers
        db.session.rollback()
        db.engine.dispose()


def _schema() -> schemathesis.BaseSchema:
    """Load the OpenAPI document from an app built only to serve it (no database needed).

    Requests are then sent to each test's own `app`, on a clean migrated database.
    """
    folder = Path(tempfile.mkdtemp(prefix="registry-openapi-"))
    spec_app = make_app(f"sqlite:///{folder / 'unused.sqlite'}", folder)
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", spec_app)


schema = _schema()
# Schemathesis's coverage phase sends dozens of boundary cases per operation whatever
# max_examples says (several minutes here); REGISTRY_SCHEMATHESIS_COVERAGE=1 adds it.
schema.config.phases.coverage.enabled = os.environ.get("REGISTRY_SCHEMATHESIS_COVERAGE") == "1"
SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)


@schema.parametrize()
@SETTINGS
def test_api_as_every_reader_never_fails_on_the_server_or_breaks_its_contract(
    case: Any, world: tuple[Flask, dict[str, Any]]
) -> None:
    if case.path == "/api/v1/auth/tokens":
        return  # throttled sign-in with real passwords; covered by tests/auth
    app, readers = world
    client = app.test_client()
    for kind in READERS:
        response = client.open(**case.as_transport_kwargs(headers=readers[kind]))
        try:
            case.validate_response(response, checks=CHECKS)
        except Exception as failure:
            failure.add_note(f"as {kind}")
            raise
