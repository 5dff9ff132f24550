"""Stored runs under their bounds (SPEC 4.2): caps keep triage, the run budget abandons runs."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from flask import Flask

from registry.analysis.bounds import Caps
from registry.errors import Unavailable
from registry.extensions import db
from registry.models import AnalysisRun, Finding
from registry.readers import runs
from registry.services import analysis
from registry.services.inputs import build
from registry.services.inputs.analysis import TriageChanges
from tests.factories import (
    SYSTEM,
    OrganisationFactory,
    initiative_on,
    one_transaction,
    scope,
)


@pytest.fixture
def four(app: Flask) -> int:
    """A conflict of four concurrent initiatives on one issue: six scope overlaps."""
    with one_transaction():
        where, ngo = scope(), OrganisationFactory()
        for _ in range(4):
            initiative_on(where, ngo.id)
    return where.conflict.id


def stored(conflict_id: int) -> dict[str, Finding]:
    return {f.key: f for f in runs.stored_findings(conflict_id) if f.code == "scope_overlap"}


def test_a_key_left_out_by_a_cap_keeps_its_status_and_last_seen_at(app, four) -> None:
    analysis.run(SYSTEM, four)
    before = stored(four)
    assert len(before) == 6
    weakest = max(before)  # same severity and facets: the largest key goes first
    analysis.triage(SYSTEM, before[weakest].id, build(TriageChanges, {"status": "acknowledged"}))
    seen = before[weakest].last_seen_at
    app.config["ANALYSIS_CAPS"] = Caps(overlap_findings=5)
    run = analysis.run(SYSTEM, four)
    after = stored(four)
    db.session.refresh(after[weakest])
    assert after[weakest].status == "acknowledged"
    assert after[weakest].last_seen_at == seen
    assert run.metrics["left_out"] == {"scope_overlap": 1}
    assert all(f.status == "open" for key, f in after.items() if key != weakest)


def test_a_cap_of_zero_leaves_every_overlap_open_rather_than_resolved(app, four) -> None:
    analysis.run(SYSTEM, four)
    app.config["ANALYSIS_CAPS"] = Caps(overlap_findings=0)
    analysis.run(SYSTEM, four)
    assert {f.status for f in stored(four).values()} == {"open"}


def test_a_run_past_its_budget_is_abandoned_and_not_stored(app, four) -> None:
    app.config["ANALYSIS_RUN_BUDGET"] = 0.0
    with pytest.raises(Unavailable) as refused:
        analysis.run(SYSTEM, four)
    assert refused.value.retry_after >= 1
    assert analysis.refresh(four) is None
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AnalysisRun)) == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Finding)) == 0


def test_a_refresh_of_fresh_findings_stores_no_second_run(app, four) -> None:
    first = analysis.refresh(four)
    assert first is not None and analysis.refresh(four).id == first.id
