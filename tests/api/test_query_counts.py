"""Queries per request: a signed-in list costs a fixed handful, whatever its length (no N+1)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from registry.extensions import db
from tests.factories import OrganisationFactory, editor_of, initiative_on, one_transaction, scope
from tests.helpers import bearer_for

# BEGIN, token with its user, coordinator roles, count, page, funders, issues,
# regions, channels, participations.
LIST_CEILING = 10


@contextmanager
def counted() -> Iterator[list[str]]:
    """Collect the SQL statements the block sends to the database."""
    seen: list[str] = []

    def remember(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", remember)
    try:
        yield seen
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", remember)


def _list_queries(client: FlaskClient, headers: dict[str, str]) -> int:
    client.get("/api/v1/initiatives", headers=headers)  # warm: first-use look-ups
    with counted() as seen:
        response = client.get("/api/v1/initiatives", headers=headers)
    assert response.status_code == 200
    return len(seen)


def test_the_list_costs_a_fixed_number_of_queries(app: Flask, client: FlaskClient) -> None:
    with one_transaction():
        ngo = OrganisationFactory()
        where = scope()
        editor = editor_of(ngo.id)
        for number in range(14):
            initiative_on(where, ngo.id, title=f"Dialogue {number}")
    headers = bearer_for(editor)
    fourteen = _list_queries(client, headers)
    assert fourteen <= LIST_CEILING
    with one_transaction():
        for number in range(26):
            initiative_on(where, ngo.id, title=f"Later dialogue {number}")
    assert _list_queries(client, headers) == fourteen  # forty rows: no query per row


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
