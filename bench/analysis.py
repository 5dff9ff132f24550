"""Time the network analysis of a synthetic conflict against loading it and against a baseline.

Run `.venv/bin/python bench/analysis.py --initiatives N [--json] [--no-baseline]`. It
generates a conflict of N initiatives, stores it in a database (a temporary SQLite
file unless --database-url is given), then measures separately, as the median of
--runs runs (3) after one unmeasured warm-up run, the analysis and the baseline
taking turns:

- `load_s`: `registry.readers.snapshots.build(conflict)`, the coordinators' snapshot;
- `analysis_s`: `registry.analysis.engine.analyse(snapshot, as_of)`, metrics included;
- `baseline_s`: `registry.analysis.baseline.analyse_baseline` on the same snapshot, which
  compares every pair of live initiatives and counts shared people with networkx's
  bipartite projection, and takes the overlap graph's structure from networkx (skipped
  with --no-baseline);

and counts the findings of the analysis. With --json the last line of the output is
{"initiatives", "load_s", "analysis_s", "baseline_s", "findings", "speedup", ...}.

The shape is printed with the timings; --profile STEP also runs one step under
cProfile and prints where its time goes; --growth M also generates a conflict of M
initiatives and times the two analyses in turns (key "growth").

The conflicts come from `synthetic_world` (their shape: how it grows with N),
`synthetic_rows` (their rows) and `synthetic_store` (written straight into the tables).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from synthetic_store import stored_conflict
from synthetic_world import AS_OF, SEED, Shape

RUNS = 3


# -- Measurement -----------------------------------------------------------------------------


@dataclass
class Timing:
    """Median wall-clock and CPU seconds of a call over several runs, and its last result."""

    wall: float
    cpu: float
    result: Any


def interleaved(calls: dict[str, Callable[[], Any]], runs: int) -> dict[str, Timing]:
    """Time each call `runs` times, taking turns, after one unmeasured warm-up round.

    The warm-up pays one-time costs (caches, the allocator's first arenas) outside the
    figures. Taking turns spreads any drift of the machine's speed over the calls
    alike, so that the ratio of their medians holds even when the machine is shared.
    The CPU time tells how much other processes slowed the wall clock.
    """
    for call in calls.values():
        call()
    walls: dict[str, list[float]] = {name: [] for name in calls}
    cpus: dict[str, list[float]] = {name: [] for name in calls}
    results: dict[str, Any] = {}
    for _ in range(runs):
        for name, call in calls.items():
            gc.collect()  # so that a run does not pay for the garbage of the previous one
            wall, cpu = time.perf_counter(), time.process_time()
            results[name] = call()
            cpus[name].append(time.process_time() - cpu)
            walls[name].append(time.perf_counter() - wall)
    return {
        name: Timing(statistics.median(walls[name]), statistics.median(cpus[name]), results[name])
        for name in calls
    }


def modularity(metrics: dict[str, Any]) -> float:
    """The modularity of a run's communities on its overlap graph, by networkx."""
    import networkx as nx

    graph = nx.Graph()
    graph.add_nodes_from(metrics["overlap_graph"]["nodes"])
    edges = metrics["overlap_graph"]["edges"]
    graph.add_weighted_edges_from((e["source"], e["target"], e["weight"]) for e in edges)
    if not graph.number_of_edges():
        return 0.0
    return round(nx.community.modularity(graph, metrics["communities"]), 3)


def shape_of(snapshot: Any, result: Any, shape: Shape, records: int) -> dict[str, Any]:
    """What the realism claims are checked against, measured on the loaded snapshot."""
    from registry.analysis import terms
    from registry.analysis.codes import PAIR_CODES

    per_person = Counter(
        key for _, key in {(p.initiative_id, p.person_key) for p in snapshot.participations}
    )
    people = len(per_person)
    live = result.metrics["summary"]["live_initiatives"]
    pair_findings = sum(1 for f in result.findings if f.code in PAIR_CODES)
    starts = [i.start_date for i in snapshot.initiatives if i.start_date]
    ends = [i.end_date for i in snapshot.initiatives if i.end_date]
    live_windows = sorted(terms.window(i) for i in snapshot.initiatives if terms.is_live(i, AS_OF))
    return {
        "sponsors": shape.sponsors,
        "donors": shape.donors,
        "parties": len(snapshot.parties),
        "issues": len(snapshot.issues),
        "regions": len(snapshot.regions),
        "bodies": len(snapshot.bodies),
        "live": live,
        "participations": len(snapshot.participations),
        "person_records": records,
        "people": people,
        "busiest_person": max(per_person.values(), default=0),
        "people_in_10_plus": sum(1 for n in per_person.values() if n >= 10),
        "people_in_1_or_2": round(sum(1 for n in per_person.values() if n <= 2) / people, 3)
        if people
        else 0.0,
        "span_years": round((max(ends) - min(starts)).days / 365.25, 1) if starts and ends else 0,
        "pair_findings": pair_findings,
        "overlaps_per_live": round(2 * pair_findings / live, 2) if live else 0.0,
        "concurrent_per_live": round(concurrent_per(live_windows), 1),
    }


def concurrent_per(windows: list[tuple[int, int]]) -> float:
    """Mean number of other live initiatives whose windows meet each one's (a sweep)."""
    import bisect

    if not windows:
        return 0.0
    ends = sorted(end for _, end in windows)
    starts = [start for start, _ in windows]  # sorted: windows are sorted by start
    total = 0
    for start, end in windows:
        # Others that start on or before my end, minus those that end before my start.
        total += bisect.bisect_right(starts, end) - bisect.bisect_left(ends, start) - 1
    return total / len(windows)


def profiled(call: Callable[[], Any], limit: int = 30) -> str:
    """Run a call once under cProfile; return its top functions by own and cumulative time."""
    import cProfile
    import io
    import pstats

    profile = cProfile.Profile()
    gc.collect()
    profile.runcall(call)
    out = io.StringIO()
    stats = pstats.Stats(profile, stream=out).strip_dirs()
    stats.sort_stats("tottime").print_stats(limit)
    stats.sort_stats("cumulative").print_stats(limit)
    return out.getvalue()


def growth(small: Any, initiatives: int, seed: int, runs: int) -> dict[str, Any]:
    """Time the analysis of `small` and of a conflict of `initiatives`, taking turns.

    Both in one process and in turns, so that the ratio of the two does not depend on
    how fast the machine happened to be when each was measured.
    """
    from registry.analysis.engine import analyse

    with stored_conflict(initiatives, seed, None) as conflict:
        large = conflict.load()
    timed = interleaved(
        {"small": lambda: analyse(small, AS_OF), "large": lambda: analyse(large, AS_OF)}, runs
    )
    return {
        "initiatives": initiatives,
        "analysis_s": round(timed["large"].wall, 4),
        "small_analysis_s": round(timed["small"].wall, 4),
        "findings": len(timed["large"].result.findings),
        "ratio": round(timed["large"].wall / timed["small"].wall, 1),
    }


def run(
    initiatives: int,
    seed: int = SEED,
    database_url: str | None = None,
    baseline: bool = True,
    runs: int = RUNS,
    profile: str | None = None,
    grow_to: int | None = None,
) -> dict[str, Any]:
    """Generate, store, then time loading, the analysis and the baseline."""
    from registry.analysis.baseline import analyse_baseline
    from registry.analysis.engine import analyse

    with stored_conflict(initiatives, seed, database_url) as conflict:
        plan, counts, load = conflict.plan, conflict.counts, conflict.load
        generate_s, store_s = conflict.generate_s, conflict.store_s
        loaded = interleaved({"load": load}, runs)["load"]
        snapshot = loaded.result
        calls = {
            "load": load,
            "analysis": lambda: analyse(snapshot, AS_OF),
            "baseline": lambda: analyse_baseline(snapshot, AS_OF),
        }
        steps = ["analysis", "baseline"] if baseline else ["analysis"]
        timed = interleaved({name: calls[name] for name in steps}, runs)
        analysed, compared = timed["analysis"], timed.get("baseline")
        result = analysed.result
        shape = shape_of(snapshot, result, plan.shape, counts["person"])
        report = profiled(calls[profile]) if profile else None
    return {
        "initiatives": initiatives,
        "load_s": round(loaded.wall, 4),
        "analysis_s": round(analysed.wall, 4),
        "baseline_s": round(compared.wall, 4) if compared else None,
        "findings": len(result.findings),
        "speedup": round(compared.wall / analysed.wall, 1) if compared else None,
        "baseline_agrees": compared.result.findings == result.findings if compared else None,
        "modularity": {
            "analysis": modularity(result.metrics),
            "baseline": modularity(compared.result.metrics) if compared else None,
        },
        "cpu_s": {
            "load": round(loaded.cpu, 4),
            "analysis": round(analysed.cpu, 4),
            "baseline": round(compared.cpu, 4) if compared else None,
        },
        "load_average": round(os.getloadavg()[0], 2),
        "generate_s": round(generate_s, 2),
        "store_s": round(store_s, 2),
        "rows": sum(counts.values()),
        "shape": shape,
        **({"growth": growth(snapshot, grow_to, seed, runs)} if grow_to else {}),
        **({"profile": report} if report else {}),
    }


def milliseconds(seconds: float | None) -> str:
    return "-" if seconds is None else f"{seconds * 1000:,.0f} ms"


def describe(result: dict[str, Any]) -> str:
    """A human table of the timings and of the generated shape."""
    shape, cpu = result["shape"], result["cpu_s"]
    baseline = (
        f"{result['speedup']}x the analysis; same findings: "
        + ("yes" if result["baseline_agrees"] else "NO")
        if result["baseline_s"] is not None
        else "skipped (--no-baseline)"
    )
    rows = (
        ("load snapshot", result["load_s"], cpu["load"], ""),
        (
            "analysis (+ metrics)",
            result["analysis_s"],
            cpu["analysis"],
            f"{result['findings']:,} findings",
        ),
        ("baseline (all pairs)", result["baseline_s"], cpu["baseline"], baseline),
    )
    quality = result["modularity"]
    communities = f"  Communities' modularity: {quality['analysis']} (analysis)" + (
        f", {quality['baseline']} (baseline, networkx's Louvain)"
        if quality["baseline"] is not None
        else ""
    )
    lines = [
        f"Synthetic conflict of {result['initiatives']:,} initiatives: {result['rows']:,} rows "
        f"generated in {result['generate_s']} s and stored in {result['store_s']} s; "
        f"load average {result['load_average']}",
        "",
        f"  {'median of runs':<22}{'wall':>10}{'CPU':>10}",
        *(
            f"  {name:<22}{milliseconds(wall):>10}{milliseconds(used):>10}   {note}".rstrip()
            for name, wall, used, note in rows
        ),
        communities,
        "",
        "  Shape: "
        f"{shape['sponsors']} sponsors, {shape['donors']} donors, {shape['parties']} parties, "
        f"{shape['issues']} issues, {shape['regions']} regions, {shape['bodies']} bodies",
        f"    {shape['live']:,} live initiatives over {shape['span_years']} years; "
        f"{shape['concurrent_per_live']} concurrent live initiatives per live one",
        f"    {shape['participations']:,} participations of {shape['people']:,} matched people "
        f"({shape['person_records']:,} person records)",
        f"    busiest person in {shape['busiest_person']} initiatives; "
        f"{shape['people_in_1_or_2']:.0%} of people in one or two, "
        f"{shape['people_in_10_plus']} in ten or more",
        f"    {shape['pair_findings']:,} pair findings: {shape['overlaps_per_live']} overlaps "
        "per live initiative",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    """Print the timings and the shape, and a JSON line with --json."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--initiatives", type=int, default=1000, help="N (default 1000)")
    parser.add_argument("--json", action="store_true", help="end with one line of JSON")
    parser.add_argument("--no-baseline", action="store_true", help="skip the all-pairs baseline")
    parser.add_argument("--seed", type=int, default=SEED, help=f"generator seed ({SEED})")
    parser.add_argument("--runs", type=int, default=RUNS, help=f"runs per median ({RUNS})")
    parser.add_argument("--database-url", help="default: a new temporary SQLite file")
    parser.add_argument(
        "--profile",
        choices=("load", "analysis", "baseline"),
        help="also run that step once under cProfile and print where its time goes",
    )
    parser.add_argument(
        "--growth",
        type=int,
        metavar="M",
        help="also time the analysis of a conflict of M initiatives, in turns with N's",
    )
    arguments = parser.parse_args(argv)
    if arguments.initiatives < 2 or arguments.runs < 1:
        parser.error("--initiatives must be at least 2 and --runs at least 1")
    result = run(
        arguments.initiatives,
        seed=arguments.seed,
        database_url=arguments.database_url,
        baseline=not arguments.no_baseline,
        runs=arguments.runs,
        profile=arguments.profile,
        grow_to=arguments.growth,
    )
    print(describe(result))
    if "growth" in result:
        grown = result["growth"]
        print(
            f"  Growth, measured in turns: {grown['initiatives']:,} initiatives take "
            f"{milliseconds(grown['analysis_s'])}, {grown['ratio']}x the "
            f"{milliseconds(grown['small_analysis_s'])} of {result['initiatives']:,}"
        )
    if "profile" in result:
        print(result.pop("profile"))
    if arguments.json:
        print(json.dumps(result))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
