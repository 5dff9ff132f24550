"""Queries per request: a signed-in list costs a fixed handful, whatever its length (no N+1)."""

from __future__ import annotations

import inspect
import json
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from registry.auth.loaders import load_user
from registry.extensions import db
from registry.services import users
from registry.services.authentication import user_for_token
from tests.factories import (
    SYSTEM,
    OrganisationFactory,
    editor_of,
    initiative_on,
    one_transaction,
    scope,
)
from tests.helpers import bearer_for, counted, sign_in_as
from tests.world import overlapping_pair

# The token with its user and coordinator roles, the page with its total, and the linked
# ids (funders, issues, regions, channels' bodies) with the participant counts.
LIST_CEILING = 3


def _statements(seen: list[str]) -> list[str]:
    """The statements that are queries: SQLite's explicit BEGIN left out."""
    return [statement for statement in seen if not statement.startswith("BEGIN")]


def _read_again(
    client: FlaskClient, url: str, headers: dict[str, str] | None = None
) -> tuple[TestResponse, list[str]]:
    """GET `url` once (first-use look-ups; a coordinator's run gets stored), then again,
    collecting the statements the second read sends."""
    assert client.get(url, headers=headers or {}).status_code == 200
    with counted() as seen:
        response = client.get(url, headers=headers or {})
    return response, seen


def _list_queries(client: FlaskClient, headers: dict[str, str]) -> int:
    response, seen = _read_again(client, "/api/v1/initiatives", headers)
    assert response.status_code == 200
    return len(_statements(seen))


def _editor_with_dialogues(count: int) -> tuple[Any, Any, dict[str, str]]:
    """An NGO's editor with `count` dialogues on one scope: the NGO, the scope, the headers."""
    with one_transaction():
        ngo = OrganisationFactory()
        where = scope()
        editor = editor_of(ngo.id)
        for number in range(count):
            initiative_on(where, ngo.id, title=f"Dialogue {number}")
    return ngo, where, bearer_for(editor)


def test_the_list_costs_a_fixed_number_of_queries(app: Flask, client: FlaskClient) -> None:
    ngo, where, headers = _editor_with_dialogues(14)
    fourteen = _list_queries(client, headers)
    assert fourteen == LIST_CEILING
    with one_transaction():
        for number in range(26):
            initiative_on(where, ngo.id, title=f"Later dialogue {number}")
    assert _list_queries(client, headers) == fourteen  # forty rows: no query per row


def test_a_pages_linked_ids_go_as_one_array_whatever_its_length(
    app: Flask, client: FlaskClient
) -> None:
    """On PostgreSQL the page's ids are one parameter, so the statement is the same text for
    a page of 2 and of 5, and psycopg converts it once."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("SQLite takes the page's ids expanded into IN (...)")
    headers = _editor_with_dialogues(5)[2]
    texts = []
    for size in (2, 5):
        response, seen = _read_again(client, f"/api/v1/initiatives?page_size={size}", headers)
        assert len(response.get_json()) == size
        [facts] = [statement for statement in seen if "UNION ALL" in statement]
        texts.append(facts)
    assert texts[0] == texts[1]
    assert "= ANY (" in texts[0]


def test_probes_send_no_query(app: Flask, client: FlaskClient) -> None:
    with one_transaction():
        editor = editor_of(OrganisationFactory().id)
    headers = bearer_for(editor)
    with counted() as seen:
        assert client.get("/healthz", headers=headers).status_code == 200
    assert seen == []


def test_a_bearer_token_and_its_user_load_in_one_query(app: Flask, client: FlaskClient) -> None:
    with one_transaction():
        editor = editor_of(OrganisationFactory().id)
    headers = bearer_for(editor)
    client.get("/api/v1/users/me", headers=headers)  # warm: first-use look-ups
    with counted() as seen:
        assert client.get("/api/v1/users/me", headers=headers).status_code == 200
    token_reads = [statement for statement in seen if "api_token" in statement]
    assert len(token_reads) == 1
    assert "FROM user_account JOIN api_token" in " ".join(token_reads[0].split())
    user_reads = [s for s in seen if "FROM user_account" in s and "api_token" not in s]
    assert user_reads == []  # the user is not fetched again by its id


def _coordinator() -> tuple[Any, int]:
    with one_transaction():
        where = scope()
        coordinator = editor_of(OrganisationFactory().id)
        users.assign_coordinator(SYSTEM, coordinator.id, where.conflict.id)
    return coordinator, where.conflict.id


def test_a_token_its_user_and_coordinator_roles_take_one_query(app: Flask) -> None:
    coordinator, conflict_id = _coordinator()
    raw = bearer_for(coordinator)["Authorization"].removeprefix("Bearer ")
    db.session.close()  # a cold session, as each request has
    with counted() as seen:
        user = user_for_token(raw)
        assert user is not None and user.coordinated_conflict_ids == {conflict_id}
    assert len(_statements(seen)) == 1


def test_a_session_user_and_coordinator_roles_take_one_query(app: Flask) -> None:
    coordinator, conflict_id = _coordinator()
    reference = coordinator.get_id()
    db.session.close()
    with counted() as seen:
        user = load_user(reference)
        assert user is not None and user.coordinated_conflict_ids == {conflict_id}
    assert len(_statements(seen)) == 1


def test_one_initiative_costs_a_fixed_number_of_queries(app: Flask, client: FlaskClient) -> None:
    with one_transaction():
        ngo = OrganisationFactory()
        editor = editor_of(ngo.id)
        initiative = initiative_on(scope(), ngo.id)
    headers = bearer_for(editor)
    path = f"/api/v1/initiatives/{initiative.id}"
    response, seen = _read_again(client, path, headers)
    assert response.status_code == 200
    # The user, the initiative, its funders (the policy's facts), the linked ids with counts.
    assert len(_statements(seen)) <= 4


def test_a_page_past_the_end_still_reports_the_total(app: Flask, client: FlaskClient) -> None:
    with one_transaction():
        ngo = OrganisationFactory()
        editor = editor_of(ngo.id)
        where = scope()
        for number in range(3):
            initiative_on(where, ngo.id, title=f"Dialogue {number}")
    headers = bearer_for(editor)
    page = client.get("/api/v1/initiatives?page_size=2&page=2", headers=headers)
    beyond = client.get("/api/v1/initiatives?page_size=2&page=5", headers=headers)
    assert len(page.get_json()) == 1 and len(beyond.get_json()) == 0
    for response in (page, beyond):
        assert json.loads(response.headers["X-Pagination"])["total"] == 3


def test_a_coordinators_findings_decode_one_page_not_every_finding(
    app: Flask, client: FlaskClient
) -> None:
    world = overlapping_pair("Water")
    headers = bearer_for(world["coordinator"])
    url = f"/api/v1/conflicts/{world['conflict'].id}/findings?page_size=1"
    response, seen = _read_again(client, url, headers)
    assert response.status_code == 200
    reads = [s for s in seen if s.lstrip().startswith("SELECT finding.")]
    assert reads and all("LIMIT" in statement for statement in reads)


def test_no_request_ends_through_an_event_loop(app: Flask) -> None:
    # A coroutine teardown would make Flask start a thread and an event loop per request.
    assert app.teardown_appcontext_funcs
    assert not any(inspect.iscoroutinefunction(f) for f in app.teardown_appcontext_funcs)


def test_a_coordinators_map_reads_the_edges_columns_not_whole_findings(
    app: Flask, client: FlaskClient
) -> None:
    world = overlapping_pair("Water")
    headers = bearer_for(world["coordinator"])
    url = f"/api/v1/conflicts/{world['conflict'].id}/overlap-map"
    response, seen = _read_again(client, url, headers)
    assert response.status_code == 200 and response.get_json()["elements"]["edges"]
    reads = [s for s in seen if "FROM finding" in s]
    assert reads and not any("finding.person_refs" in statement for statement in reads)


def test_a_coordinators_overview_and_home_count_findings_without_their_evidence(
    app: Flask, client: FlaskClient
) -> None:
    world = overlapping_pair("Water")
    sign_in_as(client, world["coordinator"])
    for url in (f"/conflicts/{world['conflict'].id}", "/home"):
        page, seen = _read_again(client, url)
        assert page.status_code == 200
        reads = [s for s in seen if "FROM finding" in s]
        assert reads, url
        assert not any("finding.evidence" in statement for statement in reads), url
    # The three columns count exactly as the whole findings do.
    from registry.readers import findings
    from registry.readers.overview import open_by_severity
    from registry.services import analysis

    coordinator, conflict, today = world["coordinator"], world["conflict"], analysis.today()
    tallies = findings.tallies_for(coordinator, conflict, today)
    whole = [findings.as_dict(f) for f in findings.findings_for(coordinator, conflict, today)]
    assert [(t["status"], t["severity"], t["initiative_ids"]) for t in tallies] == [
        (w["status"], w["severity"], w["initiative_ids"]) for w in whole
    ]
    assert sum(open_by_severity(tallies).values()) > 0


def test_an_initiatives_page_reads_its_row_once(app: Flask, client: FlaskClient) -> None:
    with one_transaction():
        ngo = OrganisationFactory()
        editor = editor_of(ngo.id)
        initiative = initiative_on(scope(), ngo.id)
    sign_in_as(client, editor)
    path = f"/initiatives/{initiative.id}"
    page, seen = _read_again(client, path)
    assert page.status_code == 200
    rows = [s for s in seen if s.lstrip().startswith("SELECT initiative.conflict_id")]
    # The page's access comes from the record's facts, not from loading the funders again.
    funders = [s for s in seen if "JOIN initiative_funder" in s]
    assert len(rows) == 1 and not funders, rows + funders


def test_a_coordinators_findings_page_reads_whole_only_the_findings_it_shows(
    app: Flask, client: FlaskClient
) -> None:
    world = overlapping_pair("Water")
    sign_in_as(client, world["coordinator"])
    url = f"/conflicts/{world['conflict'].id}/findings?status=all"
    page, seen = _read_again(client, url)
    assert page.status_code == 200 and "Possible duplicate" in page.get_data(as_text=True)
    _reads_whole_only_by_id(seen)


def test_a_coordinators_map_reads_whole_only_the_findings_it_draws(
    app: Flask, client: FlaskClient
) -> None:
    world = overlapping_pair("Water")
    sign_in_as(client, world["coordinator"])
    page, seen = _read_again(client, f"/conflicts/{world['conflict'].id}/map")
    assert page.status_code == 200 and "Possible duplicate" in page.get_data(as_text=True)
    _reads_whole_only_by_id(seen)


def _reads_whole_only_by_id(seen: list[str]) -> None:
    """Findings were read as outlines, and whole only by their ids."""
    whole = [s for s in seen if "finding.person_refs" in s]  # a column only whole rows read
    outlines = [s for s in seen if "FROM finding" in s and s not in whole]
    assert outlines and whole
    assert all("finding.id IN" in statement for statement in whole), whole
