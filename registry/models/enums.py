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
LINK_PROPOSERS = ("sponsor", "coordinator")
LINK_ANSWERS = ("agreed", "declined")
FINDING_STATUSES = ("open", "acknowledged", "resolved", "dismissed")
ROUND_STATUSES = ("planned", "held", "postponed", "cancelled")
CONFIRMERS = ("coordinator", "focal_point")

# The analysis package, which must stay free of the web and database layers, owns the
# finding codes and severities; the models take them from there so they are written once.
from ..analysis.codes import FINDING_CODES as FINDING_CODES  # noqa: E402
from ..analysis.findings import SEVERITIES as SEVERITIES  # noqa: E402
