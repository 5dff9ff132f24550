"""Properties of the analysis that hold for every snapshot."""

from __future__ import annotations

import dataclasses
import json
import random
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from registry.analysis.baseline import analyse_baseline, baseline_pair_findings
from registry.analysis.codes import PAIR_CODES
from registry.analysis.engine import analyse
from registry.analysis.findings import Finding
from registry.analysis.pairs import PairOutcome, classify, facets_of
from registry.analysis.snapshot import InitiativeFacts, Snapshot
from registry.analysis.thresholds import Thresholds
from tests.analysis.builders import AS_OF, Build
from tests.analysis.strategies import builds, snapshots
from tests.analysis.synthetic import synthetic

RUNS = settings(max_examples=150, deadline=None)


def pair_findings(snapshot: Snapshot) -> tuple[Finding, ...]:
    return tuple(f for f in analyse(snapshot, AS_OF).findings if f.code in PAIR_CODES)


@RUNS
@given(snapshots())
def test_the_fast_engine_finds_the_same_pairs_as_the_baseline(snapshot: Snapshot) -> None:
    assert pair_findings(snapshot) == baseline_pair_findings(snapshot, AS_OF)


@RUNS
@given(snapshots(), st.sampled_from((0.2, 0.34, 0.5, 0.67, 1.0)))
def test_the_engines_agree_under_other_issue_thresholds(snapshot: Snapshot, t: float) -> None:
    thresholds = Thresholds(issue_overlap=t)
    fast = analyse(snapshot, AS_OF, thresholds, codes=PAIR_CODES).findings
    assert fast == baseline_pair_findings(snapshot, AS_OF, thresholds)


@settings(max_examples=30, deadline=None)
@given(snapshots())
def test_the_baseline_engine_gives_the_same_result(snapshot: Snapshot) -> None:
    fast, baseline = analyse(snapshot, AS_OF), analyse_baseline(snapshot, AS_OF)
    assert fast.findings == baseline.findings
    # Communities come from two implementations of Louvain (tests/analysis/test_graph.py
    # compares their quality); everything else in the metrics is the same.
    ours, theirs = fast.metrics.pop("communities"), baseline.metrics.pop("communities")
    assert fast.metrics == baseline.metrics
    nodes = sorted(fast.metrics["overlap_graph"]["nodes"])
    assert sorted(n for group in ours for n in group) == nodes
    assert sorted(n for group in theirs for n in group) == nodes


@RUNS
@given(snapshots(), st.randoms(use_true_random=False))
def test_the_same_snapshot_gives_the_same_result(snapshot: Snapshot, rnd: random.Random) -> None:
    shuffled: dict[str, Any] = {}
    for field in ("initiatives", "participations", "channels", "issues", "parties", "bodies"):
        items = list(getattr(snapshot, field))
        rnd.shuffle(items)
        shuffled[field] = tuple(items)
    again = dataclasses.replace(snapshot, **shuffled)
    assert analyse(snapshot, AS_OF) == analyse(again, AS_OF) == analyse(snapshot, AS_OF)


def outcome(build: Build, a: int, b: int) -> PairOutcome:
    """Classify initiatives a and b of the build, in that order."""

    def of(iid: int) -> tuple[frozenset[int], frozenset[int]]:
        people = frozenset(p.person_key for p in build.participations if p.initiative_id == iid)
        return frozenset(c.body_id for c in build.channels if c.initiative_id == iid), people

    (bodies_a, people_a), (bodies_b, people_b) = of(a), of(b)
    one, other = build.initiatives[a], build.initiatives[b]
    facets = facets_of(one, other, (bodies_a, bodies_b), (people_a, people_b), False)
    return classify(facets, Thresholds())


@RUNS
@given(builds(), st.data())
def test_pair_scores_are_symmetric_and_within_zero_and_one(
    build: Build, data: st.DataObject
) -> None:
    if len(build.initiatives) < 2:
        return
    a, b = data.draw(st.lists(st.sampled_from(sorted(build.initiatives)), min_size=2, max_size=2))
    forth, back = outcome(build, a, b), outcome(build, b, a)
    assert (forth.holds, forth.code, forth.severity) == (back.holds, back.code, back.severity)
    first = [code for code, holds in zip(PAIR_CODES, forth.holds, strict=True) if holds][:1]
    assert [forth.code] == first or (forth.code is None and not first)
    assert forth.facets.issue_overlap == back.facets.issue_overlap
    assert forth.facets.participant_overlap == back.facets.participant_overlap
    for score in (forth.weight, forth.facets.issue_overlap, forth.facets.participant_overlap):
        assert 0 <= score <= 1


@RUNS
@given(snapshots())
def test_overlap_weights_and_density_are_within_zero_and_one(snapshot: Snapshot) -> None:
    metrics = analyse(snapshot, AS_OF).metrics
    assert 0 <= metrics["density"] <= 1
    assert all(0 < edge["weight"] <= 1 for edge in metrics["overlap_graph"]["edges"])


@RUNS
@given(snapshots())
def test_an_unrelated_initiative_changes_no_pair_finding(snapshot: Snapshot) -> None:
    stranger = InitiativeFacts(
        999, 100, frozenset(), "2", "soft", "active", None, None, False, frozenset({99}),
        frozenset(), datetime(2025, 1, 1, tzinfo=UTC),
    )  # fmt: skip
    wider = dataclasses.replace(snapshot, initiatives=(*snapshot.initiatives, stranger))
    assert pair_findings(wider) == pair_findings(snapshot)


@RUNS
@given(snapshots())
def test_findings_never_carry_an_alias(snapshot: Snapshot) -> None:
    findings = analyse(snapshot, AS_OF).findings
    text = repr(findings) + json.dumps([f.to_dict() for f in findings])
    assert "Canary" not in text


@RUNS
@given(snapshots())
def test_subject_lists_match_the_key(snapshot: Snapshot) -> None:
    for finding in analyse(snapshot, AS_OF).findings:
        ids = [i for name, values in finding.subjects().items() for i in values]
        tail = finding.key.split(":", 2)[2]
        expected = str(snapshot.conflict.id) if not ids else ",".join(map(str, ids))
        assert tail == expected


@pytest.mark.parametrize(
    ("seed", "issues", "issue_overlap"), [(1, 4, 0.5), (2, 12, 0.34), (3, 30, 0.67)]
)
def test_the_engines_agree_on_larger_synthetic_conflicts(
    seed: int, issues: int, issue_overlap: float
) -> None:
    snapshot = synthetic(200, seed=seed, issues=issues)
    thresholds = Thresholds(issue_overlap=issue_overlap)
    fast = analyse(snapshot, AS_OF, thresholds, codes=PAIR_CODES).findings
    assert fast == baseline_pair_findings(snapshot, AS_OF, thresholds)
    assert len(fast) > 100
