"""SIGTERM to gunicorn (the project's gunicorn.conf.py) finishes the requests it holds.

A real gunicorn master with one threaded worker serves a SQLite registry on a free
loopback port; every request is held a second. Eight requests arrive at once: two run
on the worker's threads, six wait in its queue. SIGTERM comes while they do: each of
the eight must answer 200, and the master must exit, cleanly, within graceful_timeout.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from registry.extensions import alembic, db
from tests.helpers import TEST_KEYS, make_app

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).parent / "gunicorn"
CONCURRENT = 8
THREADS = 2
DELAY = 1.0
GRACEFUL = 20


def free_port() -> int:
    """Return a loopback port nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def migrated_sqlite(folder: Path) -> str:
    """Build a migrated SQLite registry in the folder and return its URL."""
    url = f"sqlite:///{folder / 'registry.sqlite'}"
    app = make_app(url, folder)
    with app.app_context():
        alembic.upgrade()
        db.engine.dispose()
    return url


def get(url: str) -> int:
    """GET a URL and return its status (an error's status too); raise when the link fails."""
    try:
        with urllib.request.urlopen(url, timeout=60) as response:  # noqa: S310 - loopback http
            response.read()
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    """Start gunicorn with the project's configuration; stop it if the test did not."""
    port = free_port()
    settings = {key: value for key, value in os.environ.items() if not key.startswith("REGISTRY_")}
    settings.update(
        {f"REGISTRY_{name}": value for name, value in TEST_KEYS.items()},
        REGISTRY_ENV="testing",
        REGISTRY_DATABASE_URL=migrated_sqlite(tmp_path),
        REGISTRY_TEST_REQUEST_DELAY=str(DELAY),
        GUNICORN_BIND=f"127.0.0.1:{port}",
        GUNICORN_WORKERS="1",
        GUNICORN_THREADS=str(THREADS),
        GUNICORN_GRACEFUL_TIMEOUT=str(GRACEFUL),
        GUNICORN_ACCESS_LOG="-",
        PYTHONPATH=str(ROOT),
    )
    command = [str(GUNICORN), "-c", str(ROOT / "gunicorn.conf.py"), "tests.slow_wsgi:app"]
    log = (tmp_path / "gunicorn.log").open("wb")
    master = subprocess.Popen(command, cwd=ROOT, env=settings, stdout=log, stderr=log)  # noqa: S603
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_healthy(master, base, tmp_path / "gunicorn.log")
        yield master, base
    finally:
        if master.poll() is None:
            master.kill()
            master.wait(timeout=10)
        log.close()


def _wait_until_healthy(master: subprocess.Popen[bytes], base: str, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert master.poll() is None, log.read_text()
        try:
            if get(f"{base}/healthz") == 200:
                return
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"gunicorn did not answer /healthz in 60 s:\n{log.read_text()}")


def test_sigterm_finishes_in_flight_and_queued_requests_and_exits_in_time(
    served: tuple[subprocess.Popen[bytes], str],
) -> None:
    master, base = served
    statuses: list[int | str] = []
    lock = threading.Lock()

    def ask() -> None:
        try:
            status: int | str = get(f"{base}/api/v1/conflicts")
        except OSError as error:  # a reset or refused connection: what must not happen
            status = type(error).__name__
        with lock:
            statuses.append(status)

    clients = [threading.Thread(target=ask) for _ in range(CONCURRENT)]
    started = time.monotonic()
    for client in clients:
        client.start()
    time.sleep(DELAY / 2)  # the first two are running, the other six are queued
    master.send_signal(signal.SIGTERM)
    terminated = time.monotonic()
    for client in clients:
        client.join(timeout=GRACEFUL + 10)
    assert statuses == [200] * CONCURRENT
    # Four rounds of two: the queued six were served after SIGTERM, not dropped.
    assert time.monotonic() - started >= (CONCURRENT // THREADS) * DELAY * 0.9
    assert master.wait(timeout=GRACEFUL + 10) == 0
    assert time.monotonic() - terminated < GRACEFUL
    with pytest.raises(OSError):  # the listener is closed: nothing new is taken
        get(f"{base}/api/v1/conflicts")
