"""A real huey consumer (`flask registry worker`) refreshes a stale conflict a read waits for."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from registry import jobs
from registry.readers import runs
from tests.helpers import TEST_KEYS, bearer_for
from tests.world import overlapping_pair

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def worker(app: Flask, database_url: str, tmp_path: Path) -> Iterator[subprocess.Popen[bytes]]:
    """Queue refreshes in a SQLite queue that a worker process consumes."""
    queue_url = f"sqlite:///{tmp_path / 'queue.sqlite'}"
    saved = app.extensions[jobs.EXTENSION]
    app.config.update(QUEUE_URL=queue_url, ANALYSIS_READ_BUDGET=30.0)
    jobs.init_app(app)
    env = {
        **os.environ,
        "REGISTRY_ENV": "testing",
        "REGISTRY_DATABASE_URL": database_url,
        "REGISTRY_QUEUE_URL": queue_url,
        **{f"REGISTRY_{name}": value for name, value in TEST_KEYS.items()},
    }
    flask = str(Path(sys.executable).parent / "flask")
    process = subprocess.Popen(  # noqa: S603 - our own command line
        [flask, "--app", "wsgi", "registry", "worker"], cwd=ROOT, env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        yield process
    finally:
        process.terminate()
        process.wait(timeout=20)
        app.extensions[jobs.EXTENSION] = saved


def test_a_read_gets_the_run_a_worker_computed_for_it(client, worker) -> None:
    world = overlapping_pair("Water")
    conflict_id = world["conflict"].id
    assert runs.latest_run(conflict_id) is None  # nothing ran inline: the queue holds the job
    response = client.get(
        f"/api/v1/conflicts/{conflict_id}/findings", headers=bearer_for(world["coordinator"])
    )
    assert response.status_code == 200, worker.poll()
    assert "X-Refreshing" not in response.headers
    assert response.headers["X-Data-Version"] == str(runs.data_version(conflict_id))
    assert any(item["code"] == "duplicate_initiative" for item in response.get_json())
    assert worker.poll() is None  # still consuming


def test_the_worker_refuses_an_inline_queue(app: Flask) -> None:
    result = app.test_cli_runner().invoke(args=["registry", "worker"])
    assert result.exit_code != 0
    assert "immediate" in result.output
