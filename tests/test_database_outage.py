"""A database outage answers 503 (with Retry-After and the security headers), never a 500.

The test starts a PostgreSQL cluster of its own in a temporary folder, on a free port,
stops it and starts it again; it never touches the shared server.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from registry.extensions import alembic, db
from tests.factories import OrganisationFactory, editor_of, one_transaction
from tests.helpers import IsolatedClient, bearer_for, make_app

BIN = Path("/usr/lib/postgresql/15/bin")
pytestmark = pytest.mark.skipif(not (BIN / "initdb").exists(), reason="PostgreSQL 15 not installed")


class Cluster:
    """A throw-away PostgreSQL cluster run by pg_ctl."""

    def __init__(self, folder: Path) -> None:
        self.data = folder / "data"
        self.log = folder / "postgres.log"
        self.folder = folder
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.as_owner: list[str] = []
        if os.geteuid() == 0:  # PostgreSQL refuses to run as root
            self.as_owner = ["runuser", "-u", "postgres", "--"]
            shutil.chown(folder, "postgres")

    def run(self, *command: str) -> None:
        subprocess.run(  # noqa: S603 - fixed binaries and arguments
            [*self.as_owner, *command], check=True, capture_output=True, timeout=120
        )

    def init(self) -> None:
        self.run(str(BIN / "initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust")

    def start(self) -> None:
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1"
        self.run(
            str(BIN / "pg_ctl"),
            "-D",
            str(self.data),
            "-l",
            str(self.log),
            "-o",
            options,
            "-w",
            "start",
        )

    def stop(self) -> None:
        self.run(str(BIN / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"


@pytest.fixture
def cluster() -> Iterator[Cluster]:
    # Not pytest's tmp_path: its parent is private to root, and the server runs as postgres.
    folder = Path(tempfile.mkdtemp(prefix="registry-outage-"))
    server = Cluster(folder)
    try:
        server.init()
        server.start()
        yield server
    finally:
        with contextlib.suppress(subprocess.CalledProcessError):
            server.stop()  # unless the test left it stopped
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def outage_app(cluster: Cluster, tmp_path: Path) -> Iterator[Flask]:
    app = make_app(cluster.url, tmp_path / "instance")
    app.test_client_class = IsolatedClient
    with app.app_context():
        alembic.upgrade()
        yield app
        db.session.rollback()
        db.engine.dispose()


def _signed_in(app: Flask) -> dict[str, str]:
    with one_transaction():
        editor = editor_of(OrganisationFactory().id)
    return bearer_for(editor)


def _assert_503(response: Any) -> None:
    assert response.status_code == 503, response.get_data(as_text=True)[:300]
    assert response.headers["Retry-After"] == "5"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "Content-Security-Policy" in response.headers
    reference = response.headers["X-Request-Id"]
    assert reference and reference in response.get_data(as_text=True)
    assert "psycopg" not in response.get_data(as_text=True)


def test_an_outage_answers_503_and_the_next_request_after_it_succeeds(
    outage_app: Flask, cluster: Cluster, caplog: pytest.LogCaptureFixture
) -> None:
    headers = _signed_in(outage_app)
    client = outage_app.test_client()
    assert client.get("/api/v1/initiatives", headers=headers).status_code == 200
    assert client.get("/readyz").get_json() == {"status": "ready", "database": "up"}

    cluster.stop()

    api = client.get("/api/v1/initiatives", headers=headers)
    _assert_503(api)
    assert api.mimetype == "application/json" and api.get_json()["code"] == 503
    page = client.get("/")
    _assert_503(page)
    assert page.mimetype == "text/html"
    write = client.post("/api/v1/people", json={"full_name": "X"}, headers=headers)
    _assert_503(write)
    for probe in ("/healthz", "/readyz"):
        answer = client.get(probe, headers=headers)  # a token must not make them read users
        assert answer.headers["X-Content-Type-Options"] == "nosniff"
    assert client.get("/healthz", headers=headers).status_code == 200
    ready = client.get("/readyz", headers=headers)
    assert ready.status_code == 503
    assert ready.get_json() == {"status": "unavailable", "database": "down"}
    assert "Traceback" not in caplog.text
    assert api.headers["X-Request-Id"] in caplog.text

    cluster.start()

    assert client.get("/api/v1/initiatives", headers=headers).status_code == 200
    assert client.get("/").status_code == 200
    assert client.get("/readyz").get_json() == {"status": "ready", "database": "up"}


def test_probes_never_read_users_even_with_a_token(outage_app: Flask) -> None:
    headers = _signed_in(outage_app)
    statements: list[str] = []

    def remember(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    import sqlalchemy as sa

    sa.event.listen(db.engine, "before_cursor_execute", remember)
    try:
        client = outage_app.test_client()
        assert client.get("/healthz", headers=headers).status_code == 200
        assert client.get("/readyz", headers=headers).status_code == 200
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", remember)
    assert not [s for s in statements if "user_account" in s or "api_token" in s], statements
