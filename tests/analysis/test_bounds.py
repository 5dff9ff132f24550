"""Bounds of a run: the deadline abandons it, caps keep the strongest overlaps."""

from __future__ import annotations

from datetime import date

import pytest

from registry.analysis.bounds import Caps, Deadline, RunAbandoned, cap_overlaps, strength
from registry.analysis.engine import analyse
from registry.analysis.findings import Finding, evidence
from tests.analysis.synthetic import synthetic

AS_OF = date(2024, 6, 1)


def pair(code: str, severity: str, ids: tuple[int, int], held: int) -> Finding:
    facets = {name: index < held for index, name in enumerate(("a", "b", "c", "d"))}
    return Finding(
        code=code,
        severity=severity,
        key=f"{code}:initiative:{ids[0]},{ids[1]}",
        message="",
        evidence=evidence(code, {"facets": facets}, {}),
        initiative_ids=ids,
    )


def test_cap_keeps_by_severity_then_facets_then_key() -> None:
    weak = pair("scope_overlap", "medium", (1, 2), 1)
    strong = pair("scope_overlap", "medium", (3, 4), 2)
    high = pair("competing_channel", "high", (5, 6), 1)
    later_key = pair("scope_overlap", "medium", (7, 8), 2)
    kept, left_out = cap_overlaps([weak, strong, high, later_key], 2)
    assert [item.key for item in kept] == [strong.key, high.key]
    assert left_out == {weak.key, later_key.key}
    assert sorted([weak, strong, high], key=strength)[0] is high


def test_cap_never_drops_findings_that_are_not_overlaps() -> None:
    other = Finding(code="issue_gap", severity="high", key="issue_gap:issue:1", message="",
                    evidence={}, issue_ids=(1,))  # fmt: skip
    kept, left_out = cap_overlaps([other, pair("scope_overlap", "medium", (1, 2), 1)], 0)
    assert kept == (other,) and len(left_out) == 1


def test_caps_refuse_unknown_names_and_negative_counts() -> None:
    with pytest.raises(ValueError, match="unknown caps"):
        Caps.from_mapping({"overlaps": 3})
    with pytest.raises(ValueError, match="count"):
        Caps.from_mapping({"map_nodes": -1})


def test_a_run_past_its_deadline_is_abandoned() -> None:
    snapshot = synthetic(300, seed=3, issues=3)
    with pytest.raises(RunAbandoned):
        analyse(snapshot, AS_OF, deadline=Deadline(0.0))


def test_a_capped_run_counts_what_it_left_out_and_keeps_its_graph_within_the_cap() -> None:
    snapshot = synthetic(300, seed=3, issues=3)
    whole = analyse(snapshot, AS_OF)
    overlaps = sum(1 for f in whole.findings if f.evidence.get("inputs", {}).get("facets"))
    capped = analyse(snapshot, AS_OF, caps=Caps(overlap_findings=10))
    assert overlaps > 10
    assert sum(capped.metrics["left_out"].values()) == overlaps - 10 == len(capped.left_out)
    assert len(capped.metrics["overlap_graph"]["edges"]) == 10
    assert whole.metrics["left_out"] == {}
