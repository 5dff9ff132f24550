"""A funder's portfolio (SPEC 6.1): the initiatives its organisation funds, by conflict.

Only initiatives the reader sees whole are in it (`readers.funded`). Reach, findings
and gaps are those the reader gets anywhere else, through `readers.findings` and
`readers.coverage`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from ..analysis.findings import SEVERITY_RANK
from ..extensions import db
from ..models import Conflict, Initiative, Organisation, TransferChannel, TransferEvent
from ..policy import Actor
from . import coverage, finding_words, findings, run_metrics
from .choices import organisation_names
from .conflicts import ConflictFields, reference_names
from .funded import funded_query

LIVE_STATUSES = ("planned", "active")


@dataclass(frozen=True, slots=True)
class Transfer:
    """One entry of the transfer ledger, in names."""

    title: str
    kind: str
    delivered_on: date
    evidence: str
    body: str


@dataclass(frozen=True, slots=True)
class OpenFinding:
    """An open finding about a funded initiative."""

    code: str
    severity: str
    message: str


@dataclass(frozen=True, slots=True)
class Funded:
    """One funded initiative, with its reach to Track One, transfers and open findings."""

    id: int
    title: str
    sponsor: str
    status: str
    confidentiality: str
    start_date: date | None
    end_date: date | None
    issues: tuple[str, ...]
    parties_reached: tuple[str, ...]
    bodies_reached: tuple[str, ...]
    transfers: tuple[Transfer, ...]
    findings: tuple[OpenFinding, ...]

    @property
    def live(self) -> bool:
        """Whether it is planned or active (the analysis also checks the end date)."""
        return self.status in LIVE_STATUSES


@dataclass(frozen=True, slots=True)
class GapLine:
    """A gap of the conflict beside what the portfolio funds on its subject."""

    severity: str
    code: str
    words: str
    funded_titles: tuple[str, ...]  # funded initiatives on the subject, none of them live

    @property
    def unfunded(self) -> bool:
        """Uncovered, and nothing the portfolio funds is even on it."""
        return not self.funded_titles


@dataclass(frozen=True, slots=True)
class ConflictPortfolio:
    """What the portfolio holds in one conflict, and the conflict's gaps beside it."""

    conflict_id: int
    name: str
    initiatives: tuple[Funded, ...]
    covers: Mapping[str, tuple[str, ...]]  # issues, parties, bodies its live initiatives reach
    gaps: tuple[GapLine, ...]
    coverage_withheld: bool


@dataclass(frozen=True, slots=True)
class Portfolio:
    """A funder's portfolio across conflicts, by conflict name."""

    organisation: str
    conflicts: tuple[ConflictPortfolio, ...]

    @property
    def initiative_count(self) -> int:
        """Return how many initiatives it funds."""
        return sum(len(c.initiatives) for c in self.conflicts)


def portfolio_of(actor: Actor, as_of: date) -> Portfolio:
    """Return the reader's organisation's portfolio at a date."""
    rows = db.session.scalars(
        funded_query(actor).options(
            selectinload(Initiative.issues), selectinload(Initiative.regions)
        )
    ).all()
    by_conflict: dict[int, list[Initiative]] = {}
    for row in rows:
        by_conflict.setdefault(row.conflict_id, []).append(row)
    conflicts = db.session.scalars(
        sa.select(Conflict).where(Conflict.id.in_(list(by_conflict))).order_by(Conflict.name)
    ).all()
    organisation = db.session.get(Organisation, actor.organisation_id)
    return Portfolio(
        organisation=organisation.name if organisation else "",
        conflicts=tuple(_conflict_portfolio(actor, c, by_conflict[c.id], as_of) for c in conflicts),
    )


def _conflict_portfolio(
    actor: Actor, conflict: ConflictFields, rows: Sequence[Initiative], as_of: date
) -> ConflictPortfolio:
    sponsors = organisation_names(row.sponsor_id for row in rows)
    names = reference_names(conflict.id) | {"organisation": sponsors}
    reach = run_metrics.metrics_for(actor, conflict, as_of, ("reach",))["reach"]
    funded_ids = {row.id for row in rows}
    about_funded = [
        finding
        for finding in map(findings.as_dict, findings.findings_for(actor, conflict, as_of))
        if finding["status"] == "open" and funded_ids & set(finding["initiative_ids"] or ())
    ]
    # In words, as this reader may read them (names, "an initiative you may not see").
    open_findings = finding_words.rows_in_words(actor, conflict, about_funded)
    transfers = _transfers([row.id for row in rows], names["track_one_body"])
    funded = tuple(
        _funded(row, names, reach.get(str(row.id), {}), transfers, open_findings) for row in rows
    )
    seen = coverage.coverage_for(actor, conflict, as_of)
    messages = finding_words.gap_messages(actor, conflict, as_of)
    return ConflictPortfolio(
        conflict_id=conflict.id,
        name=conflict.name,
        initiatives=funded,
        covers=_covers([f for f in funded if f.live]),
        gaps=tuple(_gap_line(gap, names, rows, messages) for gap in seen.gaps),
        coverage_withheld=seen.withheld,
    )


def _transfers(ids: list[int], bodies: Mapping[int, str]) -> dict[int, list[Transfer]]:
    """The transfer ledger of the given initiatives, newest first."""
    statement = (
        sa.select(TransferEvent, TransferChannel.track_one_body_id)
        .join(TransferChannel, TransferChannel.id == TransferEvent.channel_id)
        .where(TransferEvent.initiative_id.in_(ids))
        .order_by(TransferEvent.delivered_on.desc(), TransferEvent.id)
    )
    ledger: dict[int, list[Transfer]] = {}
    for event, body_id in db.session.execute(statement).all():
        ledger.setdefault(event.initiative_id, []).append(
            Transfer(event.title, event.kind, event.delivered_on, event.evidence, bodies[body_id])
        )
    return ledger


def _funded(
    row: Initiative,
    names: Mapping[str, Mapping[int, str]],
    reach: Mapping[str, list[int]],
    transfers: Mapping[int, list[Transfer]],
    open_findings: Iterable[Mapping[str, Any]],
) -> Funded:
    about = sorted(
        (f for f in open_findings if row.id in (f["initiative_ids"] or [])),
        key=lambda f: (SEVERITY_RANK[f["severity"]], f["code"], f["key"]),
    )
    return Funded(
        id=row.id,
        title=row.title,
        sponsor=names["organisation"].get(row.sponsor_id, ""),
        status=row.status,
        confidentiality=row.confidentiality,
        start_date=row.start_date,
        end_date=row.end_date,
        issues=tuple(issue.name for issue in row.issues),
        parties_reached=tuple(names["party"][i] for i in reach.get("parties", [])),
        bodies_reached=tuple(names["track_one_body"][i] for i in reach.get("track_one_bodies", [])),
        transfers=tuple(transfers.get(row.id, ())),
        findings=tuple(OpenFinding(f["code"], f["severity"], f["message"]) for f in about),
    )


def _covers(live: Sequence[Funded]) -> dict[str, tuple[str, ...]]:
    """What the portfolio's live initiatives cover: issues, parties and bodies reached."""
    return {
        "issues": tuple(sorted({name for f in live for name in f.issues})),
        "parties": tuple(sorted({name for f in live for name in f.parties_reached})),
        "bodies": tuple(sorted({name for f in live for name in f.bodies_reached})),
    }


def _gap_line(
    gap: coverage.Gap,
    names: Mapping[str, Mapping[int, str]],
    rows: Sequence[Initiative],
    messages: Mapping[str, str],
) -> GapLine:
    """A gap beside the funded initiatives (none live, or it would not be a gap) on it."""
    issues = set(gap.subjects["issue_ids"])
    regions = set(gap.subjects["region_ids"])
    on_it = tuple(
        row.title
        for row in rows
        if issues & {i.id for i in row.issues} or regions & {r.id for r in row.regions}
    )
    # The gap told for the reader by the one renderer of findings (SPEC 4.1).
    return GapLine(gap.severity, gap.code, messages.get(gap.key) or gap.words(names), on_it)
