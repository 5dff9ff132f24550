"""The NGO's desk: its initiatives with their open findings, requests awaiting its answer.

Findings come from `readers.findings.findings_for`, so each reader gets exactly what
the API gives them (SPEC 3): a coordinator of the conflict its stored findings, anyone
else the findings computed from what they may see. Nothing here adds to them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

import sqlalchemy as sa

from .. import policy
from ..analysis.findings import SEVERITIES
from ..errors import Unavailable
from ..extensions import db
from ..models import Conflict, Initiative, Organisation
from ..policy import Actor
from ..services import analysis
from . import findings as findings_reader
from .finding_filters import initiatives_of
from .finding_words import Worded, in_words
from .links import PendingLink, pending_links_for
from .own_people import RevealLine, reveal_requests


class Placed(Protocol):
    """An initiative as far as its findings go: its id and its conflict."""

    @property
    def id(self) -> int: ...

    @property
    def conflict_id(self) -> int: ...


@dataclass(frozen=True)
class DeskFinding:
    """One open finding as the reader gets it, with the words the pages show."""

    id: int | None
    conflict_id: int
    key: str
    code: str
    severity: str
    message: str
    evidence: tuple[str, ...]
    initiatives: tuple[tuple[int, str | None], ...]  # (id, title; None when hidden)


@dataclass(frozen=True)
class DeskInitiative:
    """One of the organisation's initiatives and the open findings about it."""

    id: int
    title: str
    status: str
    confidentiality: str
    conflict_id: int
    conflict: str
    updated_on: date
    findings: tuple[DeskFinding, ...] | None  # None: its conflict's findings are being refreshed


@dataclass(frozen=True)
class Desk:
    """What the organisation's section of the home page shows one reader."""

    initiatives: tuple[DeskInitiative, ...]
    awaiting: tuple[PendingLink, ...]
    reveals: tuple[RevealLine, ...] | None  # None: the reader is not an org admin


def _desk_finding(item: dict[str, Any], words: Worded) -> DeskFinding:
    return DeskFinding(
        id=item.get("id"),
        conflict_id=item["conflict_id"],
        key=item["key"],
        code=item["code"],
        severity=item["severity"],
        message=words.message,
        evidence=words.evidence,
        initiatives=words.initiatives,
    )


def _open_rows(
    actor: Actor, initiatives: Iterable[Placed]
) -> Iterator[tuple[Conflict, set[int], list[dict[str, Any]] | None]]:
    """Yield each conflict, the initiatives wanted in it and its open findings about them
    (None while the conflict's findings are being refreshed past the read budget).

    Findings are read once per conflict through `readers.findings.findings_for` (what
    the API gives the reader); a finding concerns an initiative as the API's
    `initiative_id` filter says (`finding_filters.initiatives_of`).
    """
    by_conflict: dict[int, set[int]] = {}
    for initiative in initiatives:
        by_conflict.setdefault(initiative.conflict_id, set()).add(initiative.id)
    today = analysis.today()
    conflicts = db.session.scalars(sa.select(Conflict).where(Conflict.id.in_(sorted(by_conflict))))
    for conflict in conflicts:
        wanted = by_conflict[conflict.id]
        try:
            found = findings_reader.findings_for(actor, conflict, today)
        except Unavailable:
            # A crowded conflict's findings are not worth the page waiting (SPEC 4.2);
            # the page says they are being refreshed rather than showing none.
            yield conflict, wanted, None
            continue
        rows = [{"conflict_id": conflict.id, **findings_reader.as_dict(raw)} for raw in found]
        rows = [r for r in rows if r["status"] == "open" and wanted.intersection(initiatives_of(r))]
        yield conflict, wanted, rows


def open_counts(actor: Actor, initiatives: Sequence[Placed]) -> dict[int, int]:
    """Return how many open findings the actor gets about each initiative (no words needed);
    initiatives whose conflict's findings are being refreshed are left out (not counted yet)."""
    counts: dict[int, int] = {}
    for _, wanted, rows in _open_rows(actor, initiatives):
        if rows is None:
            continue
        counts.update(dict.fromkeys(wanted, 0))
        for row in rows:
            for initiative_id in wanted.intersection(initiatives_of(row)):
                counts[initiative_id] += 1
    return counts


def open_findings(
    actor: Actor, initiatives: Iterable[Placed]
) -> dict[int, list[DeskFinding] | None]:
    """Return each initiative's open findings as the actor gets them, in words, worst first
    (None for an initiative whose conflict's findings are being refreshed)."""
    initiatives = list(initiatives)
    result: dict[int, list[DeskFinding] | None] = {i.id: [] for i in initiatives}
    for conflict, wanted, rows in _open_rows(actor, initiatives):
        if rows is None:
            result.update(dict.fromkeys(wanted))
            continue
        for row, words in zip(rows, in_words(actor, conflict, rows), strict=True):
            finding = _desk_finding(row, words)
            for initiative_id in wanted.intersection(initiatives_of(row)):
                listed = result[initiative_id]
                if listed is not None:
                    listed.append(finding)
    for items in result.values():
        if items is not None:
            items.sort(key=lambda f: SEVERITIES.index(f.severity))
    return result


def _own_initiatives(actor: Actor) -> Sequence[Initiative]:
    return db.session.scalars(
        sa.select(Initiative)
        .where(policy.visible_initiatives(actor), Initiative.sponsor_id == actor.organisation_id)
        .order_by(Initiative.updated_at.desc())
    ).all()


def _reveals(actor: Actor) -> tuple[RevealLine, ...] | None:
    """Pending reveal requests about the organisation's people (org admins only)."""
    if actor.role != "org_admin":
        return None
    return tuple(line for line in reveal_requests(actor) if line.status == "pending")


def organisation_name(actor: Actor) -> str:
    """Return the name of the reader's organisation ("" for a user without one)."""
    if actor.organisation_id is None:
        return ""
    name = db.session.scalar(
        sa.select(Organisation.name).where(Organisation.id == actor.organisation_id)
    )
    return name or ""


def _frozen(findings: list[DeskFinding] | None) -> tuple[DeskFinding, ...] | None:
    return None if findings is None else tuple(findings)


def desk(actor: Actor) -> Desk:
    """Assemble the organisation's section of the home page for one reader."""
    own = _own_initiatives(actor)
    found = open_findings(actor, own)
    names = dict(db.session.execute(sa.select(Conflict.id, Conflict.name)).all())
    initiatives = tuple(
        DeskInitiative(
            id=i.id,
            title=i.title,
            status=i.status,
            confidentiality=i.confidentiality,
            conflict_id=i.conflict_id,
            conflict=names.get(i.conflict_id, ""),
            updated_on=i.updated_at.date(),
            findings=_frozen(found.get(i.id, [])),
        )
        for i in own
    )
    return Desk(initiatives, pending_links_for(actor), _reveals(actor))
