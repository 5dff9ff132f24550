"""A run's metrics as a reader may see them (SPEC 4.3): whole, or only the parts a view shows.

Coordinators at today's date read the stored run, whose metrics are 270 KB of JSON at
1,000 initiatives: a view names the parts it shows and the database cuts out only those.
Everyone else gets metrics computed from what they may see (`findings.reader_view`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from .. import policy
from ..errors import Unavailable
from ..policy import Actor
from ..services import analysis
from . import runs
from .conflicts import ConflictFields
from .findings import bounded, reader_view, reads_stored


class MetricParts(dict[str, Any]):
    """Metrics cut to the parts a view asked for.

    A part the run does not hold is absent, as in the whole metrics; reading a part the
    view did not ask for is a mistake in the view, and raises instead of looking absent
    (a left-out notice that silently vanished would misstate the findings).
    """

    def __init__(self, values: Mapping[str, Any], asked: Iterable[str]) -> None:
        self.asked = frozenset(asked)
        super().__init__((part, values[part]) for part in self.asked if part in values)

    def _check(self, part: object) -> None:
        if part not in self.asked:
            raise KeyError(f"the metrics' part {part!r} was not asked for")

    def __getitem__(self, part: str) -> Any:
        self._check(part)
        return super().__getitem__(part)

    def get(self, part: str, default: Any = None) -> Any:
        self._check(part)
        return super().get(part, default)

    def __contains__(self, part: object) -> bool:
        self._check(part)
        return super().__contains__(part)


def metrics_for(
    actor: Actor, conflict: ConflictFields, as_of: date, parts: Sequence[str] = ()
) -> dict[str, Any]:
    """Return the run's metrics as the actor may see them: whole, or only `parts`."""
    if reads_stored(actor, conflict, as_of):
        if parts:
            stored = runs.latest_metrics(conflict.id, parts)
        else:
            run = runs.latest_run(conflict.id)
            stored = None if run is None else run.metrics
        if stored is None:
            raise Unavailable(analysis.retry_after(), "The analysis is being computed.")
        metrics = stored
    elif policy.is_coordinator(actor, conflict.id):
        metrics = bounded(lambda deadline: analysis.evaluate(conflict, as_of, deadline)).metrics
    else:
        metrics = reader_view(actor, conflict, as_of).metrics
    return MetricParts(metrics, parts) if parts else metrics


def left_out_for(actor: Actor, conflict: ConflictFields, as_of: date) -> dict[str, int]:
    """Return how many findings caps left out of what the actor reads, by code."""
    return left_out_of(metrics_for(actor, conflict, as_of, ("left_out",)))


def left_out_of(metrics: Mapping[str, Any]) -> dict[str, int]:
    """How many findings caps left out, by code, of metrics read with their `left_out`."""
    return dict(metrics.get("left_out") or {})
