"""Run the benchmarks and write their figures to docs/BENCHMARKS.md (`make bench`).

Runs `bench/analysis.py` at 1,000 initiatives (with the all-pairs baseline) and at
10,000 (without it: comparing every pair takes minutes there), then `bench/imports.py`,
each in a fresh interpreter, reads the JSON line each prints last, and writes a
Markdown report with the figures in whole milliseconds, the targets of the analysis
and whether they are met, and what machine ran them.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SPEEDUP_TARGET = 10  # the analysis is at least this many times faster than the baseline
GROWTH_TARGET = 15  # 10x the initiatives take at most this many times as long


def run_json(script: str, *arguments: str) -> dict[str, Any]:
    """Run a bench script in a fresh interpreter, showing its output; return its JSON line."""
    command = [sys.executable, str(HERE / script), *arguments, "--json"]
    print("$", " ".join(command[1:]), flush=True)
    completed = subprocess.run(  # noqa: S603 - our own scripts, with our own arguments
        command, cwd=ROOT, capture_output=True, text=True, check=False
    )
    if completed.returncode != 0:
        sys.stderr.write(completed.stderr)
        raise SystemExit(f"{script} failed with exit code {completed.returncode}")
    lines = completed.stdout.strip().splitlines()
    print("\n".join(lines[:-1]), flush=True)
    return json.loads(lines[-1])


def ms(seconds: float | None) -> str:
    """Whole milliseconds with thousands separators, or a dash."""
    return "–" if seconds is None else f"{round(seconds * 1000):,}"


def ratio(numerator: float, denominator: float) -> str:
    return f"{numerator / denominator:.1f}×"


def verdict(met: bool) -> str:
    return "**met**" if met else "**not met**"


def targets(small: dict[str, Any], large: dict[str, Any]) -> list[str]:
    """The three targets of the analysis, judged on wall-clock medians."""
    n, big = f"{small['initiatives']:,}", f"{large['initiatives']:,}"
    rows = [
        "| target | measured | |",
        "|---|---|---|",
    ]
    if small["baseline_s"] is not None:
        speedup = small["baseline_s"] / small["analysis_s"]
        rows.append(
            f"| at {n}, the analysis is at least {SPEEDUP_TARGET}× faster than the baseline "
            f"| {speedup:.1f}× ({ms(small['baseline_s'])} ms / {ms(small['analysis_s'])} ms) "
            f"| {verdict(speedup >= SPEEDUP_TARGET)} |"
        )
    rows.append(
        f"| at {n}, the analysis is no slower than loading its snapshot "
        f"| analysis / load = {small['analysis_s'] / small['load_s']:.2f} "
        f"({ms(small['analysis_s'])} ms / {ms(small['load_s'])} ms) "
        f"| {verdict(small['analysis_s'] <= small['load_s'])} |"
    )
    # Judged on the two sizes timed in turns in one process (`--growth`), which a change
    # in the machine's speed between the two separate runs cannot skew.
    turns = small.get("growth") or {
        "analysis_s": large["analysis_s"],
        "small_analysis_s": small["analysis_s"],
    }
    growth = turns["analysis_s"] / turns["small_analysis_s"]
    rows.append(
        f"| at {big}, the analysis takes at most {GROWTH_TARGET}× as long as at {n} "
        f"| {growth:.1f}× ({ms(turns['analysis_s'])} ms / {ms(turns['small_analysis_s'])} ms, "
        f"timed in turns; findings {small['findings']:,} → {large['findings']:,}) "
        f"| {verdict(growth <= GROWTH_TARGET)} |"
    )
    return rows


def modularity_lines(results: list[dict[str, Any]]) -> list[str]:
    """How good the engine's communities are beside networkx's (where the baseline ran)."""
    lines = []
    for r in results:
        quality = r.get("modularity", {})
        if quality.get("baseline") is not None:
            lines += [
                f"The engine's own Louvain gives communities of modularity {quality['analysis']}"
                f" at {r['initiatives']:,} initiatives; networkx's, in the baseline, "
                f"{quality['baseline']}.",
                "",
            ]
    return lines


def shape_table(results: list[dict[str, Any]]) -> list[str]:
    """The generated conflicts side by side, to check that their shape holds as N grows."""
    labels = (
        ("sponsors", "sponsoring NGOs"),
        ("donors", "donors"),
        ("parties", "parties"),
        ("issues", "issues"),
        ("regions", "regions"),
        ("bodies", "Track One bodies"),
        ("live", "live initiatives"),
        ("span_years", "years spanned by the dates"),
        ("participations", "participations"),
        ("person_records", "person records"),
        ("people", "matched people"),
        ("busiest_person", "initiatives of the busiest person"),
        ("people_in_10_plus", "people in 10 initiatives or more"),
        ("people_in_1_or_2", "share of people in 1 or 2 initiatives"),
        ("pair_findings", "pair findings"),
        ("overlaps_per_live", "overlaps per live initiative (pair findings it is in)"),
        ("concurrent_per_live", "live initiatives concurrent with a live one (all compared)"),
    )
    header = " | ".join(f"{r['initiatives']:,} initiatives" for r in results)
    rows = [f"| | {header} |", "|---" * (len(results) + 1) + "|"]
    for key, label in labels:
        values = []
        for result in results:
            value = result["shape"][key]
            if key == "people_in_1_or_2":
                values.append(f"{value:.0%}")
            elif isinstance(value, float):
                values.append(f"{value:,.1f}")
            else:
                values.append(f"{value:,}")
        rows.append(f"| {label} | {' | '.join(values)} |")
    return rows


def render(
    results: list[dict[str, Any]],
    imports: dict[str, Any] | None,
    command: str,
    load_average: float,
) -> str:
    """The Markdown report."""
    small, large = results[0], results[-1]
    cores = len(os.sched_getaffinity(0))
    lines = [
        "# Benchmarks",
        "",
        f"Measured on {datetime.now(UTC):%Y-%m-%d} (UTC) on {platform.system()} "
        f"{platform.machine()} with `nproc` = {cores}, "
        f"Python {platform.python_version()} and SQLite {sqlite3.sqlite_version}; "
        f"load average {load_average:.2f} when it started. Reproduce with `{command}` "
        "(this file is written by `bench/report.py`).",
        "",
        *(
            [
                "Other processes were running (the load average exceeded half the cores), which",
                "inflates wall-clock times: compare the CPU times in brackets.",
                "",
            ]
            if load_average > cores / 2
            else []
        ),
        "Figures are in milliseconds. Those of the analysis are medians of 3 runs after",
        "one unmeasured warm-up run; the analysis and the baseline take turns, so that a",
        "drift in the machine's speed falls on both alike. Each is the wall-clock time and,",
        "in brackets, the CPU time of the process, which other processes on the machine do",
        "not inflate; the targets are judged on wall-clock time.",
        "",
        "## Network analysis",
        "",
        "`bench/analysis.py --initiatives N` generates a synthetic conflict, writes it",
        "straight into the tables of a fresh SQLite database, then times loading the",
        "coordinators' snapshot (`readers.snapshots.build`), the analysis",
        "(`analysis.engine.analyse`, metrics included) and the all-pairs baseline",
        "(`analysis.baseline.analyse_baseline`: every pair of live initiatives compared,",
        "networkx's bipartite projection for shared people, and networkx's graph,",
        "components and Louvain for the overlap graph's structure, as the engine first had",
        "them) on the same snapshot. Both share the other rules, reach, brokers and",
        "coverage, and must give the same findings.",
        "",
        "| initiatives | findings | load snapshot | analysis | baseline | baseline / analysis |",
        "|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        cpu = r["cpu_s"]
        baseline = (
            f"{ms(r['baseline_s'])} ({ms(cpu['baseline'])})"
            if r["baseline_s"] is not None
            else "not run"
        )
        speedup = ratio(r["baseline_s"], r["analysis_s"]) if r["baseline_s"] else "–"
        if r["baseline_s"] is not None:
            speedup += " (same findings)" if r["baseline_agrees"] else " (FINDINGS DIFFER)"
        lines.append(
            f"| {r['initiatives']:,} | {r['findings']:,} "
            f"| {ms(r['load_s'])} ({ms(cpu['load'])}) "
            f"| {ms(r['analysis_s'])} ({ms(cpu['analysis'])}) | {baseline} | {speedup} |"
        )
    lines += [
        "",
        f"At {small['initiatives']:,} initiatives the analysis takes "
        f"{ratio(small['analysis_s'], small['load_s'])} the time of loading its snapshot; "
        f"at {large['initiatives']:,} it takes {ratio(large['analysis_s'], small['analysis_s'])} "
        f"as long as at {small['initiatives']:,} in the two separate runs above (CPU: "
        f"{ratio(large['cpu_s']['analysis'], small['cpu_s']['analysis'])}), and loading "
        f"{ratio(large['load_s'], small['load_s'])}. Timed in turns in one process "
        "(`bench/analysis.py --growth`), which the machine's changes of speed between "
        "runs do not skew, the two sizes' analyses are the target's figures below.",
        "",
        *modularity_lines(results),
        "### Targets",
        "",
        *targets(small, large),
        "",
        "### The synthetic conflicts",
        "",
        "A few usual suspects take part in many initiatives (the busiest in 30 whatever N)",
        "and most people in one or two; organisations and issues grow like N, regions and",
        "Track One bodies like its square root; dates spread over about ten years around",
        "the evaluation date, so an initiative overlaps (has a pair finding) with a",
        "bounded number of others. The generator's seed is fixed.",
        "",
        *shape_table(results),
        "",
        "Where the time goes: `bench/analysis.py --initiatives N --profile analysis` (or",
        "`load`, `baseline`) runs that step once more under cProfile and prints its top",
        "functions.",
    ]
    if imports is not None:
        lines += [
            "",
            "## CSV import",
            "",
            f"`bench/imports.py`: {imports['rows']} rows through the import service on a fresh "
            "SQLite database, one run each (target: the import in less than 5 s).",
            "",
            "| rows | dry run | import | re-import (updates) | target |",
            "|---:|---:|---:|---:|---|",
            f"| {imports['rows']} | {ms(imports['dry_run_s'])} | {ms(imports['import_s'])} "
            f"| {ms(imports['reimport_s'])} | {verdict(imports['import_s'] < 5)} |",
        ]
    return "\n".join(lines) + "\n"


# Sections other scripts write into the same file (`bench/map_settle.py`, `bench/load.py`):
# kept as they are.
KEPT_HEADINGS = ("## Overlap map in the browser", "## Load under gunicorn")


def kept_sections(output: Path) -> str:
    """The sections of the existing report that other scripts write, to carry over."""
    if not output.exists():
        return ""
    text = output.read_text(encoding="utf-8")
    kept = []
    for heading in KEPT_HEADINGS:
        start = text.find(heading)
        if start >= 0:
            end = text.find("\n## ", start + len(heading))
            kept.append(text[start : end + 1 if end >= 0 else len(text)].rstrip("\n"))
    return "".join(f"\n{section}\n" for section in kept)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "BENCHMARKS.md")
    parser.add_argument("--small", type=int, default=1000, help="initiatives, with baseline")
    parser.add_argument("--large", type=int, default=10000, help="initiatives")
    parser.add_argument(
        "--large-baseline", action="store_true", help="also run the baseline at --large"
    )
    parser.add_argument("--no-imports", action="store_true", help="skip bench/imports.py")
    arguments = parser.parse_args()
    load_average = os.getloadavg()[0]
    small = run_json(
        "analysis.py", "--initiatives", str(arguments.small), "--growth", str(arguments.large)
    )
    large_arguments = ["--initiatives", str(arguments.large)]
    if not arguments.large_baseline:
        large_arguments.append("--no-baseline")
    large = run_json("analysis.py", *large_arguments)
    imports = None if arguments.no_imports else run_json("imports.py")
    command = "make bench"
    report = render([small, large], imports, command, load_average)
    arguments.output.parent.mkdir(parents=True, exist_ok=True)
    arguments.output.write_text(report + kept_sections(arguments.output), encoding="utf-8")
    print(f"Wrote {arguments.output}")


if __name__ == "__main__":
    main()
