"""The task queue (huey) that refreshes stale analyses off the request path (SPEC 4.2).

`REGISTRY_QUEUE_URL` picks the storage: `immediate` runs each job inline where it is
queued (development and tests), `sqlite:///path` and `redis://…` queue it for
`flask registry worker`. One refresh per conflict is queued at a time, and a lock
keeps two workers from running the same conflict at once.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import Flask, current_app
from huey import Huey, MemoryHuey, RedisHuey, SqliteHuey
from huey.exceptions import TaskLockedException

from .config import ConfigError

log = logging.getLogger(__name__)
EXTENSION = "registry_queue"


@dataclass(frozen=True)
class Queue:
    """The app's huey instance and its refresh task."""

    huey: Huey
    refresh: Any  # huey's TaskWrapper: calling it queues a job


def make_huey(url: str) -> Huey:
    """Build huey's storage from REGISTRY_QUEUE_URL."""
    if url in ("immediate", "memory://"):
        return MemoryHuey("registry", immediate=True, results=False)
    if url.startswith("sqlite:///"):
        path = Path(url[len("sqlite:///") :])
        path.parent.mkdir(parents=True, exist_ok=True)
        return SqliteHuey("registry", filename=str(path), results=False)
    if url.startswith(("redis://", "rediss://")):
        return RedisHuey("registry", url=url, results=False, blocking=True)
    raise ConfigError(
        "REGISTRY_QUEUE_URL must be `immediate`, `sqlite:///path` or `redis://…`, not " + url
    )


def init_app(app: Flask) -> None:
    """Create the app's queue and register the refresh task on it."""
    huey = make_huey(app.config["QUEUE_URL"])

    @huey.task(name="refresh_analysis")  # type: ignore[untyped-decorator]  # huey is untyped
    def refresh_analysis(conflict_id: int) -> None:
        run_refresh(app, huey, conflict_id)

    app.extensions[EXTENSION] = Queue(huey, refresh_analysis)


def queue() -> Queue:
    """Return the current app's queue."""
    current: Queue = current_app.extensions[EXTENSION]
    return current


def _pending_key(conflict_id: int) -> str:
    return f"analysis-pending-{conflict_id}"


def request_refresh(conflict_id: int) -> None:
    """Queue a refresh of the conflict's analysis unless one is already waiting."""
    current = queue()
    key, now = _pending_key(conflict_id), time.time()
    if not current.huey.put_if_empty(key, now):
        since = current.huey.get(key, peek=True)
        # A marker older than a run's budget belongs to a job that was lost (a worker died).
        if since is not None and now - since < current_app.config["ANALYSIS_RUN_BUDGET"] + 30:
            return
        current.huey.put(key, now)
    current.refresh(conflict_id)


def run_refresh(app: Flask, huey: Huey, conflict_id: int) -> None:
    """Run one queued refresh in an app context of its own, one per conflict at a time."""
    from .services import analysis

    huey.get(_pending_key(conflict_id))  # taken: a later write queues another refresh
    try:
        with huey.lock_task(f"analysis-{conflict_id}"), app.app_context():
            analysis.refresh(conflict_id)
    except TaskLockedException:
        # Another worker runs this conflict; a read after it ends queues what is missing.
        log.info("a refresh of this conflict is already running")


def run_worker(workers: int = 1) -> None:
    """Consume queued jobs until interrupted (`flask registry worker`)."""
    huey = queue().huey
    if huey.immediate:
        raise ConfigError(
            "REGISTRY_QUEUE_URL is `immediate`: jobs run inline and need no worker. "
            "Set it to sqlite:///path or redis://… in both the app and the worker."
        )
    consumer = huey.create_consumer(workers=workers, periodic=False, max_delay=0.5)
    consumer.run()
