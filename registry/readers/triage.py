"""What the triage page reads beside the findings: a summary, groups, each finding's history.

The findings are already the reader's and already in words (`finding_words`); this
counts and groups them, and reads who changed each stored finding's status from the
audit log (a user by display name and organisation only, SPEC 3).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from ..analysis.codes import FINDING_CODES, LABELS
from ..analysis.findings import SEVERITIES, SEVERITY_RANK
from ..extensions import db
from ..models import AuditEvent, Organisation, User
from .finding_filters import initiatives_of

GROUPINGS = ("initiative", "community", "none")
TOP_INITIATIVES = 5


@dataclass(frozen=True)
class Summary:
    """Counts by code and severity, and the initiatives in the most findings."""

    total: int
    by_severity: tuple[tuple[str, int], ...]
    by_code: tuple[tuple[str, str, tuple[int, ...]], ...]  # code, label, counts by severity
    top_initiatives: tuple[tuple[str, int], ...]  # title, findings


@dataclass(frozen=True)
class Group:
    """A heading and the findings under it."""

    heading: str
    rows: tuple[Mapping[str, Any], ...]


@dataclass(frozen=True)
class Change:
    """One triage of a finding: who (name and organisation), when, to what, why."""

    who: str
    at: datetime
    status: str
    reason: str | None


def ordered(rows: Iterable[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """Order findings most severe first, then by code (SPEC order), then by key."""
    return sorted(
        rows,
        key=lambda r: (SEVERITY_RANK[r["severity"]], FINDING_CODES.index(r["code"]), r["key"]),
    )


def summary(rows: Sequence[Mapping[str, Any]], titles: Mapping[int, str]) -> Summary:
    """Summarise the findings: counts by severity and code, the initiatives most concerned."""
    severities = Counter(row["severity"] for row in rows)
    codes: dict[str, Counter[str]] = {}
    for row in rows:
        codes.setdefault(row["code"], Counter())[row["severity"]] += 1
    by_code = tuple(
        (code, LABELS.get(code, code), tuple(codes[code][s] for s in SEVERITIES))
        for code in FINDING_CODES
        if code in codes
    )
    concerned = Counter(iid for row in rows for iid in initiatives_of(row) if iid in titles)
    top = tuple((titles[iid], n) for iid, n in concerned.most_common(TOP_INITIATIVES))
    return Summary(len(rows), tuple((s, severities[s]) for s in SEVERITIES), by_code, top)


def grouped(
    rows: Sequence[Mapping[str, Any]],
    by: str,
    titles: Mapping[int, str],
    communities: Sequence[Sequence[int]],
) -> list[Group]:
    """Group one page of findings by initiative or by community of the overlap graph."""
    if by == "none":
        return [Group("", tuple(rows))]
    keyed: dict[str, list[Mapping[str, Any]]] = {}
    community_of = {iid: n for n, group in enumerate(communities) for iid in group}
    for row in rows:
        keyed.setdefault(_heading(row, by, titles, community_of, communities), []).append(row)
    return [Group(heading, tuple(items)) for heading, items in keyed.items()]


def _heading(
    row: Mapping[str, Any],
    by: str,
    titles: Mapping[int, str],
    community_of: Mapping[int, int],
    communities: Sequence[Sequence[int]],
) -> str:
    """The group a finding falls in: its first visible initiative, or that one's community."""
    seen = [iid for iid in initiatives_of(row) if iid in titles]
    if not seen:
        return "The conflict as a whole"
    if by == "initiative":
        return titles[seen[0]]
    number = community_of.get(seen[0])
    if number is None:
        return titles[seen[0]]
    members = sorted(titles[i] for i in communities[number] if i in titles)
    return "Community: " + ", ".join(members)


def history(finding_ids: Iterable[int]) -> dict[int, list[Change]]:
    """Each stored finding's triage history from the audit log, oldest first (one query)."""
    ids = sorted({i for i in finding_ids if i is not None})
    if not ids:
        return {}
    statement = (
        sa.select(AuditEvent, User.display_name, Organisation.name)
        .outerjoin(User, User.id == AuditEvent.actor_id)
        .outerjoin(Organisation, Organisation.id == AuditEvent.organisation_id)
        .where(
            AuditEvent.object_type == "finding",
            AuditEvent.action == "finding.triage",
            AuditEvent.object_id.in_(ids),
        )
        .order_by(AuditEvent.id)
    )
    found: dict[int, list[Change]] = {}
    for event, name, organisation in db.session.execute(statement):
        who = f"{name or 'a former user'} ({organisation})" if organisation else name or "a user"
        details = event.details or {}
        change = Change(who, event.at, details.get("status", ""), details.get("reason"))
        found.setdefault(event.object_id or 0, []).append(change)
    return found
