"""A finding's evidence as sentences for pages ("issues in common: water, grazing").

The API keeps the evidence with ids; pages show these. One function per code, each
yielding sentences built from `finding_templates.EVIDENCE`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from .finding_context import Context, joined, percent
from .finding_templates import EVIDENCE

Sentences = Iterator[str]


def _say(name: str, **values: object) -> str:
    """Fill one evidence template."""
    return EVIDENCE[name].format(**values)


def _pair(c: Context) -> Sentences:
    """The facets of an overlap, each as a sentence."""
    issues = [c.names.issue(i) for i in c.inputs.get("shared_issue_ids", ())]
    yield _say("issues_in_common", issues=joined(issues)) if issues else _say("no_issue_in_common")
    overlap, limit = c.inputs.get("issue_overlap", 0), c.threshold.get("issue_overlap", 0.5)
    yield _say("issue_overlap", overlap=percent(overlap), threshold=percent(limit))
    bodies = [c.names.body(i) for i in c.inputs.get("shared_track_one_body_ids", ())]
    if bodies:
        yield _say("both_brief", bodies=joined(bodies))
    yield from _people_facet(c)
    yield _say("regions_meet" if c.inputs.get("regions_compatible") else "regions_apart")
    yield _say("same_mode" if c.inputs.get("same_mode") else "different_modes")
    if c.inputs.get("agreed_link"):
        yield _say("agreed_link")


def _people_facet(c: Context) -> Sentences:
    """People in common, only where the reader sees both initiatives' participants."""
    if not set(c.ids("initiative_ids")) <= c.names.with_rows:
        yield _say("people_unseen")
        return
    shared = int(c.inputs.get("shared_people", 0))
    if not shared:
        yield _say("shares_no_people")
        return
    overlap = float(c.inputs.get("participant_overlap", 0))
    total = c.inputs.get("matched_people") or round(shared / overlap)
    yield _say("shares_people", shared=shared, total=total)
    yield _say(
        "participant_overlap",
        overlap=percent(overlap),
        duplicate=percent(c.threshold.get("duplicate_participant_overlap", 0.3)),
        medium=percent(c.threshold.get("shared_participants_medium", 0.4)),
    )


def _one_sided(c: Context) -> Sentences:
    """All participants of one party, and not intra-party."""
    party = c.names.party(c.inputs["party_id"])
    minimum = c.threshold.get("min_participants", 2)
    yield _say("all_from_party", count=c.inputs["participants"], party=party, minimum=minimum)
    yield _say("not_intra_party")


def _asymmetry(c: Context) -> Sentences:
    """Participations by party and the factor that fired."""
    counts = sorted(
        ((c.names.party(k), n) for k, n in c.inputs["participations_by_party"].items()),
        key=lambda pair: (-pair[1], pair[0]),
    )
    yield _say("by_party", counts=", ".join(f"{name} {n}" for name, n in counts))
    yield _say("asymmetry_factor", factor=f"{float(c.threshold.get('factor', 2)):g}")


def _no_channel(c: Context) -> Sentences:
    """No channel, no carrier, and the mode that set the severity."""
    yield _say("no_channel")
    yield _say("no_carrier", proximity=c.threshold.get("carrier_max_proximity", 1))
    yield _say("mode_hard" if c.inputs.get("mode") == "hard" else "mode_soft")


def _one_sided_transfer(c: Context) -> Sentences:
    """The parties among its participants, reached and not."""
    for name, field in (
        ("parties_among", "party_ids"),
        ("reaches", "reached_party_ids"),
        ("does_not_reach", "unreached_party_ids"),
    ):
        yield _say(name, parties=joined(c.names.party(p) for p in c.inputs[field]))


def _single_point(c: Context) -> Sentences:
    """Channels, none institutional, and one carrier."""
    yield _say("channels_none_institutional", channels=c.inputs.get("channels", 0))
    yield _say("one_carrier")


def _legal_risk(c: Context) -> Sentences:
    """Every designated match: the person, the entity, its list and the binding codes."""
    for match in c.inputs.get("matches", ()):
        entity = c.names.entity(match["entity_id"])
        codes = ", ".join(match.get("jurisdictions", ()))
        person = c.names.person(match["person_ref"])
        yield _say(
            "designated_match",
            person=person,
            entity=entity.name,
            list_name=entity.list_name,
            codes=codes,
        )
    yield _say("legal_advice")


def _stale(c: Context) -> Sentences:
    """Status, and the end date or the days since the last update."""
    yield _say("status", status=c.inputs["status"])
    if c.inputs.get("end_date_passed"):
        yield _say("end_date_passed", date=c.inputs["end_date"])
    else:
        limit = c.threshold.get("stale_days", 365)
        yield _say("days_since_update", days=c.inputs["days_since_update"], limit=limit)


def _overload(c: Context) -> Sentences:
    """The initiatives at the same time, and how many live ones in all."""
    ids = c.inputs.get("simultaneous_initiative_ids", ())
    yield _say("simultaneous", initiatives=joined(c.names.initiative(i) for i in ids))
    minimum = c.threshold.get("overload_initiatives", 3)
    count = len(c.inputs.get("live_initiative_ids", ()))
    yield _say("live_initiatives_of_person", count=count, minimum=minimum)


def _gap(flag: str, yes: str, no: str) -> Callable[[Context], Sentences]:
    """A gap's flag (agenda, spoiler), if it has one, and the live initiatives considered."""

    def sentences(c: Context) -> Sentences:
        """Say the flag and the count."""
        if flag:
            yield _say(yes if c.inputs.get(flag) else no)
        count = c.inputs.get("live_initiatives", 0)
        yield _say("live_considered", you=c.you, count=count)

    return sentences


def _ripe(c: Context) -> Sentences:
    """The status and stage of the conflict, and no hard Track 2 or 1.5 work."""
    status = str(c.inputs.get("track_one_status", "")).replace("_", " ")
    yield _say("track_one_status", status=status)
    yield _say("escalation_stage", stage=c.inputs.get("escalation_stage", ""))
    yield _say("no_hard_track_two", you=c.you)


def _funder(c: Context) -> Sentences:
    """The funder's share against the threshold."""
    yield _say(
        "funder_share",
        count=c.inputs["funded_initiatives"],
        total=c.inputs["live_funded_initiatives"],
        you=c.you,
        share=percent(c.threshold.get("share", 0.6)),
        minimum=c.threshold.get("min_initiatives", 3),
    )


def _gender(c: Context) -> Sentences:
    """Women among people with a recorded gender, against the threshold."""
    yield _say(
        "women_share",
        women=c.inputs["women"],
        people=c.inputs["people"],
        share=percent(c.threshold.get("min_women_share", 0.3)),
        minimum=c.threshold.get("min_people", 10),
    )


def _round(c: Context, missing: str) -> Sentences:
    """An agenda code: the round's agenda, dates, bodies and the issues that fired."""
    name = c.names.round(c.ids("round_ids")[0])
    agenda = joined(c.names.issue(i) for i in c.inputs.get("agenda_issue_ids", ()))
    yield _say("round_agenda", round=name, issues=agenda)
    yield _say(
        "round_starts",
        date=c.inputs.get("starts_on", ""),
        days=c.inputs.get("days_until", ""),
        horizon=c.threshold.get("round_horizon_days", 90),
    )
    bodies = joined(c.names.body(b) for b in c.inputs.get("track_one_body_ids", ()))
    yield _say("round_bodies", bodies=bodies)
    issues = joined(c.names.issue(i) for i in c.inputs.get("issue_ids", ()))
    window = c.threshold.get("delivery_window_days", 180)
    yield _say(missing, issues=issues, you=c.you, window=window)


def _drought(c: Context) -> Sentences:
    """The last delivery, the channels' bodies and the start date against the thresholds."""
    last = c.inputs.get("last_delivered_on")
    yield _say("last_delivered", date=last) if last else _say("never_delivered")
    bodies = joined(c.names.body(b) for b in c.inputs.get("track_one_body_ids", ()))
    yield _say("channels_to", bodies=bodies)
    days = c.threshold.get("drought_min_age_days", 180)
    yield _say("started_on", date=c.inputs.get("start_date", ""), days=days)


def _unacknowledged(c: Context) -> Sentences:
    """Each transfer still claimed, by title and date."""
    for item in c.inputs.get("transfers", ()):
        title = c.names.transfer(item["id"])
        yield _say("still_claimed", transfer=title, date=item["delivered_on"])
    yield _say("acknowledge_within", days=c.threshold.get("acknowledge_days", 60))


def _rivals(c: Context) -> Sentences:
    """Each pair of rival proposals: titles, dates, body and shared issues."""
    for pair in c.inputs.get("pairs", ()):
        first, second = pair["transfer_ids"]
        yield _say(
            "rival_pair",
            first=c.names.transfer(first),
            first_date=pair["delivered_on"][0],
            second=c.names.transfer(second),
            second_date=pair["delivered_on"][1],
            body=c.names.body(pair["track_one_body_id"]),
            issues=joined(c.names.issue(i) for i in pair["issue_ids"]),
        )
    yield _say(
        "rival_window",
        gap=c.threshold.get("rival_gap_days", 90),
        window=c.threshold.get("rival_window_days", 365),
    )


EVIDENCE_RULES: dict[str, Callable[[Context], Sentences]] = {
    "agenda_uncovered": lambda c: _round(c, "agenda_nobody_covers"),
    "agenda_undelivered": lambda c: _round(c, "agenda_nothing_delivered"),
    "transfer_drought": _drought,
    "unacknowledged_transfer": _unacknowledged,
    "competing_proposals": _rivals,
    "competing_channel": _pair,
    "duplicate_initiative": _pair,
    "scope_overlap": _pair,
    "shared_participants": _pair,
    "one_sided": _one_sided,
    "representation_asymmetry": _asymmetry,
    "no_transfer_channel": _no_channel,
    "one_sided_transfer": _one_sided_transfer,
    "single_point_transfer": _single_point,
    "legal_risk": _legal_risk,
    "stale_record": _stale,
    "participant_overload": _overload,
    "issue_gap": _gap("on_track_one_agenda", "on_agenda", "not_on_agenda"),
    "party_gap": _gap("potential_spoiler", "potential_spoiler", "not_a_spoiler"),
    "party_pair_gap": _gap("", "", ""),
    "region_gap": _gap("", "", ""),
    "channel_gap": _gap("", "", ""),
    "ripe_moment_gap": _ripe,
    "funder_concentration": _funder,
    "gender_gap": _gender,
}
