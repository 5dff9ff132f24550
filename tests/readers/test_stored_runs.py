"""A stored run read in parts: freshness and pages decode only what they use of its metrics.

At 1,000 initiatives a run's metrics are 270 KB of JSON; decoding them whole twice took
half of a coordinator's findings answer.
"""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from registry.extensions import db
from registry.models import Conflict
from registry.readers import runs
from registry.readers.run_metrics import MetricParts
from registry.services import analysis
from tests.factories import SYSTEM, OrganisationFactory, one_transaction, scope
from tests.helpers import bearer_for, counted, sign_in_as
from tests.world import load_demo, overlapping_pair

# The whole column selected, not a part cut out of it (`metrics -> ...` on PostgreSQL,
# `JSON_EXTRACT(metrics, ...)` on SQLite).
WHOLE_METRICS = re.compile(r"analysis_run\.metrics\b(?!\s*->)(?!,\s*[?%])")


@pytest.fixture
def stored(app: Flask) -> tuple[int, dict[str, object]]:
    """A conflict with one stored run: its id and the run's whole metrics."""
    world = overlapping_pair("Water")
    run = analysis.run(SYSTEM, world["conflict"].id)
    return world["conflict"].id, run.metrics


def test_the_named_parts_of_the_metrics_are_the_whole_runs_parts(stored) -> None:
    conflict_id, metrics = stored
    parts = runs.latest_metrics(conflict_id, ("summary", "left_out", "overlap_graph"))
    assert parts == {name: metrics[name] for name in ("summary", "left_out", "overlap_graph")}
    assert parts["summary"]  # a real part, not an empty one


def test_a_part_the_run_does_not_hold_is_left_out(stored) -> None:
    conflict_id, metrics = stored
    assert runs.latest_metrics(conflict_id, ("no such part", "density")) == {
        "density": metrics["density"]
    }


def test_a_conflict_without_a_run_has_neither_metrics_nor_a_stamp(app: Flask) -> None:
    with one_transaction():
        conflict_id = scope().conflict.id
    assert runs.latest_metrics(conflict_id, ("summary",)) is None
    assert runs.latest_stamp(conflict_id) is None


def test_the_stamp_is_the_latest_runs_version_and_date(stored) -> None:
    conflict_id, _ = stored
    run = runs.latest_run(conflict_id)
    assert run is not None
    assert runs.latest_stamp(conflict_id) == runs.RunStamp(run.data_version, run.as_of)
    assert runs.is_fresh(runs.latest_stamp(conflict_id), runs.data_version(conflict_id))
    with one_transaction():
        OrganisationFactory()  # not the conflict's data: still fresh
    assert runs.is_fresh(runs.latest_stamp(conflict_id), runs.data_version(conflict_id))


def test_a_coordinators_findings_map_and_coverage_never_decode_the_whole_metrics(
    app: Flask, client: FlaskClient
) -> None:
    world = overlapping_pair("Water")
    conflict_id = world["conflict"].id
    headers = bearer_for(world["coordinator"])
    api = [f"/api/v1/conflicts/{conflict_id}/{what}" for what in ("findings", "coverage")]
    api.append(f"/api/v1/conflicts/{conflict_id}/overlap-map")
    for url in api:
        assert client.get(url, headers=headers).status_code == 200  # the run gets stored
        with counted() as seen:
            assert client.get(url, headers=headers).status_code == 200
        assert any("analysis_run" in statement for statement in seen), url
        assert not [s for s in seen if WHOLE_METRICS.search(s)], url
    sign_in_as(client, world["coordinator"])
    for page in ("", "/findings", "/map", "/coverage"):
        url = f"/conflicts/{conflict_id}{page}"
        with counted() as seen:
            assert client.get(url).status_code == 200
        assert not [s for s in seen if WHOLE_METRICS.search(s)], url


def test_the_pattern_tells_the_whole_column_from_a_part() -> None:
    assert WHOLE_METRICS.search("SELECT analysis_run.metrics, analysis_run.id FROM analysis_run")
    assert not WHOLE_METRICS.search("SELECT analysis_run.metrics -> %(metrics_1)s AS summary")
    assert not WHOLE_METRICS.search("SELECT JSON_QUOTE(JSON_EXTRACT(analysis_run.metrics, ?))")


def test_a_part_a_view_did_not_ask_for_raises_rather_than_looks_absent() -> None:
    parts = MetricParts({"left_out": {"scope_overlap": 3}, "summary": {}}, ("left_out", "density"))
    assert parts == {"left_out": {"scope_overlap": 3}}  # asked for and held
    assert parts.get("density", 0.0) == 0.0  # asked for, not held: absent as in the whole
    for read in (lambda: parts["summary"], lambda: parts.get("summary"), lambda: "x" in parts):
        with pytest.raises(KeyError, match="was not asked for"):
            read()


def test_an_outline_holds_what_the_whole_finding_holds(app: Flask) -> None:
    load_demo()
    conflict_id = db.session.scalar(
        sa.select(Conflict.id).where(Conflict.slug == "baringo-turkana")
    )
    analysis.run(SYSTEM, conflict_id)
    whole = runs.stored_findings(conflict_id)
    outlines = runs.stored_outlines(conflict_id)
    assert [outline["id"] for outline in outlines] == [finding.id for finding in whole]
    listed = set()
    for outline, finding in zip(outlines, whole, strict=True):
        inputs = (finding.evidence or {}).get("inputs") or {}
        assert outline == {
            "id": finding.id,
            "code": finding.code,
            "severity": finding.severity,
            "key": finding.key,
            "status": finding.status,
            "initiative_ids": finding.initiative_ids,
            "issue_ids": finding.issue_ids,
            "round_ids": finding.round_ids or [],
            "evidence": {"inputs": {name: inputs.get(name) or [] for name in runs.EVIDENCE_LISTS}},
        }
        listed |= {name for name in runs.EVIDENCE_LISTS if inputs.get(name)}
    assert listed == set(runs.EVIDENCE_LISTS)  # the demo fills both lists somewhere
