"""The load benchmark runs end to end at a tiny size and writes its section (a smoke test)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench" / "load.py"
SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
TINY = (
    *("--initiatives", "30", "--connections", "4", "--seconds", "2"),
    *("--flood", "8", "--flood-seconds", "20"),
)


def bench_database(tmp_path: Path) -> str:
    """A database of the test's own: on the PostgreSQL the suite uses, else a SQLite file."""
    given = os.environ.get("REGISTRY_TEST_DATABASE_URL", "")
    server = sa.make_url(given) if given.startswith("postgres") else sa.make_url(SERVER)
    server = server.set(drivername="postgresql+psycopg")
    try:
        engine = sa.create_engine(server.set(database="postgres"))
        with engine.connect():
            pass
        engine.dispose()
    except sa.exc.OperationalError:
        return f"sqlite:///{tmp_path / 'bench.sqlite'}"
    return server.set(database=f"registry_bench_smoke_{os.getpid()}").render_as_string(False)


@pytest.mark.skipif(shutil.which("redis-server") is None, reason="redis-server is not installed")
@pytest.mark.skipif(
    shutil.which("wrk") is None and not os.environ.get("CI"),
    reason="wrk is not installed (`apt-get install wrk`; CI installs it)",
)
def test_the_load_bench_serves_floods_and_reports_without_error(tmp_path: Path) -> None:
    output = tmp_path / "BENCHMARKS.md"
    output.write_text("# Benchmarks\n\n## Network analysis\n\nkept\n", encoding="utf-8")
    arguments = ("--database-url", bench_database(tmp_path), "--output", str(output))
    completed = subprocess.run(  # noqa: S603 - our own script
        [sys.executable, str(BENCH), *TINY, *arguments, "--json"],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=420,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout[-3000:] + completed.stderr[-3000:]
    result = json.loads(completed.stdout.strip().splitlines()[-1])
    names = [scenario["name"] for scenario in result["scenarios"]]
    assert names[0] == "health probe" and "API: list of initiatives" in names
    assert all(s["requests"] > 0 and s["errors"] == 0 for s in result["scenarios"]), names
    assert result["flood"]["requests"] == 8 and result["flood"]["statuses"] == {"201": 8}
    assert all(page["status"] == 200 for pages in result["pages"] for page in pages)
    assert result["logged_errors"] == 0
    text = output.read_text(encoding="utf-8")
    assert "## Network analysis\n\nkept" in text and "## Load under gunicorn" in text
    assert "| health probe | `/healthz` |" in text
    assert "The floor of every signed-in answer, `/api/v1/users/me`" in text


def test_the_analysis_report_carries_the_load_section_over(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "bench"))
    import report

    output = tmp_path / "BENCHMARKS.md"
    load = "## Load under gunicorn\n\n| health probe | `/healthz` | 10 |\n"
    output.write_text("# Old\n\n## Network analysis\n\nold\n\n" + load, encoding="utf-8")
    kept = report.kept_sections(output)
    assert kept.strip() == load.strip()
