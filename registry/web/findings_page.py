"""The findings page: a summary, filters, findings grouped and in words, triage, history.

Findings come from `readers.findings` (the reader's, SPEC 3), filtered by
`readers.finding_filters`, ordered most severe first, paged at 50, told by
`readers.finding_words`; the summary, groups and histories from `readers.triage`.
Open and acknowledged findings show unless a status is asked for.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any
from urllib.parse import urlencode

from flask import request
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import BadRequest

from .. import policy
from ..analysis.codes import FINDING_CODES, PAIR_CODES
from ..analysis.findings import SEVERITIES
from ..auth.access import current_actor
from ..models.enums import FINDING_STATUSES, LINK_KINDS
from ..readers import finding_choices, finding_words, run_metrics, triage
from ..readers import findings as reader
from ..readers.conflicts import ConflictFields
from ..readers.finding_filters import FindingFilter, matching
from ..services import analysis
from ..services.freshness import prepare_read
from .forms import FormState, render
from .freshness import announce
from .paging import PAGE_SIZE, offset, page_number

LIST_PARAMETERS = (
    "code",
    "severity",
    "status",
    "initiative_id",
    "sponsor_id",
    "issue_id",
    "group",
    "focus",
    "as_of",
    "page",
)
DEFAULT_STATUSES = ("open", "acknowledged")


def as_of_of(query: Mapping[str, str]) -> date:
    """The evaluation date asked for (today when none); a malformed one is a 400."""
    raw = query.get("as_of", "").strip()
    if not raw:
        return analysis.today()
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise BadRequest("Give the date as year-month-day, for example 2026-03-31.") from None


def list_query(pairs: Iterable[tuple[str, str]]) -> MultiDict[str, str]:
    """The list's own parameters (filters, grouping, date, page); anything else is dropped."""
    return MultiDict([(k, v) for k, v in pairs if k in LIST_PARAMETERS and v != ""])


def _number(query: MultiDict[str, str], name: str) -> int | None:
    """An id filter, when it is a number."""
    value = query.get(name, "")
    return int(value) if value.isdigit() else None


def wanted_of(query: MultiDict[str, str]) -> FindingFilter:
    """The filter the query string asks for; unknown values are ignored."""
    statuses = tuple(s for s in query.getlist("status") if s in FINDING_STATUSES)
    if "all" in query.getlist("status"):
        statuses = ()
    elif not statuses:
        statuses = DEFAULT_STATUSES
    code, severity = query.get("code"), query.get("severity")
    return FindingFilter(
        code=code if code in FINDING_CODES else None,
        severity=severity if severity in SEVERITIES else None,
        statuses=statuses,
        initiative_id=_number(query, "initiative_id"),
        sponsor_id=_number(query, "sponsor_id"),
        issue_id=_number(query, "issue_id"),
    )


def render_findings(
    conflict: ConflictFields,
    refused: dict[int, FormState] | None = None,
    query: MultiDict[str, str] | None = None,
) -> str:
    """The findings page; a refused triage form passes the list's query it came from."""
    actor = current_actor()
    query = request.args if query is None else query
    as_of = as_of_of(query)
    wanted = wanted_of(query)
    freshness = prepare_read(actor, conflict.id, as_of)
    # Outlines filter, order and count; only the page shown is read whole and put in words.
    rows = reader.outlines_for(actor, conflict, as_of)
    metrics = run_metrics.metrics_for(actor, conflict, as_of, ("left_out", "communities"))
    announce(freshness, run_metrics.left_out_of(metrics))
    kept = triage.ordered(_with_focus(matching(conflict, rows, wanted), rows, query))
    number, pages = _page_of(kept, query)
    page = reader.whole_rows(
        actor, conflict, as_of, kept[offset(number) : offset(number) + PAGE_SIZE]
    )
    shown = finding_words.rows_in_words(actor, conflict, page)
    choices = _choices(actor, conflict)
    chosen = query.get("group")
    group = chosen if chosen is not None and chosen in triage.GROUPINGS else "initiative"
    communities = metrics.get("communities", [])
    coordinates = policy.is_coordinator(actor, conflict.id)
    return render(
        "analysis/findings.html",
        conflict=conflict,
        as_of=as_of,
        today=analysis.today(),
        wanted=wanted,
        group=group,
        groups=triage.grouped(shown, group, choices["titles"], communities),
        summary=triage.summary(kept, choices["titles"]),
        histories=triage.history(row["id"] for row in shown) if coordinates else {},
        matching=len(kept),
        total=len(rows),
        page=number,
        pages=pages,
        coordinates=coordinates,
        triage=coordinates and as_of == analysis.today(),
        refused=refused or {},
        back=urlencode(list(list_query(query.items(multi=True)).items(multi=True))),
        query=list_query(query.items(multi=True)),
        codes=FINDING_CODES,
        pair_codes=PAIR_CODES,
        severities=SEVERITIES,
        statuses=FINDING_STATUSES,
        link_kinds=LINK_KINDS,
        **choices,
    )


def _with_focus(
    kept: list[Mapping[str, Any]], rows: Sequence[Mapping[str, Any]], query: MultiDict[str, str]
) -> list[Mapping[str, Any]]:
    """Keep the finding just triaged in view, even if its new status is filtered out."""
    focus = _number(query, "focus")
    if focus is None or any(row["id"] == focus for row in kept):
        return kept
    return kept + [row for row in rows if row["id"] == focus]


def _page_of(kept: list[Mapping[str, Any]], query: MultiDict[str, str]) -> tuple[int, int]:
    """The page asked for, or the one holding the finding in focus."""
    focus = _number(query, "focus")
    number, pages = page_number(len(kept), query)
    for index, row in enumerate(kept):
        if focus is not None and row["id"] == focus:
            return index // PAGE_SIZE + 1, pages
    return number, pages


def _choices(actor: Any, conflict: ConflictFields) -> dict[str, dict[int, str]]:
    """The filters' choices: initiatives the reader may see, their sponsors, the issues."""
    choices = finding_choices.filter_choices(actor, conflict.id)
    return {"titles": choices.titles, "sponsors": choices.sponsors, "issues": choices.issues}
