"""The load benchmark's registry on loopback: database, Redis, demo, worker and gunicorn.

`running_stack()` recreates the benchmark's database, starts a Redis of its own on a free
port (rate limits and the analysis queue, as in production), migrates, loads the demo
(`flask registry demo`) and a synthetic conflict (`synthetic_rows`, written straight into
the tables by `synthetic_store`), makes the demo's coordinator its coordinator, then
starts `flask registry worker` and gunicorn with gunicorn.conf.py, all in production
mode and bound to 127.0.0.1. On leaving it stops what it started and drops the database.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BIN = Path(sys.executable).parent
DEFAULT_DATABASE = "postgresql+psycopg://postgres@127.0.0.1:5432/registry_bench"
COORDINATOR = "coordinator@demo.example.org"
# The flood creates hundreds of initiatives as one editor within a minute: the bench raises
# the create limits of initiatives (30 a minute per user by default) through configuration.
CREATE_LIMITS = {"initiatives": {"user": "2000 per minute", "organisation": "2000 per minute"}}


@dataclass(frozen=True)
class Stack:
    """A running registry: its address, its synthetic conflict and where its logs go."""

    base_url: str
    synthetic_slug: str
    synthetic_initiatives: int
    database: str  # "postgresql" or "sqlite"
    logs: Path


def free_port() -> int:
    """A TCP port free on 127.0.0.1 at this moment."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def recreate_database(url: str) -> None:
    """Drop and create the benchmark's PostgreSQL database (or remove its SQLite file)."""
    address = sa.make_url(url)
    if address.get_backend_name() == "sqlite":
        Path(address.database or "").unlink(missing_ok=True)
        return
    name = address.database
    server = sa.create_engine(address.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    server.dispose()


def drop_database(url: str) -> None:
    """Drop the benchmark's PostgreSQL database; a SQLite file goes with its folder."""
    address = sa.make_url(url)
    if address.get_backend_name() == "sqlite":
        return
    server = sa.create_engine(address.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{address.database}" WITH (FORCE)'))
    server.dispose()


def environment(database_url: str, redis_url: str) -> dict[str, str]:
    """Production settings with keys of the run's own, on loopback only."""
    from registry.keyring import new_key

    settings = {key: value for key, value in os.environ.items() if not key.startswith("REGISTRY_")}
    settings.update(
        PYTHONPATH=str(ROOT),
        REGISTRY_ENV="production",
        REGISTRY_DATABASE_URL=database_url,
        REGISTRY_SECRET_KEY=new_key(),
        REGISTRY_DATA_KEY=new_key(),
        REGISTRY_MATCH_KEY=new_key(),
        REGISTRY_RATELIMIT_STORAGE_URI=f"{redis_url}/0",
        REGISTRY_QUEUE_URL=f"{redis_url}/1",
        # The bench signs the coordinator in with a password; production needs one role.
        REGISTRY_TWO_FACTOR_ROLES="platform_admin",
        REGISTRY_CREATE_RATE_LIMITS=json.dumps(CREATE_LIMITS),
        REGISTRY_LOG_LEVEL="WARNING",
    )
    return settings


def flask(settings: dict[str, str], *arguments: str) -> None:
    """Run `flask --app wsgi ...` as an operator would; stop the bench if it fails."""
    command = [str(BIN / "flask"), "--app", "wsgi", *arguments]
    done = subprocess.run(  # noqa: S603 - our own command line
        command, cwd=ROOT, env=settings, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"`flask {' '.join(arguments)}` failed ({done.returncode})")


def store_synthetic(settings: dict[str, str], initiatives: int, seed: int) -> str:
    """Write a synthetic conflict into the database with the run's keys; return its slug."""
    from synthetic_rows import Generator
    from synthetic_store import first_ids, store

    from registry import create_app
    from registry.extensions import db
    from registry.identity import fingerprint, match_ring

    names = ("DATABASE_URL", "SECRET_KEY", "DATA_KEY", "MATCH_KEY")
    with tempfile.TemporaryDirectory() as folder:
        config = {name: settings[f"REGISTRY_{name}"] for name in names}
        app = create_app({**config, "ENV": "development", "INSTANCE_PATH": folder})
        with app.app_context():
            ring = match_ring()
            with db.engine.begin() as connection:
                plan = Generator(
                    initiatives, seed, first_ids(connection), lambda n: fingerprint(ring, n)
                ).generate()
                store(plan, connection)
                # Statistics for the planner, as autovacuum would gather them a minute
                # after a bulk load: without them PostgreSQL scans whole tables.
                connection.execute(sa.text("ANALYZE"))
            db.engine.dispose()
    return f"bench-{plan.conflict_id}"


def start(command: list[str], settings: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    """Start a long-running process of the stack, its output into a log file."""
    output = log.open("ab")
    return subprocess.Popen(  # noqa: S603 - our own command line
        command, cwd=ROOT, env=settings, stdout=output, stderr=subprocess.STDOUT
    )


def stop(process: subprocess.Popen[bytes]) -> None:
    """Ask a process of the stack to stop, then kill it if it has not within 30 s."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_until(check: object, what: str, seconds: float = 60) -> None:
    """Poll `check()` until it is true, or stop the bench after `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if check():  # type: ignore[operator]
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"{what} did not start within {seconds:.0f} s")


def redis(stack: ExitStack, folder: Path) -> str:
    """Start a Redis of the run's own on a free loopback port; return its URL."""
    server = shutil.which("redis-server")
    if server is None:
        raise SystemExit("redis-server is missing: install it with `apt-get install redis`.")
    port = free_port()
    options = ["--bind", "127.0.0.1", "--port", str(port), "--save", "", "--appendonly", "no"]
    process = start(
        [server, *options, "--dir", str(folder)], dict(os.environ), folder / "redis.log"
    )
    stack.callback(stop, process)

    def answers() -> bool:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as connection:
            connection.sendall(b"PING\r\n")
            return connection.recv(16).startswith(b"+PONG")

    wait_until(answers, "Redis")
    return f"redis://127.0.0.1:{port}"


def healthy(base_url: str) -> bool:
    """Whether /healthz answers 200."""
    import httpx

    try:
        return httpx.get(f"{base_url}/healthz", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


@contextmanager
def running_stack(database_url: str, initiatives: int, seed: int) -> Iterator[Stack]:
    """Build and start the registry for the bench; stop it and drop its database after."""
    with ExitStack() as stack:
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-load-")))
        began = time.monotonic()
        recreate_database(database_url)
        stack.callback(drop_database, database_url)
        settings = environment(database_url, redis(stack, folder))
        flask(settings, "db", "upgrade")
        flask({**settings, "REGISTRY_ENV": "development"}, "registry", "demo")
        slug = store_synthetic(settings, initiatives, seed)
        flask(settings, "registry", "assign-coordinator", COORDINATOR, "--conflict", slug)
        print(f"database ready in {time.monotonic() - began:.0f} s", flush=True)
        worker = [str(BIN / "flask"), "--app", "wsgi", "registry", "worker"]
        stack.callback(stop, start(worker, settings, folder / "worker.log"))
        bind = f"127.0.0.1:{free_port()}"
        gunicorn = [str(BIN / "gunicorn"), "-c", str(ROOT / "gunicorn.conf.py"), "wsgi:app"]
        server = start(gunicorn, {**settings, "GUNICORN_BIND": bind}, folder / "gunicorn.log")
        stack.callback(stop, server)
        base_url = f"http://{bind}"
        wait_until(lambda: healthy(base_url), "gunicorn")
        backend = sa.make_url(database_url).get_backend_name()
        yield Stack(base_url, slug, initiatives, backend, folder)
