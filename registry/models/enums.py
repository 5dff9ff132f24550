"""The enumerations of the specification, shared by models, schemas and forms."""

ORGANISATION_KINDS = ("ngo", "donor", "coordination_body", "academic", "government", "other")
ROLES = ("viewer", "editor", "org_admin", "platform_admin")
TRACK_ONE_STATUSES = (
    "none",
    "exploratory",
    "pre_negotiation",
    "formal_talks",
    "stalled",
    "broken_down",
    "implementation",
)
ESCALATION_STAGES = ("discussion", "polarisation", "segregation", "destruction")
PARTY_KINDS = ("state", "non_state_armed", "political", "community", "other")
TRACK_ONE_BODY_KINDS = (
    "negotiation_delegation",
    "government",
    "mediator_office",
    "parliament",
    "intergovernmental",
    "other",
)
TRACKS = ("2", "1.5", "3")
MODES = ("soft", "hard")
METHODS = (
    "dialogue",
    "problem_solving_workshop",
    "back_channel",
    "consultation",
    "joint_research",
    "shuttle",
    "training",
    "other",
)
INITIATIVE_STATUSES = ("planned", "active", "paused", "concluded", "cancelled")
CONFIDENTIALITY_LEVELS = ("public", "registry", "restricted", "sealed")
GENDERS = ("female", "male", "other", "undisclosed")
SECTORS = (
    "religious",
    "youth",
    "women",
    "business",
    "academic",
    "civil_society",
    "former_official",
    "serving_official",
    "military",
    "media",
    "traditional_leader",
    "other",
)
PROXIMITIES = (0, 1, 2, 3)
IDENTITY_VISIBILITIES = ("pseudonymous", "named")
PARTICIPATION_ROLES = ("participant", "mediator", "facilitator", "observer", "rapporteur")
MECHANISMS = (
    "participant_official_role",
    "direct_briefing",
    "facilitator_briefing",
    "written_submission",
    "formal_consultation",
    "media",
    "back_channel",
)
TRANSFER_KINDS = ("proposal", "framework", "principles", "briefing", "report")
EVIDENCE_LEVELS = ("claimed", "acknowledged", "documented_uptake")
LINK_KINDS = ("information_sharing", "sequencing", "joint_activities", "merged")
LINK_STATUSES = ("proposed", "agreed", "declined")
SEVERITIES = ("high", "medium", "low", "info")
FINDING_STATUSES = ("open", "acknowledged", "resolved", "dismissed")
FINDING_CODES = (
    "competing_channel",
    "duplicate_initiative",
    "scope_overlap",
    "shared_participants",
    "one_sided",
    "representation_asymmetry",
    "no_transfer_channel",
    "one_sided_transfer",
    "single_point_transfer",
    "legal_risk",
    "stale_record",
    "participant_overload",
    "issue_gap",
    "party_gap",
    "party_pair_gap",
    "region_gap",
    "channel_gap",
    "ripe_moment_gap",
    "funder_concentration",
    "gender_gap",
)
