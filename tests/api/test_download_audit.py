"""Downloads of registry data and analysis runs append an audit event by id, with the request id."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from registry.extensions import db
from registry.models import AuditEvent
from registry.services import audit
from registry.services.analysis import today
from tests.factories import OrganisationFactory, editor_of, initiative_on, one_transaction, scope
from tests.helpers import sign_in_as
from tests.world import World, overlapping_pair


@pytest.fixture
def pair(app: Flask) -> World:
    """Two overlapping initiatives, their coordinator and a bearer header for it."""
    with one_transaction():
        world = overlapping_pair("Grazing corridors", titles=("Canary Dialogue", "Canary Forum"))
    world.headers["coordinator"]
    return world


def _last_event(response: TestResponse) -> AuditEvent:
    """Return the newest audit event, checking it carries the answer's request id."""
    db.session.rollback()
    event = db.session.scalars(sa.select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert event is not None
    assert event.request_id == response.headers["X-Request-Id"]
    assert audit.verify_chain().ok
    return event


def _speaks_in_ids(event: AuditEvent, *names: str) -> None:
    written = json.dumps(event.details)
    for name in names:
        assert name not in written


@pytest.mark.parametrize("fmt", ["gexf", "graphml", "cytoscape"])
def test_an_overlap_map_download_is_audited_by_id(
    client: FlaskClient, pair: World, fmt: str
) -> None:
    conflict = pair["conflict"]
    url = f"/api/v1/conflicts/{conflict.id}/overlap-map?format={fmt}"
    response = client.get(url, headers=pair.headers["coordinator"])
    assert response.status_code == 200
    event = _last_event(response)
    assert event.action == "data.export"
    assert (event.object_type, event.object_id) == ("conflict", conflict.id)
    assert event.actor_id == pair["coordinator"].id
    assert event.details == {"kind": "overlap_map", "nodes": 2, "edges": 1, "format": fmt}
    _speaks_in_ids(event, conflict.name, conflict.slug, "Canary")


def test_an_hxl_export_is_audited_as_hxl(client: FlaskClient, pair: World) -> None:
    url = f"/api/v1/exports/initiatives?format=csv&hxl=true&conflict_id={pair['conflict'].id}"
    response = client.get(url, headers=pair.headers["coordinator"])
    assert response.status_code == 200
    event = _last_event(response)
    assert event.action == "data.export"
    assert event.details == {"kind": "initiatives", "rows": 2, "format": "csv", "hxl": True}
    _speaks_in_ids(event, "Canary")


def test_an_xlsx_export_is_audited(client: FlaskClient, pair: World) -> None:
    response = client.get(
        "/api/v1/exports/initiatives?format=xlsx", headers=pair.headers["coordinator"]
    )
    assert response.status_code == 200
    event = _last_event(response)
    assert event.details == {"kind": "initiatives", "rows": 2, "format": "xlsx"}
    assert event.object_id is None  # every conflict the reader may see


def test_a_portfolio_download_is_audited(app: Flask, client: FlaskClient) -> None:
    with one_transaction():
        donor, ngo = OrganisationFactory(kind="donor"), OrganisationFactory()
        initiative_on(scope(), ngo.id, funder_ids=[donor.id], title="Canary Funded")
        reader = editor_of(donor.id, role="viewer")
    response = sign_in_as(client, reader).get("/portfolio.csv")
    assert response.status_code == 200
    event = _last_event(response)
    assert event.action == "data.export"
    assert event.details == {"kind": "portfolio", "rows": 1, "format": "csv"}
    assert event.actor_id == reader.id
    _speaks_in_ids(event, "Canary")


def test_a_run_on_demand_is_audited_with_its_run(client: FlaskClient, pair: World) -> None:
    conflict = pair["conflict"]
    url = f"/api/v1/conflicts/{conflict.id}/analysis"
    response = client.post(url, json={}, headers=pair.headers["coordinator"])
    assert response.status_code == 200
    event = _last_event(response)
    assert event.action == "analysis.run"
    assert (event.object_type, event.object_id) == ("conflict", conflict.id)
    assert event.details == {"run_id": response.get_json()["id"]}


def test_an_evaluation_at_another_date_is_audited(client: FlaskClient, pair: World) -> None:
    conflict = pair["conflict"]
    as_of = today() - timedelta(days=30)
    url = f"/api/v1/conflicts/{conflict.id}/analysis"
    response = client.post(
        url, json={"as_of": as_of.isoformat()}, headers=pair.headers["coordinator"]
    )
    assert response.status_code == 200
    event = _last_event(response)
    assert event.action == "analysis.evaluate"
    assert event.object_id == conflict.id
    findings = len(response.get_json()["findings"])
    assert event.details == {"as_of": as_of.isoformat(), "findings": findings}


def test_a_refused_map_download_is_not_recorded_as_a_download(
    client: FlaskClient, pair: World
) -> None:
    url = f"/api/v1/conflicts/{pair['conflict'].id}/overlap-map?format=gexf"
    assert client.get(url).status_code == 401
    db.session.rollback()
    actions = db.session.scalars(sa.select(AuditEvent.action)).all()
    assert "data.export" not in actions
