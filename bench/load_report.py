"""The load benchmark's section of docs/BENCHMARKS.md, in whole numbers, with its targets."""

from __future__ import annotations

import os
import platform
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

HEADING = "## Load under gunicorn"
LIST = "API: list of initiatives"
CEILING = "health probe"
RATIO_TARGET = 0.25  # the list serves at least a quarter of /healthz's requests per second
P99_TARGET_MS = 250
PAGE_TARGET_MS = 5000


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
    listed, ceiling = by_name[LIST], by_name[CEILING]
    ratio = listed["rps"] / ceiling["rps"] if ceiling["rps"] else 0.0
    errors = sum(s["errors"] for s in result["scenarios"]) + result["flood"]["errors"]
    slowest = max(page["ms"] for pages in result["pages"] for page in pages)
    failed = [p for pages in result["pages"] for p in pages if p["status"] != 200]
    return [
        "| target | measured | |",
        "|---|---|---|",
        f"| no error | {errors:,} errors in every scenario and the flood; "
        f"{result['logged_errors']:,} tracebacks logged | "
        f"{verdict(errors == 0 and result['logged_errors'] == 0)} |",
        f"| the list serves at least {RATIO_TARGET:.0%} of `/healthz`'s requests per second "
        f"| {ratio:.0%} ({whole(listed['rps'])} / {whole(ceiling['rps'])}) "
        f"| {verdict(ratio >= RATIO_TARGET)} |",
        f"| the list's p99 under {P99_TARGET_MS} ms at {result['connections']} connections "
        f"| {whole(listed['p99_ms'])} ms | {verdict(listed['p99_ms'] < P99_TARGET_MS)} |",
        f"| after the flood every page of the coordinator answers within "
        f"{PAGE_TARGET_MS // 1000} s | slowest {whole(slowest)} ms; "
        f"{len(failed)} answers other than 200 "
        f"| {verdict(slowest < PAGE_TARGET_MS and not failed)} |",
    ]


def page_rows(result: dict[str, Any]) -> list[str]:
    rows = [
        "| page | status | right after the flood | again |",
        "|---|---|---:|---:|",
    ]
    first, again = result["pages"]
    for before, after in zip(first, again, strict=True):
        marks = " (refreshing)" if before["refreshing"] else ""
        rows.append(
            f"| `{before['path']}` | {before['status']} / {after['status']} "
            f"| {whole(before['ms'])}{marks} | {whole(after['ms'])} |"
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
            f"httpx then holds {result['connections']} connections busy on each address in turn "
            "after a warm-up; the list and the initiative are the demo editor's, the findings "
            "and map those of the synthetic conflict's coordinator. Times are in milliseconds; "
            "an error is any answer but 2xx or 3xx.",
            "",
            *scenario_rows(result),
            "",
            "### Targets",
            "",
            *target_rows(result),
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
            "stale: a read waits up to the read budget, then shows the latest run as being "
            "refreshed), and again:",
            "",
            *page_rows(result),
            "",
        ]
    )


def write_section(output: Path, text: str) -> None:
    """Replace the load section of the report (or append it), keeping every other section."""
    existing = output.read_text(encoding="utf-8") if output.exists() else "# Benchmarks\n"
    start = existing.find(HEADING)
    if start < 0:
        updated = existing.rstrip("\n") + "\n\n" + text
    else:
        following = existing.find("\n## ", start + len(HEADING))
        tail = existing[following + 1 :] if following >= 0 else ""
        updated = existing[:start] + text + ("\n" + tail if tail else "")
    output.write_text(updated, encoding="utf-8")
