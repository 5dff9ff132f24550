"""Findings and metrics as a reader may see them (SPEC 3, "Findings and coverage").

Coordinators of a conflict read its stored findings, kept fresh by the analysis
service. Everyone else gets findings computed on the fly from what they may see:
the initiatives visible to them for the rules that read no people, and only the
initiatives whose participation rows they see (people matched within one
organisation) for the rules that do. Their gap findings say "no live initiative you
may see". Coverage is read in `readers.coverage`.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

import sqlalchemy as sa

from .. import policy
from ..analysis.bounds import Deadline, RunAbandoned, cap_overlaps, count_by_code
from ..analysis.codes import COORDINATOR_ONLY_CODES, FINDING_CODES, PAIR_CODES, TRANSFER_CODES
from ..analysis.codes import PEOPLE_CODES as READS_PEOPLE
from ..analysis.engine import analyse
from ..analysis.findings import Finding as Computed
from ..analysis.metrics import structure
from ..errors import Unavailable
from ..models import Finding
from ..policy import Access, Actor
from ..services import analysis
from . import runs
from .conflicts import ConflictFields
from .finding_filters import FindingFilter
from .snapshots import Scope, build

READER_CODES = tuple(code for code in FINDING_CODES if code not in COORDINATOR_ONLY_CODES)
# The codes a non-coordinator gets only from initiatives whose rows it sees.
PEOPLE_CODES = READS_PEOPLE - COORDINATOR_ONLY_CODES
# A reader's gaps speak of what it may see: others' restricted work is counted in coverage.
READER_GAP_WORDS = (
    ("No live initiative ", "No live initiative you may see "),
    ("1.5 initiative is producing", "1.5 initiative you may see is producing"),
)
_CACHE: OrderedDict[tuple[Any, ...], ReaderView] = OrderedDict()
_CACHE_SIZE = 64
T = TypeVar("T")


@dataclass(frozen=True)
class ReaderView:
    """What a non-coordinator sees of a conflict's analysis."""

    findings: list[dict[str, Any]]
    metrics: dict[str, Any]


def computed_dict(item: Computed, conflict_id: int) -> dict[str, Any]:
    """Return a computed finding in the API's shape: no id, status open, no triage fields."""
    return {"conflict_id": conflict_id, **item.to_dict(), "status": "open"}


ROW_FIELDS = (
    "id",
    "version",
    "conflict_id",
    "code",
    "severity",
    "key",
    "status",
    "status_reason",
    "message",
    "initiative_ids",
    "party_ids",
    "issue_ids",
    "region_ids",
    "track_one_body_ids",
    "organisation_ids",
    "person_refs",
    "round_ids",
    "evidence",
    "first_seen_at",
    "last_seen_at",
)


def as_dict(item: Finding | dict[str, Any]) -> dict[str, Any]:
    """A finding as `findings_for` gives it, stored (a row) or computed, as one dict shape.

    Computed findings have no id, version or reason: those keys are None.
    """
    if isinstance(item, dict):
        blank = {"id": None, "version": None, "status_reason": None}
        return {**blank, "first_seen_at": None, "last_seen_at": None, **item}
    return {name: getattr(item, name) for name in ROW_FIELDS}


def findings_for(actor: Actor, conflict: ConflictFields, as_of: date) -> list[Any]:
    """Return the findings the actor may see: stored rows for coordinators at today's date.

    Stored rows are read as the latest run left them: the view refreshes them first
    (`services.freshness.prepare_read`). Anything computed here is bounded by the
    read budget: past it, Unavailable (503).
    """
    if reads_stored(actor, conflict, as_of):
        return runs.stored_findings(conflict.id)
    if policy.is_coordinator(actor, conflict.id):
        result = bounded(lambda deadline: analysis.evaluate(conflict, as_of, deadline))
        return [computed_dict(f, conflict.id) for f in result.findings]
    return reader_view(actor, conflict, as_of).findings


def tallies_for(actor: Actor, conflict: ConflictFields, as_of: date) -> list[dict[str, Any]]:
    """Return the findings `findings_for` gives the actor, as counts need them.

    Each dict holds at least status, severity and initiative_ids. A coordinator's stored
    findings come as those three columns alone: a crowded conflict's overview decodes
    no evidence.
    """
    if reads_stored(actor, conflict, as_of):
        return runs.stored_tallies(conflict.id)
    return [as_dict(item) for item in findings_for(actor, conflict, as_of)]


def outlines_for(actor: Actor, conflict: ConflictFields, as_of: date) -> list[dict[str, Any]]:
    """Return the findings `findings_for` gives the actor, in `as_dict`'s shape, as far as
    filters, ordering and summaries need them; `whole_rows` completes the ones shown.

    A coordinator's stored findings come as outlines (`runs.stored_outlines`): no words,
    no evidence beyond what the filters read.
    """
    if reads_stored(actor, conflict, as_of):
        return runs.stored_outlines(conflict.id)
    return [as_dict(item) for item in findings_for(actor, conflict, as_of)]


def whole_rows(
    actor: Actor, conflict: ConflictFields, as_of: date, outlines: Sequence[Mapping[str, Any]]
) -> list[Mapping[str, Any]]:
    """Return the outlines `outlines_for` gave, whole, in the same order."""
    if not reads_stored(actor, conflict, as_of):
        return list(outlines)
    ids = [row["id"] for row in outlines]
    return [as_dict(item) for item in runs.stored_by_ids(conflict.id, ids)]


def reads_stored(actor: Actor, conflict: ConflictFields, as_of: date) -> bool:
    """Whether the actor reads the stored run: a coordinator, at today's date."""
    return policy.is_coordinator(actor, conflict.id) and as_of == analysis.today()


def stored_page_for(
    actor: Actor,
    conflict: ConflictFields,
    as_of: date,
    wanted: FindingFilter,
    first: int,
    size: int,
) -> tuple[list[Finding], int] | None:
    """Return one page of stored findings filtered in the database, or None where it cannot be.

    For a coordinator at today's date, with filters on code, severity and status only
    (the others read initiatives and evidence, filtered in Python by `finding_filters`).
    """
    if not reads_stored(actor, conflict, as_of):
        return None
    if wanted.initiative_id or wanted.round_id or wanted.needs_initiatives:
        return None
    where: list[sa.ColumnElement[bool]] = []
    if wanted.code:
        where.append(Finding.code == wanted.code)
    if wanted.severity:
        where.append(Finding.severity == wanted.severity)
    if wanted.statuses:
        where.append(Finding.status.in_(wanted.statuses))
    return runs.stored_page(conflict.id, tuple(where), first, size)


def bounded(compute: Callable[[Deadline], T]) -> T:
    """Compute within the read budget; past it, answer 503 with Retry-After."""
    try:
        return compute(Deadline(analysis.read_budget()))
    except RunAbandoned:
        raise Unavailable(
            analysis.retry_after(), "This conflict's analysis takes longer than a page may wait."
        ) from None


def clear_cache() -> None:
    """Forget every cached reader view (after restoring a backup, and between tests)."""
    _CACHE.clear()


def reader_view(actor: Actor, conflict: ConflictFields, as_of: date) -> ReaderView:
    """Compute (or reuse) a non-coordinator's findings and metrics."""
    key = (conflict.id, conflict.data_version, actor.organisation_id, as_of, analysis.thresholds())
    if key in _CACHE:
        _CACHE.move_to_end(key)
        return _CACHE[key]
    view = bounded(lambda deadline: _compute_reader_view(actor, conflict, as_of, deadline))
    _CACHE[key] = view
    if len(_CACHE) > _CACHE_SIZE:
        _CACHE.popitem(last=False)
    return view


def _compute_reader_view(
    actor: Actor, conflict: ConflictFields, as_of: date, deadline: Deadline
) -> ReaderView:
    visible = policy.visible_initiatives(actor)
    with_rows = policy.visible_initiatives(actor, Access.EVERYTHING)
    limits, caps = analysis.thresholds(), analysis.caps()
    outline_codes = [
        c
        for c in READER_CODES
        if (c not in PEOPLE_CODES or c in PAIR_CODES) and c not in TRANSFER_CODES
    ]
    outline = analyse(
        build(conflict, Scope(visible, None, False)), as_of, limits, outline_codes,
        caps=caps, deadline=deadline,
    )  # fmt: skip
    people_snapshot = build(conflict, Scope(with_rows, with_rows, False))
    detailed_codes = sorted(PEOPLE_CODES | set(PAIR_CODES) | TRANSFER_CODES)
    detailed = analyse(people_snapshot, as_of, limits, detailed_codes, caps=caps, deadline=deadline)
    seen_rows = {i.id for i in people_snapshot.initiatives}

    def both_seen(item: Computed | str) -> bool:
        ids = item.initiative_ids if isinstance(item, Computed) else _pair_ids(item)
        return set(ids) <= seen_rows

    merged = [f for f in outline.findings if f.code not in PAIR_CODES or not both_seen(f)]
    merged += [
        f
        for f in detailed.findings
        if f.code in PEOPLE_CODES or f.code in TRANSFER_CODES or both_seen(f)
    ]
    capped, dropped = cap_overlaps(merged, caps.overlap_findings)
    merged = sorted(capped, key=lambda f: (FINDING_CODES.index(f.code), f.key))
    merged = [_in_reader_words(f) for f in merged]
    left_out = dropped | {k for k in outline.left_out if not both_seen(k)}
    left_out |= {k for k in detailed.left_out if both_seen(k)}
    metrics = {
        "as_of": as_of.isoformat(),
        **_merged_structure(outline.metrics, detailed.metrics, seen_rows, left_out),
        "left_out": count_by_code(left_out),
        "reach": detailed.metrics["reach"],
        "brokers": detailed.metrics["brokers"],
    }
    return ReaderView([computed_dict(f, conflict.id) for f in merged], metrics)


def _pair_ids(key: str) -> tuple[int, ...]:
    """The initiative ids of a pair finding's key (`code:initiative:a,b`)."""
    return tuple(int(part) for part in key.rsplit(":", 1)[1].split(","))


def _in_reader_words(item: Computed) -> Computed:
    """Say of a gap that no initiative the reader may see fills it."""
    if not item.code.endswith("_gap"):
        return item
    message = item.message
    for said, meant in READER_GAP_WORDS:
        message = message.replace(said, meant)
    return item._replace(message=message)


def _merged_structure(
    outline: dict[str, Any],
    detailed: dict[str, Any],
    seen_rows: set[int],
    left_out: frozenset[str] | set[str] = frozenset(),
) -> dict[str, Any]:
    """Rebuild the overlap graph's structure from the edges the reader's findings give."""
    edges = [
        edge
        for edge in outline["overlap_graph"]["edges"]
        if not {edge["source"], edge["target"]} <= seen_rows
    ]
    edges += detailed["overlap_graph"]["edges"]
    edges = [
        edge
        for edge in edges
        if f"{edge['code']}:initiative:{edge['source']},{edge['target']}" not in left_out
    ]
    edges.sort(key=lambda edge: (edge["source"], edge["target"]))
    return structure(outline["overlap_graph"]["nodes"], edges)
