"""Time a 200-row CSV import through the service on a fresh SQLite database (target: < 5 s).

Run `.venv/bin/python bench/imports.py [--json]`; with --json the last line of the
output is {"rows": 200, "import_s": ..., "dry_run_s": ..., "reimport_s": ...}.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import random
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from flask import Flask

ROWS = 200
ISSUES = 50
REGIONS = 10
TARGET_S = 5.0
HEADER = (
    "Title",
    "Conflict",
    "Track",
    "Mode",
    "Method",
    "Status",
    "Start date",
    "Issues",
    "Regions",
    "Funders",
    "Your reference",
)


def build_app(folder: Path) -> Flask:
    """Create a testing app on a new SQLite file, with keys of its own."""
    from registry import create_app
    from registry.keyring import new_key

    return create_app(
        {
            "ENV": "testing",
            "DATABASE_URL": f"sqlite:///{folder / 'bench.sqlite'}",
            "INSTANCE_PATH": str(folder / "instance"),
            "SECRET_KEY": new_key(),
            "DATA_KEY": new_key(),
            "MATCH_KEY": new_key(),
        }
    )


def seed(actor: Any) -> int:
    """Create a sponsor, a donor and a conflict with its issues and regions; return the sponsor."""
    from registry.services import conflicts, organisations
    from registry.services.inputs import build
    from registry.services.inputs.conflicts import ConflictInput, IssueInput, RegionInput
    from registry.services.inputs.organisations import OrganisationInput

    sponsor = organisations.create(actor, OrganisationInput(name="Bench NGO", kind="ngo"))
    organisations.create(actor, OrganisationInput(name="Bench Donor", kind="donor"))
    conflict = conflicts.create(
        actor,
        build(
            ConflictInput,
            {
                "slug": "bench-conflict",
                "name": "Bench conflict",
                "track_one_status": "formal_talks",
                "escalation_stage": "polarisation",
            },
        ),
    )
    for number in range(ISSUES):
        conflicts.create_reference(
            actor, "issue", conflict.id, build(IssueInput, {"name": f"Issue {number}"})
        )
    for number in range(REGIONS):
        conflicts.create_reference(
            actor, "region", conflict.id, build(RegionInput, {"name": f"Region {number}"})
        )
    return sponsor.id


def generate_csv(rows: int, title_suffix: str = "") -> bytes:
    """Return a valid import of `rows` rows, reproducibly varied."""
    pick = random.Random(7)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    for number in range(rows):
        issues = pick.sample(range(ISSUES), pick.randint(1, 4))
        writer.writerow(
            [
                f"Initiative {number}{title_suffix}",
                "bench-conflict",
                pick.choice(["Track 2", "1.5", "track 3"]),
                pick.choice(["Soft", "hard"]),
                pick.choice(["Dialogue", "Problem-solving workshop", "back_channel"]),
                pick.choice(["Active", "planned", "Concluded"]),
                f"2026-{pick.randint(1, 12):02d}-{pick.randint(1, 28):02d}",
                "; ".join(f"issue {n}" for n in issues),
                f"Region {pick.randrange(REGIONS)}",
                pick.choice(["", "Bench Donor"]),
                f"BENCH-{number}",
            ]
        )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def timed(call: Callable[[], dict[str, Any]]) -> tuple[float, dict[str, Any]]:
    """Run a call and return its duration in seconds with its result."""
    started = time.perf_counter()
    result = call()
    return time.perf_counter() - started, result


def run() -> dict[str, Any]:
    """Build the database, then time a dry run, the import and a re-import that updates."""
    from registry.extensions import alembic, db
    from registry.policy import SystemActor
    from registry.services import imports

    actor = SystemActor(label="system:bench")
    with tempfile.TemporaryDirectory() as folder:
        app = build_app(Path(folder))
        with app.app_context():
            alembic.upgrade()
            sponsor_id = seed(actor)
            content, changed = generate_csv(ROWS), generate_csv(ROWS, " (revised)")

            def load(data: bytes, dry_run: bool = False) -> dict[str, Any]:
                return imports.import_file(actor, data, sponsor_id=sponsor_id, dry_run=dry_run)

            dry_s, _ = timed(lambda: load(content, dry_run=True))
            import_s, first = timed(lambda: load(content))
            reimport_s, second = timed(lambda: load(changed))
            db.engine.dispose()
    assert first["created"] == ROWS and second["updated"] == ROWS, (first, second)
    return {
        "rows": ROWS,
        "import_s": round(import_s, 3),
        "dry_run_s": round(dry_s, 3),
        "reimport_s": round(reimport_s, 3),
    }


def main() -> None:
    """Print the timings, and a JSON line with --json."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="end with one line of JSON")
    arguments = parser.parse_args()
    result = run()
    verdict = "ok" if result["import_s"] < TARGET_S else f"SLOWER than {TARGET_S} s"
    print(
        f"{result['rows']} rows: import {result['import_s']} s ({verdict}), "
        f"dry run {result['dry_run_s']} s, re-import {result['reimport_s']} s"
    )
    if arguments.json:
        print(json.dumps(result))


if __name__ == "__main__":
    main()
