"""Hold N connections busy on one address with `wrk`, a load generator written in C.

A client in Python on the same two cores competes with gunicorn and PostgreSQL for
them and caps the ceiling (`/healthz`) well below what the server gives, which
flatters every ratio against it; `wrk` costs a fraction of a core. Its Lua hook
(`load_wrk.lua`) prints the counts and percentiles as one line of JSON.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Mapping
from pathlib import Path

from load_drive import Outcome

SCRIPT = Path(__file__).resolve().parent / "load_wrk.lua"
TIMEOUT_SECONDS = 60  # one request slower than this counts as an error


def executable() -> str:
    """The path of `wrk`, or stop the bench saying how to install it."""
    found = shutil.which("wrk")
    if found is None:
        raise SystemExit("wrk is missing: install it with `apt-get install wrk`.")
    return found


def wrk(
    name: str,
    base_url: str,
    path: str,
    headers: Mapping[str, str],
    *,
    connections: int,
    seconds: float,
) -> Outcome:
    """GET `path` over `connections` kept-alive connections for `seconds`; loopback only."""
    if not base_url.startswith("http://127.0.0.1:"):
        raise SystemExit(f"the load bench targets 127.0.0.1 only, not {base_url}")
    command = [
        executable(),
        f"--threads={min(2, connections)}",
        f"--connections={connections}",
        f"--duration={max(1, round(seconds))}s",
        f"--timeout={TIMEOUT_SECONDS}s",
        f"--script={SCRIPT}",
        *(f"--header={key}: {value}" for key, value in headers.items()),
        f"{base_url}{path}",
    ]
    done = subprocess.run(  # noqa: S603 - our own command line, loopback only
        command, capture_output=True, text=True, timeout=seconds + 2 * TIMEOUT_SECONDS, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"wrk failed on {path} ({done.returncode}): {done.stderr[-2000:]}")
    report = json.loads(done.stdout.strip().splitlines()[-1])
    outcome = Outcome(name, path, connections)
    outcome.requests = report["requests"]
    outcome.errors = report["errors"] + report["status"]
    outcome.seconds = report["duration_us"] / 1e6
    outcome.measured = {share: report[f"p{share}_us"] / 1000 for share in (50, 95, 99)}
    if report["status"]:
        outcome.statuses["not 2xx/3xx"] = report["status"]
    if report["errors"]:
        outcome.statuses["no answer"] = report["errors"]
    return outcome
