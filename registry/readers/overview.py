"""A conflict at a glance, as one reader may see it: reference data, initiatives, findings, metrics.

Everything comes through the policy and the findings reader, so a member reads here
exactly what the findings and the map give them: no restricted initiative, no broker.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa

from .. import policy
from ..analysis.findings import SEVERITIES
from ..extensions import db
from ..models import Conflict, Initiative, Issue, Organisation, Party, Region, TrackOneBody
from ..policy import Actor
from .conflicts import ConflictFields
from .findings import tallies_for
from .run_metrics import metrics_for


@dataclass(frozen=True)
class Named:
    """A piece of reference data by name, with its kind or flag in words where it has one."""

    name: str
    note: str = ""


@dataclass(frozen=True)
class InitiativeLine:
    """One initiative the reader may see, with its count of open findings."""

    id: int
    title: str
    status: str
    sponsor: str
    track: str
    mode: str
    open_findings: int


@dataclass(frozen=True)
class Broker:
    """A matched person bridging initiatives, by alias (coordinators only)."""

    alias: str
    initiatives: int
    parties: int


@dataclass(frozen=True)
class Overview:
    """What the conflict overview shows one reader."""

    conflict_id: int
    name: str
    summary: str
    countries: tuple[str, ...]
    track_one_status: str
    escalation_stage: str
    coordinates: bool
    parties: tuple[Named, ...]
    issues: tuple[Named, ...]
    regions: tuple[Named, ...]
    bodies: tuple[Named, ...]
    initiatives: tuple[InitiativeLine, ...]
    open_by_severity: dict[str, int]
    communities: tuple[tuple[str, ...], ...]
    brokers: tuple[Broker, ...]
    density: float
    live: int
    reach_by_party: tuple[tuple[str, int], ...]


# The parts of a run's metrics the overview reads (a stored run decodes only these).
OVERVIEW_METRICS = ("communities", "brokers", "density", "overlap_graph", "reach")


def open_by_severity(findings: Iterable[Mapping[str, Any]]) -> dict[str, int]:
    """Count open findings by severity, every severity present, most severe first."""
    counts = Counter(row["severity"] for row in findings if row["status"] == "open")
    return {severity: counts.get(severity, 0) for severity in SEVERITIES}


def coordinated(actor: Actor, as_of: date) -> list[tuple[Conflict, dict[str, int]]]:
    """Each conflict the actor coordinates, by name, with its open findings by severity."""
    conflicts = db.session.scalars(
        sa.select(Conflict)
        .where(Conflict.id.in_(sorted(actor.coordinated_conflict_ids)))
        .order_by(Conflict.name)
    ).all()
    return [(c, open_by_severity(tallies_for(actor, c, as_of))) for c in conflicts]


def overview(actor: Actor, conflict: ConflictFields, as_of: date) -> Overview:
    """Gather the overview of a conflict for the actor, at `as_of`."""
    findings = tallies_for(actor, conflict, as_of)
    metrics = metrics_for(actor, conflict, as_of, OVERVIEW_METRICS)
    lines = _initiatives(actor, conflict, findings)
    titles = {line.id: line.title for line in lines}
    coordinates = policy.is_coordinator(actor, conflict.id)
    parties = _names(Party, conflict.id)
    return Overview(
        conflict_id=conflict.id,
        name=conflict.name,
        summary=conflict.summary or "",
        countries=tuple(conflict.countries or ()),
        track_one_status=conflict.track_one_status,
        escalation_stage=conflict.escalation_stage,
        coordinates=coordinates,
        parties=tuple(
            Named(p.name, "potential spoiler" if p.potential_spoiler else "")
            for p in parties.values()
        ),
        issues=tuple(
            Named(i.name, "on the Track One agenda" if i.on_track_one_agenda else "")
            for i in _names(Issue, conflict.id).values()
        ),
        regions=tuple(Named(r.name) for r in _names(Region, conflict.id).values()),
        bodies=_bodies(conflict.id, parties),
        initiatives=lines,
        open_by_severity=open_by_severity(findings),
        communities=_communities(metrics.get("communities", []), titles),
        brokers=tuple(
            Broker(b["alias"], b["initiatives"], b["parties"]) for b in metrics["brokers"]
        )
        if coordinates
        else (),
        density=float(metrics.get("density", 0.0)),
        live=len(metrics["overlap_graph"]["nodes"]),
        reach_by_party=_reach(metrics, titles, parties),
    )


def _names(model: Any, conflict_id: int) -> dict[int, Any]:
    """The conflict's rows of one kind of reference data, by id, in order of name."""
    rows = db.session.scalars(
        sa.select(model).filter_by(conflict_id=conflict_id).order_by(model.name)
    )
    return {row.id: row for row in rows}


def _bodies(conflict_id: int, parties: dict[int, Party]) -> tuple[Named, ...]:
    """Track One bodies with their kind and the side whose track they are."""
    named = []
    for body in _names(TrackOneBody, conflict_id).values():
        side = parties[body.party_id].name if body.party_id in parties else "joint or third party"
        named.append(Named(body.name, f"{body.kind.replace('_', ' ')}, {side}"))
    return tuple(named)


def _initiatives(
    actor: Actor, conflict: ConflictFields, findings: list[dict[str, Any]]
) -> tuple[InitiativeLine, ...]:
    """The initiatives the actor may see, by title, each with its open findings counted."""
    open_counts: Counter[int] = Counter(
        iid for row in findings if row["status"] == "open" for iid in set(row["initiative_ids"])
    )
    statement = (
        sa.select(Initiative, Organisation.name)
        .join(Organisation, Organisation.id == Initiative.sponsor_id)
        .where(Initiative.conflict_id == conflict.id, policy.visible_initiatives(actor))
        .order_by(Initiative.title, Initiative.id)
    )
    return tuple(
        InitiativeLine(i.id, i.title, i.status, sponsor, i.track, i.mode, open_counts.get(i.id, 0))
        for i, sponsor in db.session.execute(statement)
    )


def _communities(
    communities: list[list[int]], titles: dict[int, str]
) -> tuple[tuple[str, ...], ...]:
    """Communities of two or more initiatives the reader may see, by their titles."""
    named = (tuple(sorted(titles[i] for i in group if i in titles)) for group in communities)
    return tuple(group for group in named if len(group) > 1)


def _reach(
    metrics: dict[str, Any], titles: dict[int, str], parties: dict[int, Party]
) -> tuple[tuple[str, int], ...]:
    """For each party, how many live initiatives the reader may see reach it."""
    live = set(metrics["overlap_graph"]["nodes"]) & set(titles)
    counts: Counter[int] = Counter(
        party
        for key, reached in metrics.get("reach", {}).items()
        if int(key) in live
        for party in reached["parties"]
    )
    return tuple((party.name, counts.get(pid, 0)) for pid, party in parties.items())
