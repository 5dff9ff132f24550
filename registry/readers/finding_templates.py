"""Every sentence a finding is told in, in one place, ready for translation.

`MESSAGES` holds each code's message and `EVIDENCE` the sentences its evidence is told
in; `PHRASES` the pieces they share. Placeholders are named, filled by
`registry.readers.finding_words` with names the reader may see. A code without an
entry here is shown with its stored message, which never holds a name or an id.
"""

from __future__ import annotations

MESSAGES = {
    "competing_channel": (
        "{a} and {b} run at the same time on {issues} and both brief {bodies}, so they "
        "may feed it competing proposals{agreed}."
    ),
    "duplicate_initiative": (
        "{a} and {b} run at the same time in the same mode on largely the same issues "
        "({issues}) and regions, with {people} in common: one may duplicate the other{agreed}."
    ),
    "scope_overlap": (
        "{a} and {b} run at the same time on largely the same issues ({issues}) in "
        "overlapping regions{agreed}."
    ),
    "shared_participants": "{a} and {b} run at the same time with {people} in common{agreed}.",
    "one_sided": (
        "{initiative} is not meant to be intra-party, yet all of its {count} participants "
        "come from {party}."
    ),
    "representation_asymmetry": (
        "In {initiative}, {largest_party} has {largest} participations and {smallest_party} "
        "only {smallest}."
    ),
    "no_transfer_channel": (
        "{initiative} has no channel to Track One and no one with direct access to decision "
        "makers, so its results may never reach the official track."
    ),
    "one_sided_transfer": (
        "{initiative} reaches the official track of {reached} but not of {unreached}, "
        "though participants of each take part."
    ),
    "single_point_transfer": (
        "{initiative} depends on {carrier} alone to carry its results to Track One and has "
        "no institutional channel."
    ),
    "legal_risk": (
        "{initiative} has participants whose affiliation matches {entities}, on a list "
        "that binds its sponsor or a funder; refer it for legal review."
    ),
    "stale_record": "{initiative} is still marked {status} but {reason}.",
    "participant_overload": (
        "{person} takes part in {count} live initiatives running at the same time: {initiatives}."
    ),
    "issue_gap": "No live initiative{you} covers {issue}{agenda}.",
    "party_gap": "No live initiative has participants from {party}{spoiler}.",
    "party_pair_gap": "No live initiative brings together participants of {first} and {second}.",
    "region_gap": "No live initiative{you} covers {region}.",
    "channel_gap": "No live initiative{you} has a channel to {body}.",
    "ripe_moment_gap": (
        "Although {why}, no live Track 2 or Track 1.5 initiative{you} is producing proposals "
        "for Track One."
    ),
    "funder_concentration": (
        "{funder} funds {count} of the {total} live funded initiatives{you} on this conflict."
    ),
    "gender_gap": (
        "Only {women} of the {people} people with a recorded gender in live initiatives are women."
    ),
    "agenda_uncovered": "No live initiative{you} covers {issues}, on the agenda of {round}.",
    "agenda_undelivered": (
        "Live initiatives{you} cover {issues}, on the agenda of {round}, but no transfer on "
        "{them} reached its Track One bodies in the last {days} days."
    ),
    "transfer_drought": (
        "{initiative} produces proposals for Track One but delivered nothing in the last "
        "{days} days{last}."
    ),
    "unacknowledged_transfer": (
        "Nobody on Track One has confirmed {transfers} of {initiative}, delivered more than "
        "{days} days ago."
    ),
    "competing_proposals": (
        "{a} and {b} delivered rival proposals to {bodies} on {issues} within {days} days of "
        "each other, without an agreed coordination link."
    ),
}

PHRASES = {
    "you": " you may see",
    "agreed": ", though their sponsors have agreed to coordinate",
    "agenda": ", although it is on the Track One agenda",
    "spoiler": ", a potential spoiler",
    "stalled": "official talks are stalled or broken down",
    "escalating": "the conflict is escalating",
    "ended": "its end date, {date}, has passed",
    "idle": "it has not been updated for {days} days",
    "one_person": "1 person",
    "people": "{count} people",
    "no_one": "no one",
    "a_shared_issue": "a shared issue",
    "the_same_body": "the same Track One body",
    "carrier": "one person",
    "list": ", ",
    "and": " and ",
    "it": "it",
    "them": "them",
    "last_delivery": " (its last delivery was on {date})",
    "never_delivered": ", and has never recorded a delivery",
    "a_transfer": "a transfer you may not see",
}

EVIDENCE = {
    "issues_in_common": "issues in common: {issues}",
    "no_issue_in_common": "no issue in common",
    "issue_overlap": "issue overlap {overlap} (the rules count from {threshold})",
    "both_brief": "both brief {bodies}",
    "shares_people": "shares {shared} of {total} matched people",
    "shares_no_people": "no matched person in common",
    "people_unseen": "participants not compared: you may not see both lists",
    "participant_overlap": (
        "participant overlap {overlap} (a duplicate from {duplicate}, medium severity from "
        "{medium})"
    ),
    "regions_meet": "their regions meet",
    "regions_apart": "their regions do not meet",
    "same_mode": "same mode",
    "different_modes": "different modes",
    "agreed_link": "their sponsors agreed to coordinate, so the severity is info",
    "all_from_party": "{count} participants, all from {party} (from {minimum} participants)",
    "not_intra_party": "not marked as intra-party by design",
    "by_party": "participations by party: {counts}",
    "asymmetry_factor": "fires when the largest is more than {factor} times the smallest",
    "no_channel": "no channel to a Track One body",
    "no_carrier": "no participant at proximity {proximity} or closer to decision makers",
    "mode_hard": "mode: proposals for Track One, so the severity is high",
    "mode_soft": "mode: relationship building, so the severity is medium",
    "parties_among": "parties among its participants: {parties}",
    "reaches": "reaches: {parties}",
    "does_not_reach": "does not reach: {parties}",
    "channels_none_institutional": "channels: {channels}, none institutional",
    "one_carrier": "one person carries its results",
    "designated_match": "{person}: affiliation matches {entity} ({list_name}), binding {codes}",
    "legal_advice": "advice for legal review: it blocks nothing",
    "status": "status: {status}",
    "end_date_passed": "end date {date} has passed",
    "days_since_update": "last updated {days} days ago (stale after {limit} days)",
    "simultaneous": "at the same time: {initiatives}",
    "live_initiatives_of_person": "live initiatives in all: {count} (from {minimum})",
    "on_agenda": "on the Track One agenda",
    "not_on_agenda": "not on the Track One agenda",
    "potential_spoiler": "a potential spoiler",
    "not_a_spoiler": "not marked as a potential spoiler",
    "live_considered": "{count} live initiatives{you} were considered",
    "track_one_status": "Track One status: {status}",
    "escalation_stage": "escalation stage: {stage}",
    "no_hard_track_two": "no live Track 2 or 1.5 initiative{you} produces proposals",
    "funder_share": (
        "funds {count} of {total} live funded initiatives{you} (fires from {share} of at "
        "least {minimum})"
    ),
    "women_share": (
        "{women} women among {people} people with a recorded gender (fires below {share}, "
        "from {minimum} people)"
    ),
    "round_agenda": "agenda of {round}: {issues}",
    "round_starts": "starts on {date}, in {days} days (upcoming within {horizon} days)",
    "round_bodies": "Track One bodies meeting: {bodies}",
    "agenda_nobody_covers": "no live initiative{you} covers: {issues}",
    "agenda_nothing_delivered": (
        "covered, with no transfer reaching those bodies in the last {window} days: {issues}"
    ),
    "last_delivered": "last delivery on {date}",
    "never_delivered": "no delivery recorded",
    "channels_to": "channels to {bodies}",
    "started_on": "started on {date} (a drought counts after {days} days)",
    "still_claimed": "{transfer}, delivered on {date}, is still only claimed",
    "acknowledge_within": "confirmation expected within {days} days",
    "rival_pair": "{first} ({first_date}) and {second} ({second_date}) to {body}, on {issues}",
    "rival_window": "within {gap} days of each other, both in the last {window} days",
}
