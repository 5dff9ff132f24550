"""The analysis benchmark runs end to end on a small conflict (a smoke test, not a timing)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent / "bench" / "analysis.py"
KEYS = {"initiatives", "load_s", "analysis_s", "baseline_s", "findings", "speedup"}


def test_bench_generates_stores_loads_and_analyses(tmp_path: Path) -> None:
    database = tmp_path / "bench.sqlite"
    completed = subprocess.run(  # noqa: S603 - our own script
        [
            sys.executable,
            str(BENCH),
            "--initiatives",
            "60",
            "--no-baseline",
            "--runs",
            "1",
            "--json",
            "--database-url",
            f"sqlite:///{database}",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    result = json.loads(completed.stdout.strip().splitlines()[-1])
    assert result.keys() >= KEYS
    assert result["initiatives"] == 60
    assert result["findings"] > 0
    assert result["baseline_s"] is None and result["speedup"] is None
    assert result["load_s"] > 0 and result["analysis_s"] > 0
    assert result["shape"]["busiest_person"] == 30  # the usual suspect, whatever N
    assert "load snapshot" in completed.stdout  # the human table comes first


def test_bench_times_a_larger_conflict_in_turns_with_baseline_and_modularity() -> None:
    arguments = ("--initiatives", "40", "--growth", "80", "--runs", "1", "--json")
    completed = subprocess.run(  # noqa: S603 - our own script
        [sys.executable, str(BENCH), *arguments],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    result = json.loads(completed.stdout.strip().splitlines()[-1])
    assert result["baseline_agrees"] is True and result["speedup"] > 0
    assert 0 <= result["modularity"]["analysis"] <= 1
    grown = result["growth"]
    assert grown["initiatives"] == 80 and grown["findings"] > result["findings"]
    # The times are printed rounded to 0.1 ms and the ratio comes from the unrounded ones,
    # so the ratio must lie within what the rounded times allow, not equal their quotient.
    half = 0.00005
    low = (grown["analysis_s"] - half) / (grown["small_analysis_s"] + half)
    high = (grown["analysis_s"] + half) / max(grown["small_analysis_s"] - half, 1e-9)
    assert round(low, 1) <= grown["ratio"] <= round(high, 1)
    assert "Growth, measured in turns" in completed.stdout
