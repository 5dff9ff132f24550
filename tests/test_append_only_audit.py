"""The audit log is append-only in the database itself; events carry the request that wrote them."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from registry.extensions import db
from registry.models import AuditEvent
from registry.services import audit
from tests.factories import OrganisationFactory, editor_of, one_transaction
from tests.helpers import bearer_for


@pytest.fixture
def events(app: Flask) -> int:
    OrganisationFactory()
    OrganisationFactory()
    db.session.commit()
    return db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent)) or 0


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_event SET details = '{}'",
        "UPDATE audit_event SET action = 'x' WHERE id = (SELECT MIN(id) FROM audit_event)",
        "DELETE FROM audit_event",
        "DELETE FROM audit_event WHERE id = (SELECT MAX(id) FROM audit_event)",
    ],
)
def test_the_database_refuses_to_rewrite_the_audit_log(events: int, statement: str) -> None:
    assert events >= 2
    before = [tuple(row) for row in db.session.execute(sa.select(AuditEvent.__table__)).all()]
    db.session.commit()
    with pytest.raises(sa.exc.DatabaseError, match="append-only"), db.engine.begin() as connection:
        connection.execute(sa.text(statement))
    after = [tuple(row) for row in db.session.execute(sa.select(AuditEvent.__table__)).all()]
    assert after == before
    assert audit.verify_chain().ok


def test_appending_still_works(events: int) -> None:
    OrganisationFactory()
    db.session.commit()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent)) == events + 1


def test_an_api_write_records_its_request_id_and_answers_it(
    app: Flask, client: FlaskClient
) -> None:
    with one_transaction():
        ngo = OrganisationFactory()
        operator = editor_of(OrganisationFactory(kind="other").id, role="platform_admin")
    headers = bearer_for(operator)
    response = client.patch(
        f"/api/v1/organizations/{ngo.id}", json={"name": "Renamed NGO"}, headers=headers
    )
    assert response.status_code == 200, response.get_json()
    request_id = response.headers["X-Request-Id"]
    assert len(request_id) == 32
    db.session.rollback()
    event = db.session.scalars(sa.select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert event is not None and event.action.startswith("organisation.")
    assert event.request_id == request_id
    assert audit.verify_chain().ok


def test_events_from_the_command_line_have_no_request_id(events: int) -> None:
    ids = db.session.scalars(sa.select(AuditEvent.request_id)).all()
    assert ids and all(value is None for value in ids)


def test_an_export_is_audited(app: Flask, client: FlaskClient) -> None:
    with one_transaction():
        ngo = OrganisationFactory()
        editor = editor_of(ngo.id)
    response = client.get("/api/v1/exports/initiatives?format=csv", headers=bearer_for(editor))
    assert response.status_code == 200
    db.session.rollback()
    event = db.session.scalars(sa.select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert event is not None and event.action == "data.export"
    assert event.details == {"kind": "initiatives", "rows": 0, "format": "csv"}
    assert event.actor_id == editor.id
