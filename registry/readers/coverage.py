"""Coverage of a conflict as a reader may see it (SPEC 3 and 5), as typed values.

Coordinators read the run's coverage whole. Everyone else reads coverage counted over
the initiatives they may see plus other organisations' restricted ones (never sealed
ones), suppressed as follows, on `Cell` values rather than on whatever keys a dict has:

- a cell that an initiative the reader may not see feeds reads "< 5" (the threshold is
  `Thresholds.suppress_below`) when its count is below the threshold;
- a total (a matrix's row, column and grand totals, the regions' total, the funders'
  `funded`) appears only when none of the cells it sums is suppressed; when `funded`
  is withheld each funder's share of it is withheld too, since count / share = funded;
- gaps are the reader's own findings (computed from what they may see), so they say
  "no live initiative you may see": a "< 5" in a gap's row is initiatives the reader
  may not see, which the cell already says, and the gap never states a count of zero
  that the cell would contradict or reveal; gaps come most severe first;
- after suppression a cell keeps only the ids of initiatives the reader may see.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Mapping
from datetime import date
from typing import Any

import sqlalchemy as sa

from .. import policy
from ..analysis.context import Context
from ..analysis.coverage import compute_coverage
from ..extensions import db
from ..models import Initiative
from ..policy import Actor
from ..services import analysis
from . import findings, run_metrics
from .conflicts import ConflictFields
from .coverage_values import Cell, Coverage, Funders, Gap, Matrix, Tally, read, seen_by
from .snapshots import Scope, build

__all__ = [
    "Cell",
    "Coverage",
    "Funders",
    "Gap",
    "Matrix",
    "Tally",
    "clear_cache",
    "coverage_for",
    "read",
    "seen_by",
]
_CACHE: OrderedDict[tuple[Any, ...], Coverage] = OrderedDict()
_CACHE_SIZE = 64


def clear_cache() -> None:
    """Forget every cached reader's coverage (after a restore, and between tests)."""
    _CACHE.clear()


def coverage_for(actor: Actor, conflict: ConflictFields, as_of: date) -> Coverage:
    """Return the conflict's coverage: whole for its coordinators, suppressed for others."""
    limits = analysis.thresholds()
    if policy.is_coordinator(actor, conflict.id):
        raw = run_metrics.metrics_for(actor, conflict, as_of, ("coverage",))["coverage"]
        return read(raw, limits.suppress_below)
    key = (conflict.id, conflict.data_version, actor.organisation_id, as_of, limits)
    if key in _CACHE:
        _CACHE.move_to_end(key)
        return _CACHE[key]
    coverage = _counted(actor, conflict, as_of)
    _CACHE[key] = coverage
    if len(_CACHE) > _CACHE_SIZE:
        _CACHE.popitem(last=False)
    return coverage


def _counted(actor: Actor, conflict: ConflictFields, as_of: date) -> Coverage:
    """Count visible initiatives plus others' restricted ones; gaps are the reader's own."""
    counted = sa.or_(
        policy.visible_initiatives(actor),
        sa.and_(
            Initiative.confidentiality == "restricted",
            Initiative.sponsor_id != actor.organisation_id,
        ),
    )
    limits = analysis.thresholds()
    context = Context(build(conflict, Scope(counted, counted, False)), as_of, limits)
    raw = compute_coverage(context, [])
    raw["gaps"] = [g for g in findings.reader_view(actor, conflict, as_of).findings if _gap(g)]
    visible = frozenset(
        db.session.scalars(
            sa.select(Initiative.id).where(
                Initiative.conflict_id == conflict.id, policy.visible_initiatives(actor)
            )
        )
    )
    return seen_by(read(raw, limits.suppress_below), visible)


def _gap(finding: Mapping[str, Any]) -> bool:
    return str(finding["code"]).endswith("_gap")
