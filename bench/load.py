"""Load the registry under gunicorn on PostgreSQL at 32 connections, then flood one issue.

Run `.venv/bin/python bench/load.py [--output docs/BENCHMARKS.md] [--json]` (`make
bench-load`). Everything stays on 127.0.0.1 and is bounded in requests and time.
`load_stack` builds the registry as production runs it: a fresh database (PostgreSQL
`registry_bench` on 127.0.0.1:5432 unless --database-url says otherwise), migrated, with
the demo and a synthetic conflict of --initiatives (1,000) initiatives, a Redis of its
own for rate limits and the analysis queue, `flask registry worker` and gunicorn with
gunicorn.conf.py. Then:

1. each scenario holds --connections (32) connections busy for --seconds seconds with
   `wrk` (`load_wrk`, a client in C), after an unmeasured warm-up: `/healthz` (the ceiling),
   `/api/v1/users/me` (the floor of a signed-in request: it only looks up its user),
   the demo editor's list and initiative (API and pages), and the coordinator's findings
   and map of the synthetic conflict (API and pages); each reports requests per second,
   p50/p95/p99 and errors (any answer but 2xx/3xx, or no answer);
2. the flood: --flood (750) initiatives created through the API by the demo editor on
   one issue of the demo conflict, over the same connections (`load_drive`, httpx on
   asyncio, bounded by --flood-seconds); then every page of the coordinator on that
   conflict is read once, right after the flood and again, timed.

With --output the "Load under gunicorn" section of that Markdown file is written
(replaced, or appended), keeping every other section. With --json the last line of
the output is JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import time
from pathlib import Path
from typing import Any

from load_drive import Outcome, bearer, hammer, sign_in, timed_get
from load_report import section, write_section
from load_stack import COORDINATOR, CREATE_LIMITS, DEFAULT_DATABASE, Stack, running_stack
from load_wrk import executable, wrk
from synthetic_world import SEED

EDITOR = ("editor.amani@demo.example.org", "demo-amani-editor-2026")
COORDINATOR_PASSWORD = "demo-coordinator-2026"  # noqa: S105 - the demo's published password
DEMO_SLUG = "baringo-turkana"
WARM_SECONDS = 120  # how long the first analyses may take before the bench gives up
WARM_REQUESTS = 10  # unmeasured requests before each scenario, over as many connections


def discover(base_url: str, api: dict[str, dict[str, str]], stack: Stack) -> dict[str, int]:
    """Find the ids the scenarios need through the API, as a client would."""
    import httpx

    def get(path: str, who: str) -> Any:
        answer = httpx.get(f"{base_url}{path}", headers=api[who], timeout=60)
        answer.raise_for_status()
        return answer.json()

    def total(path: str) -> int:
        answer = httpx.get(f"{base_url}{path}", headers=api["editor"], timeout=60)
        answer.raise_for_status()
        return int(json.loads(answer.headers["X-Pagination"])["total"])

    slugs = {conflict["slug"]: conflict["id"] for conflict in get("/api/v1/conflicts", "editor")}
    demo, synthetic = slugs[DEMO_SLUG], slugs[stack.synthetic_slug]
    own = get("/api/v1/initiatives?page_size=1", "editor")[0]["id"]
    issue = get(f"/api/v1/conflicts/{demo}/issues", "editor")[0]["id"]
    rounds = get(f"/api/v1/conflicts/{demo}/rounds", "coordinator")
    return {
        "demo": demo,
        "synthetic": synthetic,
        "initiative": own,
        "issue": issue,
        "round": rounds[0]["id"] if rounds else 0,
        "listed": total("/api/v1/initiatives?page_size=1"),
        "listed_demo": total(f"/api/v1/initiatives?page_size=1&conflict_id={demo}"),
    }


def scenarios(ids: dict[str, int]) -> list[tuple[str, str, str]]:
    """(name, path, who) of each measured scenario; `who` picks the credentials."""
    synthetic, own = ids["synthetic"], ids["initiative"]
    return [
        ("health probe", "/healthz", "anonymous"),
        ("API: the signed-in user", "/api/v1/users/me", "editor"),
        ("API: list of initiatives", "/api/v1/initiatives", "editor"),
        ("API: list, demo conflict", f"/api/v1/initiatives?conflict_id={ids['demo']}", "editor"),
        ("API: one initiative", f"/api/v1/initiatives/{own}", "editor"),
        ("API: findings", f"/api/v1/conflicts/{synthetic}/findings", "coordinator"),
        ("API: map", f"/api/v1/conflicts/{synthetic}/overlap-map", "coordinator"),
        ("page: list of initiatives", "/initiatives/", "editor page"),
        ("page: one initiative", f"/initiatives/{own}", "editor page"),
        ("page: findings", f"/conflicts/{synthetic}/findings", "coordinator page"),
        ("page: map", f"/conflicts/{synthetic}/map", "coordinator page"),
    ]


def coordinator_pages(ids: dict[str, int]) -> list[tuple[str, str]]:
    """(path, who) of every page of the coordinator that reads the flooded conflict."""
    demo = ids["demo"]
    pages = [
        "/home",
        "/initiatives/",
        f"/conflicts/{demo}",
        f"/conflicts/{demo}/findings",
        f"/conflicts/{demo}/map",
        f"/conflicts/{demo}/coverage",
        f"/conflicts/{demo}/reference",
        f"/conflicts/{demo}/transfers",
        f"/conflicts/{demo}/focal-points",
        *([f"/rounds/{ids['round']}"] if ids["round"] else []),
        "/links/",
        "/search?q=dialogue",
    ]
    api = [
        f"/api/v1/conflicts/{demo}/findings",
        f"/api/v1/conflicts/{demo}/analysis",
        f"/api/v1/conflicts/{demo}/coverage",
        f"/api/v1/conflicts/{demo}/overlap-map?format=cytoscape",
        f"/api/v1/conflicts/{demo}/overlap-map?format=gexf",
    ]
    return [(path, "coordinator page") for path in pages] + [(path, "coordinator") for path in api]


def warm_analyses(base_url: str, headers: dict[str, str], conflict_ids: list[int]) -> None:
    """Read each conflict's findings until a fresh stored run answers (the worker ran)."""
    for conflict_id in conflict_ids:
        deadline = time.monotonic() + WARM_SECONDS
        while True:
            answer = timed_get(base_url, f"/api/v1/conflicts/{conflict_id}/findings", headers)
            if answer["status"] == 200 and not answer["refreshing"]:
                break
            if time.monotonic() > deadline:
                raise SystemExit(f"the analysis of conflict {conflict_id} never became fresh")


def flood_body(ids: dict[str, int]) -> Any:
    """The n-th initiative of the flood: planned, on the demo conflict's one issue."""

    def body(number: int) -> dict[str, Any]:
        return {
            "conflict_id": ids["demo"],
            "title": f"Flood dialogue {number + 1}",
            "track": "2",
            "mode": "hard",
            "method": "problem_solving_workshop",
            "status": "planned",
            "issue_ids": [ids["issue"]],
        }

    return body


def measure(stack: Stack, arguments: argparse.Namespace) -> dict[str, Any]:
    """Sign in, warm up, run the scenarios, flood, and read the coordinator's pages."""
    base = stack.base_url
    credentials = {
        "anonymous": {},
        "editor": bearer(base, *EDITOR),
        "coordinator": bearer(base, COORDINATOR, COORDINATOR_PASSWORD),
        "editor page": sign_in(base, *EDITOR),
        "coordinator page": sign_in(base, COORDINATOR, COORDINATOR_PASSWORD),
    }
    ids = discover(base, credentials, stack)
    warm_analyses(base, credentials["coordinator"], [ids["synthetic"], ids["demo"]])
    bounds = {"connections": arguments.connections}
    outcomes: list[Outcome] = []
    for name, path, who in scenarios(ids):
        # Warm-up: a few requests reach each gunicorn worker's caches; not measured.
        warm = min(WARM_REQUESTS, arguments.connections)
        hammer(name, base, path, credentials[who], connections=warm, limit=warm, seconds=5)
        outcome = wrk(name, base, path, credentials[who], seconds=arguments.seconds, **bounds)
        outcomes.append(outcome)
        print(line(outcome), flush=True)
    flood = hammer(
        "flood",
        base,
        "/api/v1/initiatives",
        credentials["editor"],
        limit=arguments.flood,
        seconds=arguments.flood_seconds,
        body=flood_body(ids),
        **bounds,
    )
    print(f"flood: {flood.requests} creates in {flood.seconds:.1f} s, {dict(flood.statuses)}")
    rounds = []
    for label in ("right after the flood", "again"):
        rounds.append(
            [timed_get(base, path, credentials[who]) for path, who in coordinator_pages(ids)]
        )
        print(f"coordinator's pages {label}: slowest {max(p['ms'] for p in rounds[-1]):.0f} ms")
    return {
        "scenarios": [outcome.summary() for outcome in outcomes],
        "flood": flood.summary(),
        "pages": rounds,
        "logged_errors": logged_errors(stack.logs),
        "listed": [ids["listed"], ids["listed_demo"]],
    }


def line(outcome: Outcome) -> str:
    """One scenario's figures, for the terminal."""
    s = outcome.summary()
    return (
        f"{s['name']:<28} {s['requests']:>6} requests {s['rps']:>7.1f}/s "
        f"p50 {s['p50_ms']:>6.1f} p95 {s['p95_ms']:>6.1f} p99 {s['p99_ms']:>6.1f} ms "
        f"errors {s['errors']}"
    )


def logged_errors(folder: Path) -> int:
    """Tracebacks in the server's and the worker's logs."""
    return sum(
        path.read_text(errors="replace").count("Traceback")
        for path in folder.glob("*.log")
        if path.name != "redis.log"
    )


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=DEFAULT_DATABASE, help="recreated per run")
    parser.add_argument("--initiatives", type=int, default=1000, help="synthetic conflict size")
    parser.add_argument("--seed", type=int, default=SEED, help=f"generator seed ({SEED})")
    parser.add_argument("--connections", type=int, default=32, help="concurrent connections")
    parser.add_argument("--seconds", type=float, default=6, help="per scenario, at most")
    parser.add_argument("--flood", type=int, default=750, help="initiatives created on one issue")
    parser.add_argument("--flood-seconds", type=float, default=90, help="the flood, at most")
    parser.add_argument("--output", type=Path, help="Markdown report to write the section into")
    parser.add_argument("--json", action="store_true", help="end with one line of JSON")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    """Build the stack, measure, print, and write the report's section with --output."""
    arguments = parse(argv)
    # A SIGTERM unwinds like Ctrl-C, so gunicorn, the worker and Redis are stopped and
    # the bench's database dropped rather than left running.
    signal.signal(signal.SIGTERM, lambda number, frame: sys.exit(128 + number))
    executable()  # before minutes of set-up: stop at once if wrk is missing
    load_before = os.getloadavg()[0]
    started = time.monotonic()
    with running_stack(arguments.database_url, arguments.initiatives, arguments.seed) as stack:
        print(f"serving {stack.base_url} on {stack.database}", flush=True)
        result = measure(stack, arguments)
        result["database"] = stack.database
    result.update(
        initiatives=arguments.initiatives,
        connections=arguments.connections,
        create_limits=CREATE_LIMITS,
        load_average=[round(load_before, 2), round(os.getloadavg()[0], 2)],
        total_seconds=round(time.monotonic() - started, 1),
    )
    print(f"whole run: {result['total_seconds']:.0f} s")
    if arguments.output:
        write_section(arguments.output, section(result))
        print(f"Wrote the load section of {arguments.output}")
    if arguments.json:
        print(json.dumps(result))


if __name__ == "__main__":
    main()
