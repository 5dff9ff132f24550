"""Property-based contract tests: generated requests never cause a 5xx or break the schema."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error, response_schema_conformance

from registry.services import authentication
from tests.factories import ConflictFactory, InitiativeFactory, UserFactory, reference
from tests.helpers import make_app

# Bounded in CI; raise locally with REGISTRY_SCHEMATHESIS_EXAMPLES=200 to search harder.
EXAMPLES = int(os.environ.get("REGISTRY_SCHEMATHESIS_EXAMPLES", "8"))
CHECKS = [not_a_server_error, response_schema_conformance]


@pytest.fixture
def editor_headers(app) -> dict[str, str]:
    """Seed a conflict with reference data and an initiative; return an editor's token."""
    editor = UserFactory(role="editor")
    conflict = ConflictFactory()
    issue = reference("issue", conflict.id)
    reference("party", conflict.id)
    reference("region", conflict.id)
    reference("track_one_body", conflict.id)
    InitiativeFactory(
        conflict_id=conflict.id, sponsor_id=editor.organisation_id, issue_ids=[issue.id]
    )
    raw, _ = authentication.issue_token(editor)
    return {"Authorization": f"Bearer {raw}"}


def _schema() -> schemathesis.BaseSchema:
    """Load the OpenAPI document from an app built only to serve it (no database needed).

    Requests are then sent to each test's own `app`, on a clean migrated database.
    """
    folder = Path(tempfile.mkdtemp(prefix="registry-openapi-"))
    spec_app = make_app(f"sqlite:///{folder / 'unused.sqlite'}", folder)
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", spec_app)


schema = _schema()
SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)


@schema.parametrize()
@SETTINGS
def test_api_as_editor_never_fails_on_the_server_or_breaks_its_schema(
    case, client, editor_headers
) -> None:
    if case.path == "/api/v1/auth/tokens":
        return  # throttled sign-in; covered by tests/auth
    response = client.open(**case.as_transport_kwargs(headers=editor_headers))
    case.validate_response(response, checks=CHECKS)


@schema.parametrize()
@SETTINGS
def test_api_as_anonymous_never_fails_on_the_server_or_breaks_its_schema(case, client) -> None:
    if case.path == "/api/v1/auth/tokens":
        return
    response = client.open(**case.as_transport_kwargs())
    case.validate_response(response, checks=CHECKS)
