"""Plain words for the registry's codes, as programme officers read them on the pages."""

from __future__ import annotations

from ..models import enums


def _plain(values: tuple[str, ...], **special: str) -> dict[str, str]:
    """Label each code with its words ("civil_society" -> "Civil society") unless given."""
    return {value: special.get(value, value.replace("_", " ").capitalize()) for value in values}


TRACKS = {
    "2": "Track 2: unofficial participants (civil society, experts, community leaders)",
    "1.5": "Track 1.5: officials take part in a private capacity",
    "3": "Track 3: grassroots, people to people",
}
MODES = {
    "soft": "Relationship building: trust and understanding, no proposals expected",
    "hard": "Proposals for Track One: producing proposals or frameworks for the official talks",
}
METHODS = _plain(enums.METHODS, shuttle="Shuttle mediation")
STATUSES = _plain(enums.INITIATIVE_STATUSES)
CONFIDENTIALITY = {
    "public": "Public",
    "registry": "Registry (the usual choice)",
    "restricted": "Restricted",
    "sealed": "Sealed",
}
# What each level means, in the words of SPEC section 3. Participants' names are
# never shown by any level: outside your organisation people appear by pseudonym.
CONFIDENTIALITY_HELP = {
    "public": "Anyone, even without an account, sees the title, sponsor, dates, issues, "
    "regions, track and mode. Signed-in members see every detail except the participants.",
    "registry": "Only signed-in members of the registry see it; they see every detail except "
    "the participants. Your funders and the conflict's coordinators also see the participants.",
    "restricted": "Other members do not see it at all. Only your organisation, your funders "
    "and the conflict's coordinators see it, participants included.",
    "sealed": "Only your organisation and the conflict's coordinators see it. Not even your "
    "funders see it.",
}
# The same, read by anyone but the sponsor (a funder, a coordinator, another member).
CONFIDENTIALITY_HELP_OTHERS = {
    "public": CONFIDENTIALITY_HELP["public"],
    "registry": "Only signed-in members of the registry see it; they see every detail except "
    "the participants. The sponsor's funders and the conflict's coordinators also see the "
    "participants.",
    "restricted": "Other members do not see it at all. Only the sponsor, its funders and the "
    "conflict's coordinators see it, participants included.",
    "sealed": "Only the sponsor and the conflict's coordinators see it. Not even its funders "
    "see it.",
}
# Badges name the level only ("the usual choice" is advice for the form, not a state).
CONFIDENTIALITY_BADGES = {
    "public": "Public",
    "registry": "Registry members",
    "restricted": "Restricted",
    "sealed": "Sealed",
}
GENDERS = _plain(enums.GENDERS)
SECTORS = _plain(
    enums.SECTORS,
    former_official="Former official",
    serving_official="Serving official",
    traditional_leader="Traditional leader",
)
PROXIMITIES = {
    "0": "0: is a Track One negotiator or decision maker",
    "1": "1: has direct access to decision makers",
    "2": "2: one step removed from decision makers",
    "3": "3: no access to decision makers",
}
VISIBILITIES = {
    "pseudonymous": "Pseudonymous (recommended)",
    "named": "Named",
}
VISIBILITY_HELP = {
    "pseudonymous": "Outside your organisation only the pseudonym is shown. A coordinator may "
    "ask your organisation's admin to reveal the name for 24 hours; every read is recorded.",
    "named": "The full name is shown to everyone who sees this person's participation "
    "(your funders and the conflict's coordinators); every read is recorded.",
}
ROLES = _plain(enums.PARTICIPATION_ROLES)
MECHANISMS = {
    "participant_official_role": "A participant holds an official role",
    "direct_briefing": "Direct briefing",
    "facilitator_briefing": "Briefing by the facilitators",
    "written_submission": "Written submission",
    "formal_consultation": "Formal consultation",
    "media": "Media",
    "back_channel": "Back channel",
}
TRANSFER_KINDS = _plain(enums.TRANSFER_KINDS)
EVIDENCE = {
    "claimed": "Claimed by the sponsor",
    "acknowledged": "Acknowledged by the recipient",
    "documented_uptake": "Documented uptake",
}
LINK_KINDS = _plain(enums.LINK_KINDS)
LINK_STATUSES = _plain(enums.LINK_STATUSES)
PARTY_KINDS = _plain(enums.PARTY_KINDS, non_state_armed="Non-state armed group")
BODY_KINDS = _plain(enums.TRACK_ONE_BODY_KINDS)
TRACK_ONE_STATUSES = _plain(
    enums.TRACK_ONE_STATUSES, none="No official talks", pre_negotiation="Pre-negotiation"
)
ESCALATION_STAGES = _plain(enums.ESCALATION_STAGES)
