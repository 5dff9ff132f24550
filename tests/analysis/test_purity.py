"""The analysis package is pure (no Flask, no SQLAlchemy) and deterministic."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]

# `registry/__init__.py` imports Flask for the app factory, so the parent package is
# replaced by a bare namespace: what is loaded then is what the analysis itself imports.
SCRIPT = """
import importlib, json, pkgutil, sys, types
parent = types.ModuleType("registry")
parent.__path__ = [sys.argv[1] + "/registry"]
sys.modules["registry"] = parent
import registry.analysis as analysis
names = [m.name for m in pkgutil.walk_packages(analysis.__path__, "registry.analysis.")]
for name in names:
    importlib.import_module(name)
print(json.dumps({
    "modules": names,
    "forbidden": sorted(m for m in sys.modules if m.split(".")[0] in ("flask", "sqlalchemy")),
    "outside": sorted(
        m for m in sys.modules
        if m.startswith("registry.") and not m.startswith("registry.analysis")
    ),
}))
"""


def imported() -> Any:
    """Import every module of the package in a fresh interpreter and report what loaded."""
    done = subprocess.run(  # noqa: S603 (a fixed script run by this interpreter)
        [sys.executable, "-c", SCRIPT, str(ROOT)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return json.loads(done.stdout)


def test_analysis_imports_neither_flask_nor_sqlalchemy_nor_other_registry_modules() -> None:
    report = imported()
    assert "registry.analysis.engine" in report["modules"]
    assert "registry.analysis.rules.pair" in report["modules"]
    assert report["forbidden"] == []
    assert report["outside"] == []


RUN = """
import json, sys
from datetime import date
from registry.analysis.engine import analyse
from tests.analysis.synthetic import synthetic
result = analyse(synthetic(150, seed=7), date(2025, 6, 1))
print(json.dumps([[f.to_dict() for f in result.findings], result.metrics], sort_keys=True))
"""


def run_with_hash_seed(seed: str) -> str:
    """Analyse a synthetic conflict in a fresh interpreter with the given hash seed."""
    env = {**os.environ, "PYTHONHASHSEED": seed}
    done = subprocess.run(  # noqa: S603 (a fixed script run by this interpreter)
        [sys.executable, "-c", RUN], capture_output=True, text=True, check=True, cwd=ROOT, env=env
    )
    return done.stdout


def test_the_result_does_not_depend_on_the_process_hash_seed() -> None:
    assert run_with_hash_seed("1") == run_with_hash_seed("2")
