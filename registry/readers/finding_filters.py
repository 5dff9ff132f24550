"""Filter a reader's findings by code, severity, status, initiative, sponsor and issue.

The API and the findings page share these filters. A finding concerns
- an initiative when the initiative is one of its subjects or named by its evidence
  (`participant_overload`'s initiatives);
- a sponsor when one of those initiatives is the sponsor's;
- a round when the round is its subject (SPEC 8's agenda codes);
- an issue when the issue is its subject, one its evidence shares (an overlap's issues
  in common), or covered by one of its initiatives.
The findings are already the reader's (SPEC 3): filtering never adds any.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from ..extensions import db
from ..models import Initiative
from ..models.initiative import initiative_issue
from .conflicts import ConflictFields


@dataclass(frozen=True)
class FindingFilter:
    """What a list of findings is narrowed to; None (or empty) means any."""

    code: str | None = None
    severity: str | None = None
    statuses: tuple[str, ...] = ()
    initiative_id: int | None = None
    sponsor_id: int | None = None
    issue_id: int | None = None
    round_id: int | None = None

    @property
    def needs_initiatives(self) -> bool:
        """Whether the filter reads the initiatives' sponsors or issues."""
        return self.sponsor_id is not None or self.issue_id is not None


@dataclass(frozen=True)
class InitiativeFacts:
    """The sponsor and issues of the conflict's initiatives, by id."""

    sponsors: Mapping[int, int]
    issues: Mapping[int, frozenset[int]]


def initiative_facts(conflict: ConflictFields) -> InitiativeFacts:
    """Read every initiative's sponsor and issues in the conflict (two queries)."""
    sponsors = dict(
        db.session.execute(
            sa.select(Initiative.id, Initiative.sponsor_id).where(
                Initiative.conflict_id == conflict.id
            )
        ).all()
    )
    issues: dict[int, set[int]] = defaultdict(set)
    statement = sa.select(initiative_issue.c.initiative_id, initiative_issue.c.issue_id).where(
        initiative_issue.c.initiative_id.in_(sorted(sponsors))
    )
    for initiative_id, issue_id in db.session.execute(statement):
        issues[initiative_id].add(issue_id)
    return InitiativeFacts(sponsors, {k: frozenset(v) for k, v in issues.items()})


def initiatives_of(row: Mapping[str, Any]) -> list[int]:
    """The initiatives a finding concerns: its subjects, then those its evidence names."""
    ordered = list(row.get("initiative_ids") or ())
    inputs = (row.get("evidence") or {}).get("inputs", {})
    for iid in inputs.get("simultaneous_initiative_ids", ()):
        if iid not in ordered:
            ordered.append(iid)
    return ordered


def predicate(
    conflict: ConflictFields, wanted: FindingFilter
) -> Callable[[Mapping[str, Any]], bool]:
    """Return the test a finding (in `as_dict` shape) passes when the filter keeps it."""
    facts = initiative_facts(conflict) if wanted.needs_initiatives else None
    return lambda row: _keeps(row, wanted, facts)


def matching(
    conflict: ConflictFields, rows: Iterable[Mapping[str, Any]], wanted: FindingFilter
) -> list[Mapping[str, Any]]:
    """Keep the findings (in `as_dict` shape) that the filter asks for."""
    keeps = predicate(conflict, wanted)
    return [row for row in rows if keeps(row)]


def _keeps(row: Mapping[str, Any], wanted: FindingFilter, facts: InitiativeFacts | None) -> bool:
    """Whether one finding passes every filter."""
    if wanted.code and row["code"] != wanted.code:
        return False
    if wanted.severity and row["severity"] != wanted.severity:
        return False
    if wanted.statuses and row["status"] not in wanted.statuses:
        return False
    initiatives = initiatives_of(row)
    if wanted.initiative_id is not None and wanted.initiative_id not in initiatives:
        return False
    if wanted.round_id is not None and wanted.round_id not in (row.get("round_ids") or ()):
        return False
    if facts is None:
        return True
    if wanted.sponsor_id is not None and wanted.sponsor_id not in {
        facts.sponsors.get(i) for i in initiatives
    }:
        return False
    return wanted.issue_id is None or wanted.issue_id in _issues(row, initiatives, facts)


def _issues(row: Mapping[str, Any], initiatives: list[int], facts: InitiativeFacts) -> set[int]:
    """The issues a finding concerns."""
    inputs = (row.get("evidence") or {}).get("inputs", {})
    found = set(row.get("issue_ids") or ()) | set(inputs.get("shared_issue_ids", ()))
    for iid in initiatives:
        found |= facts.issues.get(iid, frozenset())
    return found
