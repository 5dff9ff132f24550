"""Time how long the overlap map takes to settle in Chromium on a synthetic conflict.

Run `.venv/bin/python bench/map_settle.py [--initiatives 1000] [--runs 3] [--json]
[--output docs/BENCHMARKS.md]`. It generates a conflict as `bench/analysis.py` does
(`synthetic_store`), registers a coordinator, serves the app on a free local port,
and in the system Chromium (Playwright, never `playwright install`) signs in and loads
`/conflicts/<id>/map?as_of=<the synthetic evaluation date>` --runs times after one
unmeasured warm-up load. For each load it records:

- `layout_ms`: from the drawing script's start to the layout's stop, as the page
  reports it (`data-layout-ms` on `#overlap-map`, once `data-layout="done"`);
- `page_ms`: from the navigation's start to that moment (`performance.now()`), so the
  server's work (the analysis, the map's reader and the page) is included.

Figures are medians in whole milliseconds. With --output the "Overlap map in the
browser" section of that Markdown file is written (replaced, or appended), and every
other section is kept as it was. With --json the last line of output is JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sections
from synthetic_store import stored_conflict
from synthetic_world import AS_OF, SEED

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
EMAIL = "bench.coordinator@example.org"
PASSWORD = "bench coordinator passphrase 2026"  # noqa: S105 - a throwaway database's
HEADING = "## Overlap map in the browser"
SETTLE_TARGET_MS = 5000  # "the layout settles in a few seconds"


def coordinator(conflict_id: int) -> None:
    """Register a coordinator of the conflict who signs in with a password."""
    from registry.policy import SYSTEM
    from registry.services import organisations, users
    from registry.services.inputs.organisations import OrganisationInput
    from registry.services.inputs.users import UserInput

    hub = organisations.create(
        SYSTEM, OrganisationInput(name="Bench secretariat", kind="coordination_body")
    )
    user = users.create(
        SYSTEM,
        UserInput(
            email=EMAIL,
            display_name="Bench coordinator",
            organisation_id=hub.id,
            role="viewer",
            password=PASSWORD,
        ),
    )
    users.assign_coordinator(SYSTEM, user.id, conflict_id)


def serve(app: Any) -> tuple[str, Any]:
    """Serve the app on a free local port in a background thread; return (address, server)."""
    import logging

    from werkzeug.serving import make_server

    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # no line per request

    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_port}", server


def load_map(page: Any, path: str) -> dict[str, int]:
    """Load the map once and wait until its layout has settled; return its timings."""
    page.goto(path, wait_until="commit")
    page.wait_for_selector("#overlap-map[data-layout=done]", timeout=300_000)
    return page.evaluate(
        "() => { const m = document.getElementById('overlap-map');"
        " const c = m._cyreg ? m._cyreg.cy : null;"
        " return {layout_ms: Number(m.dataset.layoutMs), page_ms: Math.round(performance.now()),"
        " started_ms: Number(m.dataset.startedMs), total: Number(m.dataset.totalEdges),"
        " nodes: c ? c.nodes().length : 0, edges: c ? c.edges().length : 0}; }"
    )


def measure(base_url: str, path: str, runs: int) -> dict[str, Any]:
    """Sign in, load the map once to warm up, then `runs` times; return the medians."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(base_url=base_url, viewport={"width": 1280, "height": 900})
        page.goto("/signin")
        page.get_by_label("Email").fill(EMAIL)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url("**/home")
        load_map(page, path)
        loads = [load_map(page, path) for _ in range(runs)]
        capped = page.locator("#map-cap").count() > 0
        version = browser.version
        browser.close()
    return {
        "layout_ms": round(statistics.median(load["layout_ms"] for load in loads)),
        "page_ms": round(statistics.median(load["page_ms"] for load in loads)),
        "started_ms": round(statistics.median(load["started_ms"] for load in loads)),
        "nodes": loads[0]["nodes"],
        "edges": loads[0]["edges"],
        "total_edges": loads[0]["total"],
        "capped": capped,
        "chromium": version,
        "runs": runs,
    }


def run(initiatives: int, runs: int, seed: int) -> dict[str, Any]:
    """Generate and store the conflict, serve it, and time its map in Chromium."""
    from flask import current_app

    from registry.services.users import find_by_email

    with stored_conflict(initiatives, seed, None) as stored:
        conflict_id = stored.plan.conflict_id
        if find_by_email(EMAIL) is None:
            coordinator(conflict_id)
        base_url, server = serve(current_app._get_current_object())
        try:
            result = measure(base_url, f"/conflicts/{conflict_id}/map?as_of={AS_OF}", runs)
        finally:
            server.shutdown()
    return {"initiatives": initiatives, **result}


def section(result: dict[str, Any]) -> str:
    """The Markdown section of the report."""
    met = result["layout_ms"] <= SETTLE_TARGET_MS
    when = datetime.now(UTC).strftime("%Y-%m-%d")
    return "\n".join(
        [
            HEADING,
            "",
            f"Measured on {when} (UTC) on {platform.system()} {platform.machine()} with "
            f"`nproc` = {os.cpu_count()}, Chromium {result['chromium']} (headless). "
            "Reproduce with `make bench-map` "
            "(`.venv/bin/python bench/map_settle.py --output docs/BENCHMARKS.md`).",
            "",
            "`bench/map_settle.py` generates the synthetic conflict of the analysis benchmark, "
            "serves the app, signs in as its coordinator in Chromium and loads the overlap map "
            f"at the synthetic evaluation date, once to warm up and then {result['runs']} times; "
            "figures are medians in milliseconds. *Layout* runs from the drawing script's start "
            'to `data-layout="done"`; *page* from the navigation\'s start to the same moment, '
            "so the server's analysis and rendering are included.",
            "",
            "| initiatives | nodes drawn | edges sent (strongest first) | layout settles "
            "| page to settled | |",
            "|---:|---:|---:|---:|---:|---|",
            f"| {result['initiatives']:,} | {result['nodes']:,} | {result['edges']:,}"
            f"{' of ' + format(result['total_edges'], ',') if result['capped'] else ''} "
            f"| {result['layout_ms']:,} "
            f"| {result['page_ms']:,} | settles within {SETTLE_TARGET_MS:,} ms: "
            f"{'**met**' if met else '**not met**'} |",
            "",
        ]
    )


def write_section(output: Path, text: str) -> None:
    """Replace the map's section of the report (or append it), keeping every other section."""
    sections.write_section(output, HEADING, text)


def main(argv: list[str] | None = None) -> None:
    """Print the timings, write the report's section with --output, a JSON line with --json."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--initiatives", type=int, default=1000, help="N (default 1000)")
    parser.add_argument("--runs", type=int, default=3, help="measured loads (default 3)")
    parser.add_argument("--seed", type=int, default=SEED, help=f"generator seed ({SEED})")
    parser.add_argument("--output", type=Path, help="Markdown report to write the section into")
    parser.add_argument("--json", action="store_true", help="end with one line of JSON")
    arguments = parser.parse_args(argv)
    if not Path(CHROMIUM).exists():
        sys.exit(f"{CHROMIUM} is missing: install it with `apt-get install chromium`.")
    result = run(arguments.initiatives, max(1, arguments.runs), arguments.seed)
    print(
        f"{result['initiatives']:,} initiatives: {result['nodes']:,} nodes, "
        f"{result['edges']:,} edges; layout settles in {result['layout_ms']:,} ms, "
        f"page to settled {result['page_ms']:,} ms (medians of {result['runs']})"
    )
    if arguments.output:
        write_section(arguments.output, section(result))
        print(f"Wrote the map's section of {arguments.output}")
    if arguments.json:
        print(json.dumps(result))


if __name__ == "__main__":
    main()
