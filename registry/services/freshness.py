"""Make stored findings fresh before a view reads them, within the read budget (SPEC 4.2).

A view calls `prepare_read` before it reads a conflict's findings, map or coverage:
this is where a read may trigger an analysis, explicitly, never inside a reader.
Coordinators read stored findings: fresh ones, or, past the read budget, the latest
stored run marked as being refreshed while a queued job brings it up to date. Other
readers get findings computed from what they may see (bounded in the reader).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date

from .. import jobs
from ..analysis.bounds import Deadline
from ..errors import Unavailable
from ..policy import Actor, is_coordinator
from ..readers import runs
from .analysis import end_read, read_budget, retry_after

POLL_SECONDS = 0.05
# A read waits for a fresh run for this share of the read budget at most: the rest is for
# the view to read and render the stored run, so that the whole answer keeps to the budget.
WAIT_SHARE = 0.8


@dataclass(frozen=True)
class Freshness:
    """What an answer may say of the data it reflects."""

    data_version: int | None = None  # the stored run's, when the answer comes from one
    refreshing: bool = False  # a newer run is being computed


LIVE = Freshness()  # computed for this reader from the current data


def prepare_read(actor: Actor, conflict_id: int, as_of: date) -> Freshness:
    """Refresh the conflict's stale stored findings, waiting up to the read budget."""
    if as_of != runs.today() or not is_coordinator(actor, conflict_id):
        return LIVE
    deadline = Deadline(read_budget() * WAIT_SHARE)
    run, fresh = _state(conflict_id)
    if not fresh:
        jobs.request_refresh(conflict_id)
    while not fresh and deadline.remaining():
        time.sleep(min(POLL_SECONDS, deadline.remaining() or 0))
        run, fresh = _state(conflict_id)
    if run is None:
        raise Unavailable(retry_after(), "The analysis of this conflict is being computed.")
    return Freshness(run.data_version, not fresh)


def request_if_stale(conflict_id: int) -> None:
    """Queue a refresh of the conflict's stored findings if they are stale, without waiting."""
    if not _state(conflict_id)[1]:
        jobs.request_refresh(conflict_id)
        end_read()  # what follows sees a run an inline job stored meanwhile


def refresh_coordinated(actor: Actor) -> None:
    """Before a page reads findings of every conflict the actor coordinates: queue stale ones.

    Such pages (home, lists, portfolio) do not wait: they read the latest stored runs.
    """
    for conflict_id in sorted(actor.coordinated_conflict_ids):
        request_if_stale(conflict_id)


def _state(conflict_id: int) -> tuple[runs.RunStamp | None, bool]:
    """The latest stored run's stamp and whether it is fresh, as committed right now."""
    end_read()
    stamp = runs.latest_stamp(conflict_id)
    return stamp, runs.is_fresh(stamp, runs.data_version(conflict_id))
