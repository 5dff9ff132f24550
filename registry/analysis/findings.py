"""Computed findings and their stable keys.

A finding's `key` is its code, the kind of its subjects and their sorted ids, joined
by colons; ids are sorted numerically and joined by commas:

- pair rules: ``scope_overlap:initiative:3,7``
- per initiative: ``one_sided:initiative:12``
- per person: ``participant_overload:person:<person ref>``
- per issue, party, region, Track One body, funder: ``issue_gap:issue:4``,
  ``party_gap:party:2``, ``party_pair_gap:party:2,5``, ``region_gap:region:9``,
  ``channel_gap:track_one_body:3``, ``funder_concentration:organisation:8``
- per conflict (no subjects): ``ripe_moment_gap:conflict:1``, ``gender_gap:conflict:1``
- per Track One round (SPEC 8): ``agenda_uncovered:round:7``, ``agenda_undelivered:round:7``

Only subjects make up a key, so triage survives re-runs and edits of other fields.
Findings never carry a name or an alias: messages and evidence hold ids, counts and codes.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, NamedTuple

# Written once in the code registry; re-exported for modules that read them from here.
from registry.analysis.codes import FINDING_CODES as FINDING_CODES
from registry.analysis.codes import PAIR_CODES as PAIR_CODES

SEVERITIES = ("high", "medium", "low", "info")
SEVERITY_RANK = {severity: rank for rank, severity in enumerate(SEVERITIES)}
SUBJECT_FIELDS = {
    "initiative": "initiative_ids",
    "party": "party_ids",
    "issue": "issue_ids",
    "region": "region_ids",
    "track_one_body": "track_one_body_ids",
    "organisation": "organisation_ids",
    "round": "round_ids",
}


class Finding(NamedTuple):
    """One finding as SPEC section 2 computes it (no conflict id, no triage fields).

    A named tuple rather than a frozen dataclass: a run makes thousands, and a frozen
    dataclass took about a tenth of a run to build them. Build it with keywords.
    """

    code: str
    severity: str
    key: str
    message: str
    evidence: dict[str, Any]
    initiative_ids: tuple[int, ...] = ()
    party_ids: tuple[int, ...] = ()
    issue_ids: tuple[int, ...] = ()
    region_ids: tuple[int, ...] = ()
    track_one_body_ids: tuple[int, ...] = ()
    organisation_ids: tuple[int, ...] = ()
    person_refs: tuple[str, ...] = ()
    round_ids: tuple[int, ...] = ()

    def __hash__(self) -> int:  # the evidence is a dict: hash what identifies a finding
        return hash((self.code, self.key))

    def subjects(self) -> dict[str, tuple[int, ...] | tuple[str, ...]]:
        """Return the subject lists by field name."""
        names = [*SUBJECT_FIELDS.values(), "person_refs"]
        return {name: getattr(self, name) for name in names}

    def to_dict(self) -> dict[str, Any]:
        """Return the finding as JSON-ready data, subject lists as lists."""
        data: dict[str, Any] = {"code": self.code, "severity": self.severity, "key": self.key}
        data.update({name: list(ids) for name, ids in self.subjects().items()})
        data.update(message=self.message, evidence=self.evidence)
        return data


def evidence(code: str, inputs: dict[str, Any], threshold: dict[str, Any]) -> dict[str, Any]:
    """Build the evidence object: the rule, its inputs and the thresholds that fired."""
    return {"rule": code, "inputs": inputs, "threshold": threshold}


def finding(
    code: str,
    severity: str,
    subject: str,
    ids: Iterable[int],
    message: str,
    inputs: dict[str, Any],
    threshold: dict[str, Any] | None = None,
) -> Finding:
    """Build a finding about initiatives, parties, issues, regions, bodies or funders."""
    ordered = tuple(sorted(set(ids)))
    key = f"{code}:{subject}:{','.join(map(str, ordered))}"
    subjects: dict[str, Any] = {SUBJECT_FIELDS[subject]: ordered}
    proof = evidence(code, inputs, threshold or {})
    return Finding(
        code=code, severity=severity, key=key, message=message, evidence=proof, **subjects
    )


def person_finding(
    code: str,
    severity: str,
    ref: str,
    message: str,
    inputs: dict[str, Any],
    threshold: dict[str, Any],
) -> Finding:
    """Build a finding whose subject is one matched person."""
    proof = evidence(code, inputs, threshold)
    key = f"{code}:person:{ref}"
    return Finding(
        code=code, severity=severity, key=key, person_refs=(ref,), message=message, evidence=proof
    )


def conflict_finding(
    code: str,
    severity: str,
    conflict_id: int,
    message: str,
    inputs: dict[str, Any],
    threshold: dict[str, Any],
) -> Finding:
    """Build a finding about the conflict as a whole (no subject ids)."""
    proof = evidence(code, inputs, threshold)
    key = f"{code}:conflict:{conflict_id}"
    return Finding(code=code, severity=severity, key=key, message=message, evidence=proof)


def sort_key(item: Finding) -> tuple[int, str, str]:
    """Order findings by severity, then code, then key."""
    return (SEVERITY_RANK[item.severity], item.code, item.key)
