"""Eight simultaneous POSTs with one Idempotency-Key create one record, against a served app."""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from werkzeug.serving import make_server

from registry.extensions import db
from registry.models import IdempotencyRecord, Initiative
from tests.factories import OrganisationFactory, editor_of, one_transaction, scope
from tests.helpers import bearer_for

CONCURRENT = 8


@pytest.fixture
def served(app: Flask) -> Iterator[str]:
    """Serve the testing app on a free loopback port, one thread per request."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)


def post(url: str, body: dict[str, Any], headers: dict[str, str]) -> tuple[int, dict[str, Any]]:
    request = urllib.request.Request(  # noqa: S310 - loopback http only
        url,
        data=json.dumps(body).encode(),
        headers={**headers, "Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 - loopback
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def race(url: str, body: dict[str, Any], headers: dict[str, str]) -> list[tuple[int, Any]]:
    """Send the same POST from eight threads released at once."""
    barrier = threading.Barrier(CONCURRENT)
    answers: list[tuple[int, Any]] = []
    lock = threading.Lock()

    def one() -> None:
        barrier.wait()
        answer = post(url, body, headers)
        with lock:
            answers.append(answer)

    threads = [threading.Thread(target=one) for _ in range(CONCURRENT)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return answers


def test_eight_concurrent_same_key_creates_make_one_initiative(app: Flask, served: str) -> None:
    with one_transaction():
        ngo = OrganisationFactory()
        where = scope()
        editor = editor_of(ngo.id)
    headers = {**bearer_for(editor), "Idempotency-Key": "race-key-1"}
    body = {
        "conflict_id": where.conflict.id,
        "title": "Water-sharing dialogue",
        "track": "2",
        "mode": "hard",
        "method": "problem_solving_workshop",
        "status": "planned",
        "issue_ids": [where.issue.id],
    }
    answers = race(f"{served}/api/v1/initiatives", body, headers)
    assert len(answers) == CONCURRENT
    statuses = sorted(status for status, _ in answers)
    assert set(statuses) <= {201, 409}, answers
    created = {answer["id"] for status, answer in answers if status == 201}
    assert len(created) == 1, answers
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Initiative)) == 1
    records = db.session.scalars(sa.select(IdempotencyRecord)).all()
    assert [(record.key, record.object_id) for record in records] == [("race-key-1", *created)]


def test_a_failed_create_releases_its_key(app: Flask, client: Any) -> None:
    with one_transaction():
        ngo = OrganisationFactory()
        where = scope()
        editor = editor_of(ngo.id)
    headers = {**bearer_for(editor), "Idempotency-Key": "retry-me"}
    body = {"conflict_id": where.conflict.id, "title": "Dialogue", "track": "2"}
    refused = client.post("/api/v1/initiatives", json=body, headers=headers)
    assert refused.status_code == 422
    assert db.session.scalar(sa.select(sa.func.count()).select_from(IdempotencyRecord)) == 0
