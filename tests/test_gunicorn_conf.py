"""gunicorn's configuration: threaded workers, timeouts above the analysis budgets."""

from __future__ import annotations

import runpy
from pathlib import Path

import pytest

CONF = Path(__file__).resolve().parent.parent / "gunicorn.conf.py"


def test_timeouts_exceed_the_analysis_budgets(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REGISTRY_ANALYSIS_RUN_BUDGET", "120")
    conf = runpy.run_path(str(CONF))
    assert conf["worker_class"] == "gthread"
    assert conf["timeout"] > 120
    assert conf["graceful_timeout"] >= conf["timeout"]
    assert conf["workers"] >= 1 and conf["threads"] >= 2
    assert conf["worker_connections"] > 10 * conf["threads"]  # bursts queue in the worker


def test_defaults_bind_to_loopback_and_log_the_request_id(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("GUNICORN_BIND", "REGISTRY_ANALYSIS_RUN_BUDGET", "GUNICORN_TIMEOUT"):
        monkeypatch.delenv(name, raising=False)
    conf = runpy.run_path(str(CONF))
    assert conf["bind"] == "127.0.0.1:8000"
    assert conf["timeout"] == 90
    assert "x-request-id" in conf["access_log_format"]
    assert conf["preload_app"] is False
