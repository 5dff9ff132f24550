"""The engine: selection of codes, ordering, keys and JSON-ready output."""

from __future__ import annotations

import json

import pytest

from registry.analysis.codes import FINDING_CODES
from registry.analysis.engine import analyse
from registry.analysis.findings import SEVERITY_RANK
from registry.analysis.rules import RULES
from registry.analysis.thresholds import Thresholds
from tests.analysis.builders import AS_OF, Build


def busy() -> Build:
    """A conflict that raises findings of many codes."""
    build = Build(track_one_status="stalled").party(1, 2).issue(1, 2).region(1).body(5, party=1)
    build.initiative(1, issue_ids=(1,), region_ids=(1,)).initiative(2, issue_ids=(1,))
    build.initiative(3, funder_ids=(9,)).join(1, 10, party=1).join(1, 11, party=1)
    return build.join(2, 10, party=1).join(3, 10).channel(2, 5)


def test_every_code_has_a_rule() -> None:
    assert sorted(RULES) == sorted(FINDING_CODES)


def test_findings_are_sorted_by_severity_code_and_key() -> None:
    findings = busy().analyse().findings
    order = [(SEVERITY_RANK[f.severity], f.code, f.key) for f in findings]
    assert order == sorted(order) and len(findings) > 5


def test_codes_skip_the_other_rules() -> None:
    result = busy().analyse(codes=("issue_gap", "party_gap"))
    assert {f.code for f in result.findings} == {"issue_gap", "party_gap"}


def test_unknown_codes_are_refused() -> None:
    with pytest.raises(ValueError, match="no_such_code"):
        analyse(busy().build(), AS_OF, codes=("no_such_code",))


def test_keys_are_the_code_and_the_sorted_subject_ids() -> None:
    keys = {f.key for f in busy().analyse().findings}
    assert {
        "duplicate_initiative:initiative:1,2",
        "issue_gap:issue:2",
        "one_sided:initiative:1",
    } <= keys


def test_a_party_pair_key_lists_both_parties() -> None:
    build = Build().issue(1).party(4, 2).initiative(1)
    (finding,) = build.analyse(codes=("party_pair_gap",)).findings
    assert finding.key == "party_pair_gap:party:2,4"


def test_ids_in_keys_sort_numerically() -> None:
    build = Build().issue(1).initiative(10).initiative(9)
    (finding,) = build.analyse(codes=("scope_overlap",)).findings
    assert finding.key == "scope_overlap:initiative:9,10" and finding.initiative_ids == (9, 10)


def test_findings_and_metrics_are_json_ready() -> None:
    result = busy().analyse()
    json.dumps([f.to_dict() for f in result.findings])
    json.dumps(result.metrics)


def test_every_finding_has_a_message_and_evidence_naming_its_rule() -> None:
    for finding in busy().analyse().findings:
        assert finding.message.endswith(".") and finding.message.count(". ") == 0
        assert finding.evidence["rule"] == finding.code
        assert set(finding.evidence) == {"rule", "inputs", "threshold"}


def test_thresholds_as_dict_gives_the_defaults() -> None:
    defaults = Thresholds().as_dict()
    assert defaults["issue_overlap"] == 0.5 and defaults["stale_days"] == 365
    assert defaults["funder_share"] == 0.6 and defaults["gender_min_people"] == 10


def test_thresholds_refuse_an_issue_overlap_of_zero() -> None:
    with pytest.raises(ValueError, match="issue_overlap"):
        Thresholds(issue_overlap=0)
