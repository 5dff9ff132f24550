"""Rounds through /api/v1: reading, managing, integrity 422s and the 409s of referred rounds."""

from __future__ import annotations

import json
from datetime import date

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from registry.extensions import db
from registry.models import AuditEvent, TrackOneRound
from tests.calendar.world import calendar_world, deliver
from tests.helpers import row_counts
from tests.world import World


@pytest.fixture
def world(app: Flask) -> World:
    return calendar_world()


def new_round(world: World, **data: object) -> dict[str, object]:
    return {
        "title": "Fifth round",
        "track_one_body_ids": [world.where.body.id],
        "starts_on": "2026-06-01",
        "ends_on": "2026-06-03",
        "agenda_issue_ids": [world.where.issue.id],
        "status": "planned",
        **data,
    }


def test_signed_in_user_lists_rounds_with_pagination(world: World, client: FlaskClient) -> None:
    url = f"/api/v1/conflicts/{world.where.conflict.id}/rounds"
    response = client.get(url, headers=world.headers["stranger"])

    assert response.status_code == 200
    assert [r["title"] for r in response.get_json()] == ["Fourth round"]
    assert json.loads(response.headers["X-Pagination"])["total"] == 1


def test_anonymous_visitor_reading_rounds_answers_401(world: World, client: FlaskClient) -> None:
    assert client.get(f"/api/v1/rounds/{world.round.id}").status_code == 401


def test_coordinator_creates_a_round_and_it_is_audited(world: World, client: FlaskClient) -> None:
    url = f"/api/v1/conflicts/{world.where.conflict.id}/rounds"
    response = client.post(url, json=new_round(world), headers=world.headers["coordinator"])

    assert response.status_code == 201
    body = response.get_json()
    assert body["track_one_body_ids"] == [world.where.body.id]
    assert body["agenda_issue_ids"] == [world.where.issue.id]
    assert body["version"] == 1
    actions = db.session.scalars(sa.select(AuditEvent.action)).all()
    assert "round.create" in actions


def test_editor_creating_a_round_answers_403(world: World, client: FlaskClient) -> None:
    url = f"/api/v1/conflicts/{world.where.conflict.id}/rounds"
    response = client.post(url, json=new_round(world), headers=world.headers["editor"])

    assert response.status_code == 403


@pytest.mark.parametrize(
    ("field", "value"),
    [("track_one_body_ids", "other conflict body"), ("agenda_issue_ids", "other conflict issue")],
)
def test_round_naming_records_of_another_conflict_answers_422(
    world: World, client: FlaskClient, field: str, value: str
) -> None:
    stranger = (
        world.elsewhere.body.id if field == "track_one_body_ids" else world.elsewhere.issue.id
    )
    headers = world.headers["coordinator"]
    before = row_counts()
    url = f"/api/v1/conflicts/{world.where.conflict.id}/rounds"
    response = client.post(url, json=new_round(world, **{field: [stranger]}), headers=headers)

    assert response.status_code == 422
    assert field in response.get_json()["errors"]["json"]
    assert row_counts() == before


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"track_one_body_ids": []}, "track_one_body_ids"),
        ({"ends_on": "2026-05-01"}, "ends_on"),
        ({"status": "adjourned"}, "status"),
        ({"venue": "Geneva"}, "venue"),
    ],
)
def test_round_with_bad_fields_answers_422_naming_the_field(
    world: World, client: FlaskClient, change: dict[str, object], field: str
) -> None:
    url = f"/api/v1/conflicts/{world.where.conflict.id}/rounds"
    response = client.post(
        url, json=new_round(world, **change), headers=world.headers["coordinator"]
    )

    assert response.status_code == 422
    assert field in response.get_json()["errors"]["json"]


def test_patch_with_a_stale_if_match_answers_412(world: World, client: FlaskClient) -> None:
    response = client.patch(
        f"/api/v1/rounds/{world.round.id}",
        json={"status": "postponed"},
        headers={**world.headers["coordinator"], "If-Match": 'W/"7"'},
    )

    assert response.status_code == 412


def test_patch_with_the_current_version_edits_the_round(world: World, client: FlaskClient) -> None:
    response = client.patch(
        f"/api/v1/rounds/{world.round.id}",
        json={"status": "postponed"},
        headers={**world.headers["coordinator"], "If-Match": "1"},
    )

    assert response.status_code == 200
    assert response.get_json()["status"] == "postponed"
    assert response.get_json()["version"] == 2


def test_deleting_a_round_a_transfer_refers_to_answers_409(
    world: World, client: FlaskClient
) -> None:
    deliver(world.public, world.channels["registry"], "Grazing plan", round_id=world.round.id)

    response = client.delete(f"/api/v1/rounds/{world.round.id}", headers=world.headers["admin"])

    assert response.status_code == 409
    assert db.session.get(TrackOneRound, world.round.id) is not None


def test_deleting_an_unreferred_round_answers_204(world: World, client: FlaskClient) -> None:
    response = client.delete(f"/api/v1/rounds/{world.round.id}", headers=world.headers["admin"])

    assert response.status_code == 204
    assert db.session.scalar(sa.select(sa.func.count()).select_from(TrackOneRound)) == 0


def test_dropping_a_body_a_referring_transfer_reached_answers_409(
    world: World, client: FlaskClient
) -> None:
    both = [world.where.body.id, world.other_body.id]
    client.patch(
        f"/api/v1/rounds/{world.round.id}",
        json={"track_one_body_ids": both},
        headers=world.headers["coordinator"],
    )
    deliver(world.public, world.channels["registry"], "Grazing plan", round_id=world.round.id)

    dropped = client.patch(
        f"/api/v1/rounds/{world.round.id}",
        json={"track_one_body_ids": [world.other_body.id]},
        headers=world.headers["coordinator"],
    )
    kept = client.patch(
        f"/api/v1/rounds/{world.round.id}",
        json={"track_one_body_ids": [world.where.body.id]},
        headers=world.headers["coordinator"],
    )

    assert dropped.status_code == 409
    assert kept.status_code == 200


def test_transfer_for_a_round_without_its_channels_body_answers_422(
    world: World, client: FlaskClient
) -> None:
    db.session.get(TrackOneRound, world.round.id)
    client.patch(
        f"/api/v1/rounds/{world.round.id}",
        json={"track_one_body_ids": [world.other_body.id]},
        headers=world.headers["coordinator"],
    )
    response = client.post(
        f"/api/v1/initiatives/{world.public.id}/transfers",
        json={
            "channel_id": world.channels["registry"].id,
            "title": "Water sharing",
            "kind": "proposal",
            "delivered_on": "2026-02-01",
            "round_id": world.round.id,
        },
        headers=world.headers["editor"],
    )

    assert response.status_code == 422
    assert "round_id" in response.get_json()["errors"]["json"]


def test_transfer_for_a_round_of_its_channels_body_keeps_the_round(
    world: World, client: FlaskClient
) -> None:
    response = client.post(
        f"/api/v1/initiatives/{world.public.id}/transfers",
        json={
            "channel_id": world.channels["registry"].id,
            "title": "Water sharing",
            "kind": "proposal",
            "delivered_on": "2026-02-01",
            "round_id": world.round.id,
        },
        headers=world.headers["editor"],
    )

    assert response.status_code == 201
    assert response.get_json()["round_id"] == world.round.id


CSV = (
    "Title,Track One bodies,Starts on,Ends on,Agenda issues,Status,Notes\n"
    "Sixth round,{body},2026-09-01,2026-09-04,{issue},Planned,At the envoy's office\n"
    "Seventh round,{body},2026-11-01,2026-11-02,,Planned,\n"
)


def test_import_of_rounds_writes_every_row(world: World, client: FlaskClient) -> None:
    content = CSV.format(body=world.where.body.name, issue=world.where.issue.name)
    response = client.post(
        f"/api/v1/imports/rounds?conflict_id={world.where.conflict.id}",
        data=content.encode(),
        content_type="text/csv",
        headers=world.headers["coordinator"],
    )

    assert response.status_code == 200, response.get_json()
    assert response.get_json()["created"] == 2
    titles = db.session.scalars(sa.select(TrackOneRound.title).order_by(TrackOneRound.starts_on))
    assert list(titles) == ["Fourth round", "Sixth round", "Seventh round"]


def test_import_with_one_bad_row_writes_none(world: World, client: FlaskClient) -> None:
    content = CSV.format(body=world.where.body.name, issue="Nowhere issue")
    headers = world.headers["coordinator"]
    before = row_counts()
    response = client.post(
        f"/api/v1/imports/rounds?conflict_id={world.where.conflict.id}",
        data=content.encode(),
        content_type="text/csv",
        headers=headers,
    )

    assert response.status_code == 422
    assert response.get_json()["report"]["errors"][0]["column"] == "Agenda issues"
    assert row_counts() == before


def test_cli_imports_rounds_with_a_dry_run_first(
    world: World, app: Flask, tmp_path: object
) -> None:
    from pathlib import Path

    path = Path(str(tmp_path)) / "rounds.csv"
    path.write_text(CSV.format(body=world.where.body.name, issue=world.where.issue.name))
    runner = app.test_cli_runner()
    slug = world.where.conflict.slug

    dry = runner.invoke(
        args=["registry", "import-rounds", str(path), "--conflict", slug, "--dry-run"]
    )
    count_after_dry = db.session.scalar(sa.select(sa.func.count()).select_from(TrackOneRound))
    real = runner.invoke(args=["registry", "import-rounds", str(path), "--conflict", slug])

    assert dry.exit_code == 0, dry.output
    assert "would create 2" in dry.output
    assert count_after_dry == 1
    assert real.exit_code == 0, real.output
    assert db.session.scalar(sa.select(sa.func.count()).select_from(TrackOneRound)) == 3
    assert date(2026, 9, 1) in db.session.scalars(sa.select(TrackOneRound.starts_on)).all()
