"""Findings in words (SPEC 4.1): each finding's message and evidence, told for one reader.

Findings hold ids; this renders them on read with the names `names.names_for` looked
up for the reader, from the templates of `finding_templates`. SPEC 3 has already
decided which findings the reader gets; the renderer only names what the policy lets
it see (initiative titles, aliases) and says "you may see" where a non-coordinator's
gap is about what it sees. Call `in_words(actor, conflict, findings)`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from ..models import Finding as Stored
from ..policy import Actor
from .conflicts import ConflictFields
from .finding_context import Context, joined, people_count
from .finding_evidence import EVIDENCE_RULES
from .finding_filters import initiatives_of
from .finding_templates import MESSAGES, PHRASES
from .findings import ROW_FIELDS, as_dict, findings_for
from .names import Names, PersonName, names_for

Values = dict[str, Any]


@dataclass(frozen=True)
class Worded:
    """A finding as one reader reads it: the sentence, its evidence, whom it names."""

    message: str
    evidence: tuple[str, ...]
    initiatives: tuple[tuple[int, str | None], ...]  # (id, title; None when hidden)
    people: tuple[PersonName, ...]  # matched people the reader may see, by alias


def in_words(
    actor: Actor, conflict: ConflictFields, findings: Sequence[Mapping[str, Any]]
) -> list[Worded]:
    """Render each finding for the actor, looking names up once for all of them."""
    names = names_for(actor, conflict, findings)
    return [render(item, names) for item in findings]


def rows_in_words(
    actor: Actor, conflict: ConflictFields, items: Iterable[Stored | Mapping[str, Any]]
) -> list[dict[str, Any]]:
    """Return findings in `as_dict`'s shape, the message rendered, `words` added (pages)."""
    rows = [as_dict(item) for item in items]  # type: ignore[arg-type]
    for row, words in zip(rows, in_words(actor, conflict, rows), strict=True):
        row["message"] = words.message
        row["words"] = words
    return rows


def for_api(
    actor: Actor, conflict: ConflictFields, items: Iterable[Stored | Mapping[str, Any]]
) -> list[dict[str, Any]]:
    """Return findings as the API answers them: fields as stored, the message rendered.

    Computed findings keep their shape (no id, no triage fields); the evidence keeps ids.
    """
    rows = [
        dict(item) if isinstance(item, Mapping) else {n: getattr(item, n) for n in ROW_FIELDS}
        for item in items
    ]
    for row, words in zip(rows, in_words(actor, conflict, rows), strict=True):
        row["message"] = words.message
    return rows


def gap_messages(actor: Actor, conflict: ConflictFields, as_of: date) -> dict[str, str]:
    """Return the reader's gap findings' messages by key (coverage shows gaps by key)."""
    gaps = [as_dict(item) for item in findings_for(actor, conflict, as_of)]
    gaps = [row for row in gaps if str(row["code"]).endswith("_gap")]
    return {
        row["key"]: words.message
        for row, words in zip(gaps, in_words(actor, conflict, gaps), strict=True)
    }


def with_gap_words(
    actor: Actor, conflict: ConflictFields, as_of: date, coverage: Mapping[str, Any]
) -> dict[str, Any]:
    """Return a coverage (API shape) whose gaps' messages are told for the reader."""
    messages = gap_messages(actor, conflict, as_of)
    gaps = [
        {**gap, "message": messages.get(gap["key"], gap["message"])}
        for gap in coverage.get("gaps", ())
    ]
    return {**coverage, "gaps": gaps}


def render(item: Mapping[str, Any], names: Names) -> Worded:
    """Render one finding with names already looked up."""
    code = item["code"]
    inputs = dict((item.get("evidence") or {}).get("inputs", {}))
    threshold = dict((item.get("evidence") or {}).get("threshold", {}))
    you = "" if names.coordinates else PHRASES["you"]
    context = Context(item, inputs, threshold, names, you)
    try:
        template = MESSAGES.get(code)
        message = template.format(**_VALUES[code](context)) if template else item["message"]
        evidence = tuple(EVIDENCE_RULES[code](context)) if code in EVIDENCE_RULES else ()
    except (KeyError, IndexError, TypeError, ValueError):
        # A finding stored by an older version may lack an input: keep its own sentence.
        message, evidence = item["message"], ()
    initiatives = tuple((iid, names.titles.get(iid)) for iid in initiatives_of(item) if iid)
    people = tuple(names.people[ref] for ref in _refs(item, inputs) if ref in names.people)
    return Worded(_capital(message), evidence, initiatives, people)


def _capital(text: str) -> str:
    """Start a sentence with a capital letter (a title may start with "an initiative")."""
    return text[:1].upper() + text[1:]


def _refs(item: Mapping[str, Any], inputs: Mapping[str, Any]) -> list[str]:
    """The person refs a finding names: its subject, or the people of a legal_risk match."""
    refs = list(item.get("person_refs") or ())
    refs += [m["person_ref"] for m in inputs.get("matches", ()) if m["person_ref"] not in refs]
    return refs


def _pair(c: Context) -> Values:
    """Values of the four overlap messages."""
    a, b = c.ids("initiative_ids")
    issues = [c.names.issue(i) for i in c.inputs.get("shared_issue_ids", ())]
    bodies = [c.names.body(i) for i in c.inputs.get("shared_track_one_body_ids", ())]
    return {
        "a": c.names.initiative(a),
        "b": c.names.initiative(b),
        "issues": joined(issues) or PHRASES["a_shared_issue"],
        "bodies": joined(bodies) or PHRASES["the_same_body"],
        "people": people_count(int(c.inputs.get("shared_people", 0))),
        "agreed": PHRASES["agreed"] if c.inputs.get("agreed_link") else "",
    }


def _one_sided(c: Context) -> Values:
    """Values of `one_sided`."""
    party = c.names.party(c.inputs["party_id"])
    return {"initiative": c.first(), "count": c.inputs["participants"], "party": party}


def _asymmetry(c: Context) -> Values:
    """Values of `representation_asymmetry`: the best and least represented parties."""
    counts = {int(k): n for k, n in c.inputs["participations_by_party"].items()}
    largest = max(counts, key=lambda k: (counts[k], -k))
    smallest = min(counts, key=lambda k: (counts[k], k))
    return {
        "initiative": c.first(),
        "largest_party": c.names.party(largest),
        "largest": counts[largest],
        "smallest_party": c.names.party(smallest),
        "smallest": counts[smallest],
    }


def _one_sided_transfer(c: Context) -> Values:
    """Values of `one_sided_transfer`: the parties reached and not reached."""
    return {
        "initiative": c.first(),
        "reached": joined(c.names.party(p) for p in c.inputs["reached_party_ids"]),
        "unreached": joined(c.names.party(p) for p in c.inputs["unreached_party_ids"]),
    }


def _legal_risk(c: Context) -> Values:
    """Values of `legal_risk`: the designated entities matched, with their lists."""
    entities = []
    for match in c.inputs.get("matches", ()):
        entity = c.names.entity(match["entity_id"])
        named = f"{entity.name} ({entity.list_name})"
        if named not in entities:
            entities.append(named)
    return {"initiative": c.first(), "entities": joined(entities)}


def _stale(c: Context) -> Values:
    """Values of `stale_record`: why the record looks stale."""
    if c.inputs.get("end_date_passed"):
        reason = PHRASES["ended"].format(date=c.inputs["end_date"])
    else:
        reason = PHRASES["idle"].format(days=c.inputs["days_since_update"])
    return {"initiative": c.first(), "status": c.inputs["status"], "reason": reason}


def _overload(c: Context) -> Values:
    """Values of `participant_overload`: the person and the initiatives it takes part in."""
    ids = c.inputs.get("simultaneous_initiative_ids", ())
    return {
        "person": c.names.person(c.ids("person_refs")[0]),
        "count": len(ids),
        "initiatives": joined(c.names.initiative(i) for i in ids),
    }


def _gap(kind: str, lookup: Callable[[Names, int], str], field: str) -> Callable[[Context], Values]:
    """Values of a gap about one subject of a kind."""

    def values(c: Context) -> Values:
        """Name the subject of the gap."""
        subject = lookup(c.names, c.ids(field)[0])
        agenda = PHRASES["agenda"] if c.inputs.get("on_track_one_agenda") else ""
        spoiler = PHRASES["spoiler"] if c.inputs.get("potential_spoiler") else ""
        return {kind: subject, "you": c.you, "agenda": agenda, "spoiler": spoiler}

    return values


def _party_pair(c: Context) -> Values:
    """Values of `party_pair_gap`."""
    first, second = (c.names.party(p) for p in c.ids("party_ids"))
    return {"first": first, "second": second}


def _ripe(c: Context) -> Values:
    """Values of `ripe_moment_gap`: stalled talks or escalation."""
    stalled = c.inputs.get("track_one_status") in ("stalled", "broken_down")
    return {"why": PHRASES["stalled" if stalled else "escalating"], "you": c.you}


def _funder(c: Context) -> Values:
    """Values of `funder_concentration`."""
    return {
        "funder": c.names.organisation(c.ids("organisation_ids")[0]),
        "count": c.inputs["funded_initiatives"],
        "total": c.inputs["live_funded_initiatives"],
        "you": c.you,
    }


def _initiative_only(c: Context) -> Values:
    """Values of a message naming only its initiative."""
    return {"initiative": c.first(), "carrier": PHRASES["carrier"]}


_VALUES: dict[str, Callable[[Context], Values]] = {
    "competing_channel": _pair,
    "duplicate_initiative": _pair,
    "scope_overlap": _pair,
    "shared_participants": _pair,
    "one_sided": _one_sided,
    "representation_asymmetry": _asymmetry,
    "no_transfer_channel": _initiative_only,
    "one_sided_transfer": _one_sided_transfer,
    "single_point_transfer": _initiative_only,
    "legal_risk": _legal_risk,
    "stale_record": _stale,
    "participant_overload": _overload,
    "issue_gap": _gap("issue", Names.issue, "issue_ids"),
    "party_gap": _gap("party", Names.party, "party_ids"),
    "party_pair_gap": _party_pair,
    "region_gap": _gap("region", Names.region, "region_ids"),
    "channel_gap": _gap("body", Names.body, "track_one_body_ids"),
    "ripe_moment_gap": _ripe,
    "funder_concentration": _funder,
    "gender_gap": lambda c: {"women": c.inputs["women"], "people": c.inputs["people"]},
}


def _round_issues(c: Context) -> Values:
    """Values of the two agenda codes: the round by title and dates, and its issues."""
    issues = c.inputs.get("issue_ids", ())
    return {
        "round": c.names.round(c.ids("round_ids")[0]),
        "issues": joined(c.names.issue(i) for i in issues),
        "them": PHRASES["it" if len(issues) == 1 else "them"],
        "days": c.threshold.get("delivery_window_days", 180),
        "you": c.you,
    }


def _drought(c: Context) -> Values:
    """Values of `transfer_drought`: the initiative and its last delivery."""
    last = c.inputs.get("last_delivered_on")
    return {
        "initiative": c.first(),
        "days": c.threshold.get("delivery_window_days", 180),
        "last": PHRASES["last_delivery"].format(date=last) if last else PHRASES["never_delivered"],
    }


def _unacknowledged(c: Context) -> Values:
    """Values of `unacknowledged_transfer`: its transfers by title."""
    return {
        "initiative": c.first(),
        "transfers": joined(c.names.transfer(t) for t in c.inputs.get("transfer_ids", ())),
        "days": c.threshold.get("acknowledge_days", 60),
    }


def _rivals(c: Context) -> Values:
    """Values of `competing_proposals`: the two initiatives, bodies and shared issues."""
    a, b = c.ids("initiative_ids")
    pairs = c.inputs.get("pairs", ())
    bodies = dict.fromkeys(c.names.body(p["track_one_body_id"]) for p in pairs)
    issues = dict.fromkeys(c.names.issue(i) for p in pairs for i in p["issue_ids"])
    return {
        "a": c.names.initiative(a),
        "b": c.names.initiative(b),
        "bodies": joined(bodies),
        "issues": joined(issues),
        "days": c.threshold.get("rival_gap_days", 90),
    }


_VALUES.update(
    {
        "agenda_uncovered": _round_issues,
        "agenda_undelivered": _round_issues,
        "transfer_drought": _drought,
        "unacknowledged_transfer": _unacknowledged,
        "competing_proposals": _rivals,
    }
)
