"""The load benchmark's section of docs/BENCHMARKS.md, in whole numbers, with its targets."""

from __future__ import annotations

import os
import platform
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sections

HEADING = "## Load under gunicorn"
LISTS = ("API: list of initiatives", "API: list, demo conflict")
LIST_WORDS = {LISTS[0]: "the editor's page of 50", LISTS[1]: "the demo conflict's list"}
CEILING = "health probe"
FLOOR = "API: the signed-in user"  # a signed-in answer that only looks up its user
RATIO_TARGET = 0.25  # the list serves at least a quarter of /healthz's requests per second
P99_TARGET_MS = 250
PAGE_TARGET_MS = 5000


# What earlier runs of this benchmark found, and what became of it (kept with the figures).
FOUND = (
    "- The signed-in list sent ten queries: the token, then its user, the user's "
    "coordinator assignments, a COUNT, the page, then funders, issues, regions (full rows "
    "through the ORM), channels and participations. It now sends three "
    "(`tests/api/test_query_counts.py`): the token with its user and assignments in one "
    "joined SELECT (the session's user too), the page with its total (`count(*) OVER ()`), "
    "and one `UNION ALL` of every linked id with the participant counts grouped by the "
    "database.",
    "- Every request, `/healthz` included, ended by starting a thread and an event loop: "
    "flask-sqlalchemy-lite registers a coroutine teardown (for async sessions the registry "
    "never opens), which Flask runs through asgiref. The app drops it.",
    "- A coordinator's findings in the API loaded and decoded every stored finding (2,564 "
    "at 1,000 initiatives, nine JSON columns each) to answer a page of 50; the database "
    "now filters by code, severity and status and cuts the page (about 7× faster). The "
    "coordinator's map read every stored finding whole too; it now reads the unresolved "
    "edges' columns and only the facets of their evidence (about 6× faster). The findings "
    "page decoded every stored finding too; it now filters, orders and counts outlines "
    "(`runs.stored_outlines`: ids, code, severity, key, status, initiatives, issues, "
    "rounds and two lists of the evidence's inputs) and reads whole only the page it "
    "shows: 212 ms to 129 ms in one process, the same page byte for byte under ten "
    "filters. It remains the slowest answer under load.",
    "- The overview of the synthetic conflict (135 Track One rounds) sent 283 queries: "
    "every round's bodies and agenda were loaded one round at a time. They now come in "
    "one query each (`tests/calendar/test_calendar_queries.py`), and the overview and the "
    "home page count a coordinator's open findings from three columns (status, severity, "
    "initiatives) instead of decoding every finding's evidence: 395 ms to 118 ms for the "
    "overview in one process.",
    "- After the flood, pages waiting for a fresh run took the whole read budget and then "
    "rendered the stored run, answering in 5.5–6 s; the wait now ends at four fifths of "
    "`REGISTRY_ANALYSIS_READ_BUDGET`, leaving the rest to the page.",
    "- A coordinator's findings decoded the latest run's metrics twice (270 KB of JSON "
    "at 1,000 initiatives): once to tell whether the run was fresh, once for what the "
    "caps left out. Freshness now reads only the run's data version and date "
    "(`runs.latest_stamp`), and every reader of a stored run asks the database for the "
    "parts of the metrics it shows (`runs.latest_metrics`; "
    "`tests/readers/test_stored_runs.py`). The findings API went from 97 ms to 44 ms in "
    "one process and from about 24 to 35 requests/s under 32 connections, with the same "
    "answers byte for byte (findings, map and coverage, in the API and on the pages).",
    "- A findings page decoded its outlines one value at a time: about 13,000 small JSON "
    "lists at 1,000 initiatives, each through its own loader call. They now come as "
    "JSON text, decoded with one `json.loads`: 70 ms to 44 ms for the outlines in one "
    "process, the same page byte for byte under fifteen filters and groupings. The "
    "coordinator's map page read all 2,666 stored findings whole to draw about half of "
    "them; it now reads outlines, and whole rows only for the edges it draws "
    "(`test_a_coordinators_map_reads_whole_only_the_findings_it_draws`).",
    "- The bearer's look-up built, keyed and compiled its statement on every request; it "
    "is built once, and the user came in 1.3–1.7 ms instead of 2.4–3.1. A page's ids "
    "went to PostgreSQL as one placeholder each, so a page of 50 made a statement of "
    "over 4 KB, which psycopg converts anew each time (2.5 ms); they now go as one array "
    "(`= ANY (:ids)`), one text whatever the page's length. Both lists are about 10% "
    "faster in one process (medians of interleaved runs).",
    "- The machines of 2026-12-07, of the same kind, served `/healthz` at 1,340 and "
    "1,413 requests/s in two runs, against 3,223 on 2026-12-06 (0.5–0.6 ms against 0.37 "
    "in one process): compare shares of the ceiling between runs, not requests per "
    "second. As shares, the coordinator's findings API went from 1.3% of `/healthz` to "
    "about 3%, and the demo editor's list from 9% to 11–12%.",
    "- Tried and not kept: psycopg forgets its prepared statements on every ROLLBACK, "
    "and every request that only reads ends with one, so no statement is ever prepared. "
    "Ending such transactions with COMMIT let psycopg prepare them; the list was 3–6% "
    "faster in one process, but under load it did not move (201 against 198 "
    "requests/s over five alternating runs), since PostgreSQL still plans the list's "
    "statements anew (their generic plans are worse). Not worth changing how every "
    "transaction ends.",
    "- Until 2026-12-06 this benchmark drove the server with httpx. A client in Python on "
    "the same two cores capped `/healthz` at about 330 requests/s and made the list look "
    "like a third of it; `wrk` shows the ceiling at about 2,800. The targets' shares are "
    "against that ceiling.",
    "- Right after the bulk load PostgreSQL had no statistics (it estimated 1,719 people "
    "for 7,380), so the participant counts hash-joined the whole person table: 2.5 ms a "
    "list instead of 1.8. The bench now runs `ANALYZE` after loading, as autovacuum "
    "would a minute later.",
    "- gunicorn recycled each worker every 5,000 requests. Booting one costs about a "
    "second of CPU, so under load a core went on reboots: `/healthz`'s p99 was 1.3 s "
    "in one run, 58 ms with recycling every 50,000 (now the default).",
    "- Why the demo editor's list stays near a tenth of `/healthz` (the page of 50 about "
    "half that): in one process, without the network, `/healthz` takes 0.37 ms and the "
    "demo editor's list 5.8 ms (0.61 and 11 ms on the slower machine of 2026-12-07). "
    "Under load on that machine (CPU time of every process read from `/proc` before and "
    "after 10 s at 32 connections), `/healthz` cost 1.0 ms of CPU a request, all of it in "
    "gunicorn, and the demo list 8.1 ms in gunicorn and 2.6 ms in PostgreSQL. The list's "
    "three queries take about 2 ms of database time and round trips (plus the pool's "
    "pre-ping, BEGIN and ROLLBACK, which keep outages answering 503), and SQLAlchemy's "
    "statement building, the ORM's loading, the policy and the two serialisations (the "
    "reader's records, then the API schema) take the rest. An answer that only looks up "
    "its signed-in user (the floor above) already serves little more than a third of "
    "`/healthz`'s requests per second. A quarter of `/healthz` "
    "would need the whole list in about 1.5 ms: only a cache of answers could do that, "
    "and a cache of answers that the policy filtered per reader would have to learn of "
    "every change to roles, links, reveals and dates that decides what a reader sees. "
    "The registry keeps no such cache: one wrong key would show a person's name to an "
    "organisation that may not see it.",
    "- The long tail: each kept-alive connection stays with the gthread worker that "
    "accepted it, and a worker that took eleven of the 32 serves each of them less often "
    "than one that took four. With `GUNICORN_WORKER_CONNECTIONS=7` (so 5 workers split "
    "32 connections evenly) the demo list's p99 was 232–239 ms against 257–287 ms, and "
    "`/healthz`'s 68–80 ms against 685–702 ms, in two runs each. The default stays at "
    "1,000: with a cap of 7, the 36th kept-alive client waits until another connection "
    "closes (up to the 5 s keep-alive). Closing every connection after its answer, as a "
    "proxy's default upstream does (`wrk` sending `Connection: close`, 2026-12-07), did "
    "not shorten the tail: the demo list's p99 was 557 and 631 ms against 444 and 452 ms "
    "kept alive, in alternating runs. At 32 clients the tail is mostly the queue itself: "
    "at 160 answers a second each client waits about 200 ms on average.",
)


def verdict(met: bool) -> str:
    return "**met**" if met else "**not met**"


def whole(value: float) -> str:
    return f"{round(value):,}"


def scenario_rows(result: dict[str, Any]) -> list[str]:
    rows = [
        "| scenario | path | requests | errors | requests/s | p50 | p95 | p99 |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for s in result["scenarios"]:
        rows.append(
            f"| {s['name']} | `{s['path']}` | {s['requests']:,} | {s['errors']:,} "
            f"| {whole(s['rps'])} | {whole(s['p50_ms'])} | {whole(s['p95_ms'])} "
            f"| {whole(s['p99_ms'])} |"
        )
    return rows


def target_rows(result: dict[str, Any]) -> list[str]:
    by_name = {s["name"]: s for s in result["scenarios"]}
    ceiling = by_name[CEILING]
    errors = sum(s["errors"] for s in result["scenarios"]) + result["flood"]["errors"]
    slowest = max(page["ms"] for pages in result["pages"] for page in pages)
    failed = [p for pages in result["pages"] for p in pages if p["status"] != 200]
    rows = [
        "| target | measured | |",
        "|---|---|---|",
        f"| no error | {errors:,} errors in every scenario and the flood; "
        f"{result['logged_errors']:,} tracebacks logged | "
        f"{verdict(errors == 0 and result['logged_errors'] == 0)} |",
    ]
    for name in LISTS:
        listed = by_name[name]
        ratio = listed["rps"] / ceiling["rps"] if ceiling["rps"] else 0.0
        rows += [
            f"| {name}: at least {RATIO_TARGET:.0%} of `/healthz`'s requests per second "
            f"| {ratio:.0%} ({whole(listed['rps'])} / {whole(ceiling['rps'])}) "
            f"| {verdict(ratio >= RATIO_TARGET)} |",
            f"| {name}: p99 under {P99_TARGET_MS} ms at {result['connections']} connections "
            f"| {whole(listed['p99_ms'])} ms (`/healthz` in the same run: "
            f"{whole(ceiling['p99_ms'])} ms) | {verdict(listed['p99_ms'] < P99_TARGET_MS)} |",
        ]
    rows.append(
        f"| after the flood every page of the coordinator answers within "
        f"{PAGE_TARGET_MS // 1000} s | slowest {whole(slowest)} ms; "
        f"{len(failed)} answers other than 200 "
        f"| {verdict(slowest < PAGE_TARGET_MS and not failed)} |"
    )
    return rows


def floor_note(result: dict[str, Any]) -> list[str]:
    """What the lists' share of `/healthz` asks of them, against the signed-in floor."""
    by_name = {s["name"]: s for s in result["scenarios"]}
    if FLOOR not in by_name or not by_name[FLOOR]["rps"] or not by_name[CEILING]["rps"]:
        return []
    ceiling, floor = by_name[CEILING]["rps"], by_name[FLOOR]["rps"]
    needed = RATIO_TARGET * ceiling / floor
    served = ", ".join(f"{LIST_WORDS[name]} {by_name[name]['rps'] / floor:.0%}" for name in LISTS)
    return [
        "",
        f"The floor of every signed-in answer, `/api/v1/users/me` (the bearer's user in one "
        f"query, the access check, one record), served {whole(floor)} requests/s in this "
        f"run: {floor / ceiling:.0%} of `/healthz`, with a p99 of "
        f"{whole(by_name[FLOOR]['p99_ms'])} ms. At {RATIO_TARGET:.0%} of `/healthz` a list "
        f"would have to serve {needed:.0%} of that floor's requests per second; as "
        f"measured: {served}.",
    ]


def timing(page: dict[str, Any]) -> str:
    """A page's time, marked when it answered from a stored run being refreshed."""
    return whole(page["ms"]) + (" (refreshing)" if page["refreshing"] else "")


def page_rows(result: dict[str, Any]) -> list[str]:
    rows = [
        "| page | status | right after the flood | again |",
        "|---|---|---:|---:|",
    ]
    first, again = result["pages"]
    for before, after in zip(first, again, strict=True):
        rows.append(
            f"| `{before['path']}` | {before['status']} / {after['status']} "
            f"| {timing(before)} | {timing(after)} |"
        )
    return rows


def section(result: dict[str, Any]) -> str:
    """The Markdown section of the report."""
    flood = result["flood"]
    before, after = result["load_average"]
    cores = len(os.sched_getaffinity(0))
    limits = result["create_limits"]["initiatives"]
    busy = (
        f" Other processes were running (load average {before:.2f} when it started, "
        f"{after:.2f} when it ended, on {cores} cores), so the absolute figures are low and "
        "noisy: the list's share of `/healthz` in the same run is the fair comparison."
        if before > cores / 2
        else f" Load average {before:.2f} when it started, {after:.2f} when it ended."
    )
    return "\n".join(
        [
            HEADING,
            "",
            f"Measured on {datetime.now(UTC):%Y-%m-%d} (UTC) on {platform.system()} "
            f"{platform.machine()} with `nproc` = {cores}, Python {platform.python_version()},"
            f" on {result['database']}; the whole run took {whole(result['total_seconds'])} s."
            f"{busy} Reproduce with `make bench-load` "
            "(`.venv/bin/python bench/load.py --output docs/BENCHMARKS.md`).",
            "",
            "`bench/load.py` recreates a database, migrates it, loads the demo and a synthetic "
            f"conflict of {result['initiatives']:,} initiatives (the analysis benchmark's), and "
            "serves it on 127.0.0.1 as production does: gunicorn with `gunicorn.conf.py`, "
            "`flask registry worker`, and a Redis of its own for rate limits and the queue. "
            f"`wrk`, a load generator in C on two threads, then holds {result['connections']} "
            "kept-alive connections busy on each address in turn after a warm-up; the lists "
            "and the initiative are the demo editor's, the findings "
            "and map those of the synthetic conflict's coordinator. The editor sees "
            f"{result['listed'][0]:,} initiatives (the API's first page holds 50), "
            f"{result['listed'][1]:,} of them on the demo conflict (the list of the issue that "
            "asked for this benchmark). Times are in milliseconds; an error is any answer but "
            "2xx or 3xx.",
            "",
            *scenario_rows(result),
            "",
            "### Targets",
            "",
            *target_rows(result),
            *floor_note(result),
            "",
            "### What the load found, and what was done",
            "",
            *FOUND,
            "",
            "### The flood",
            "",
            f"The demo editor created {flood['requests']:,} planned initiatives on one issue of "
            f"the demo conflict through `POST /api/v1/initiatives` in "
            f"{whole(flood['seconds'])} s ({whole(flood['rps'])} a second, {flood['errors']:,} "
            f"errors) over {result['connections']} connections. The bench raises the create "
            f"limits for it through configuration: `REGISTRY_CREATE_RATE_LIMITS` gives "
            f"initiatives `{limits['user']}` per user and `{limits['organisation']}` per "
            "organisation (the defaults allow 30 a minute per user). Then the coordinator read "
            "each of its pages on that conflict once, right after the flood (the findings were "
            "stale: a read waits for four fifths of the read budget at most, then shows the "
            "latest run as being refreshed, marked below), and again:",
            "",
            *page_rows(result),
            "",
        ]
    )


def write_section(output: Path, text: str) -> None:
    """Replace the load section of the report (or append it), keeping every other section."""
    sections.write_section(output, HEADING, text)
