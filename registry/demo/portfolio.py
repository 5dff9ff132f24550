"""Demo initiatives with their participations, channels, transfers and coordination links.

Dates are offsets in days from the demo's anchor (the day of its first load).
docs/demo.md explains which finding each record is designed to trigger.
"""

from __future__ import annotations

from typing import Any, NamedTuple


class Seat(NamedTuple):
    """A participation: the sponsor's person (by alias), the role and the party key."""

    alias: str
    role: str
    party: str | None


class Channel(NamedTuple):
    """A channel to a Track One body, carried by a participant (alias) or institutional."""

    body: str
    mechanism: str
    via: str | None
    established: int


class Transfer(NamedTuple):
    """A transfer event through the initiative's channel to `body` by `mechanism`."""

    title: str
    kind: str
    body: str
    mechanism: str
    issues: tuple[str, ...]
    delivered: int
    evidence: str = "claimed"
    round: str | None = None  # the round's title (SPEC 8)
    by_focal_point: bool = False  # raised by the body's focal point, not a coordinator


class Link(NamedTuple):
    """A coordination link between two initiatives (by external id) and its outcome."""

    a: str
    b: str
    kind: str
    decision: str | None


BT, NB = "baringo-turkana", "northbank-border"
S, C, T = Seat, Channel, Transfer

INITIATIVES: tuple[dict[str, Any], ...] = (
    {
        "external_id": "DEMO-BT-01", "conflict": BT, "sponsor": "amani",
        "title": "Kerio Valley water-point dialogues",
        "summary": "Monthly dialogues between Pokot and Turkana herders on sharing dry-season "
        "water points.",
        "track": "2", "mode": "soft", "method": "dialogue", "status": "active",
        "dates": (-120, 420), "confidentiality": "public",
        "issues": ("water", "livelihoods"), "regions": ("kerio", "tiaty"),
        "funders": ("northwind",),
        "seats": (S("AB-Heron", "participant", "turkana"), S("AB-Acacia", "participant", "pokot"),
                  S("AB-Baobab", "participant", "pokot"), S("AB-Ibis", "participant", "turkana"),
                  S("AB-Kite", "participant", "turkana")),
        "channels": (C("peace_committee", "written_submission", None, -90),),
        "transfers": (T("Principles for sharing water points", "principles", "peace_committee",
                        "written_submission", ("water",), -20, "acknowledged",
                        "Kapedo round of the inter-county peace talks", True),),
    },
    {
        "external_id": "DEMO-BT-02", "conflict": BT, "sponsor": "kerio",
        "title": "Tiaty grazing-corridor elders' forum",
        "summary": "Elders of both communities agree a grazing calendar for the corridor.",
        "track": "2", "mode": "soft", "method": "dialogue", "status": "active",
        "dates": (-60, 480), "confidentiality": "registry",
        "issues": ("water", "livelihoods"), "regions": ("tiaty", "turkana_south"),
        "funders": ("northwind",),
        "seats": (S("KDP-Gazelle", "participant", "turkana"), S("KDP-Oryx", "participant", "pokot"),
                  S("KDP-Eland", "participant", "pokot"), S("KDP-Kudu", "participant", "turkana")),
        "channels": (C("turkana_elders", "direct_briefing", "KDP-Gazelle", -40),),
        "transfers": (T("Grazing calendar for the Tiaty corridor", "proposal", "turkana_elders",
                        "direct_briefing", ("water",), -10),),
    },
    {
        "external_id": "DEMO-BT-03", "conflict": BT, "sponsor": "amani",
        "title": "Small arms and restitution workshop (Track 1.5)",
        "summary": "Problem-solving workshops with county and national officials on returning "
        "raided cattle and voluntary disarmament.",
        "track": "1.5", "mode": "hard", "method": "problem_solving_workshop", "status": "active",
        "dates": (-30, 400), "confidentiality": "restricted",
        "issues": ("raids", "arms"), "regions": ("baringo_north", "tiaty"),
        "funders": ("northwind", "bramblewood"),
        "seats": (S("AB-Heron", "participant", "turkana"), S("AB-Marula", "participant", "gok"),
                  S("AB-Tamarind", "participant", "pokot"), S("AB-Ibis", "participant", "turkana"),
                  S("AB-Weaver", "participant", "turkana")),
        "channels": (C("steering", "participant_official_role", "AB-Marula", -25),
                     C("peace_committee", "written_submission", None, -25)),
        "transfers": (T("Framework for the restitution of raided cattle", "framework",
                        "peace_committee", "written_submission", ("raids",), -5),
                      T("Disarmament-for-restitution proposal", "proposal", "peace_committee",
                        "written_submission", ("raids", "arms"), -40)),
    },
    {
        "external_id": "DEMO-BT-04", "conflict": BT, "sponsor": "kerio",
        "title": "Restitution shuttle mediation",
        "summary": "A church mediator shuttles between elders over cattle taken in recent raids.",
        "track": "2", "mode": "hard", "method": "shuttle", "status": "active",
        "dates": (-20, 380), "confidentiality": "sealed",
        "issues": ("raids",), "regions": ("turkana_south", "kerio"), "funders": (),
        "seats": (S("KDP-Impala", "mediator", None), S("KDP-Dikdik", "participant", "turkana"),
                  S("KDP-Hartebeest", "participant", "pokot")),
        "channels": (C("peace_committee", "direct_briefing", None, -15),),
        "transfers": (T("Elders' restitution proposal", "proposal", "peace_committee",
                        "direct_briefing", ("raids",), -12),),
    },
    {
        "external_id": "DEMO-BT-05", "conflict": BT, "sponsor": "kerio",
        "title": "Women's peace caravan, Baringo South",
        "summary": "Ilchamus and Pokot women travel together to markets and water points.",
        "track": "3", "mode": "soft", "method": "dialogue", "status": "planned",
        "dates": (30, 400), "confidentiality": "registry",
        "issues": ("livelihoods",), "regions": ("baringo_south",), "funders": ("bramblewood",),
        "seats": (S("KDP-Topi", "participant", "ilchamus"),
                  S("KDP-Bongo", "participant", "ilchamus"),
                  S("KDP-Sitatunga", "participant", "pokot")),
        "channels": (), "transfers": (),
    },
    {
        "external_id": "DEMO-BT-06", "conflict": BT, "sponsor": "amani", "intra_party": True,
        "title": "Turkana youth leadership training",
        "summary": "Training young Turkana herders as peace monitors (intra-party by design).",
        "track": "2", "mode": "soft", "method": "training", "status": "active",
        "dates": (-10, 390), "confidentiality": "registry",
        "issues": ("arms", "livelihoods"), "regions": ("turkana_south",),
        "funders": ("northwind",),
        "seats": (S("AB-Plover", "participant", "turkana"),
                  S("AB-Sunbird", "participant", "turkana"),
                  S("AB-Hornbill", "participant", "turkana")),
        "channels": (), "transfers": (),
    },
    {
        "external_id": "DEMO-BT-07", "conflict": BT, "sponsor": "kerio",
        "title": "Pokot herders' consultation on water",
        "summary": "Consultation of Pokot herders ahead of the dry season.",
        "track": "2", "mode": "soft", "method": "consultation", "status": "active",
        "dates": (-45, 370), "confidentiality": "registry",
        "issues": ("water",), "regions": ("baringo_north",), "funders": (),
        "seats": (S("KDP-Zebra", "participant", "pokot"),
                  S("KDP-Buffalo", "participant", "pokot")),
        "channels": (C("pokot_elders", "direct_briefing", "KDP-Zebra", -30),),
        "transfers": (),
    },
    {
        "external_id": "DEMO-BT-08", "conflict": BT, "sponsor": "amani",
        "title": "Turkana East boundary listening sessions",
        "summary": "Listening sessions on the county boundary; the record was never closed.",
        "track": "2", "mode": "soft", "method": "dialogue", "status": "active",
        "dates": (-300, -45), "confidentiality": "registry",
        "issues": ("land", "water"), "regions": ("turkana_east",), "funders": (),
        "seats": (S("AB-Kite", "participant", "turkana"),
                  S("AB-Baobab", "participant", "pokot")),
        "channels": (), "transfers": (),
    },
    {
        "external_id": "DEMO-BT-09", "conflict": BT, "sponsor": "kerio",
        "title": "Grazing-boundary mapping study",
        "summary": "Joint research mapping historical grazing boundaries (concluded).",
        "track": "2", "mode": "hard", "method": "joint_research", "status": "concluded",
        "dates": (-420, -200), "confidentiality": "registry",
        "issues": ("land",), "regions": ("baringo_north", "tiaty"), "funders": ("northwind",),
        "seats": (S("KDP-Giraffe", "participant", "pokot"),
                  S("KDP-Kudu", "participant", "turkana")),
        "channels": (C("rangelands", "written_submission", None, -250),),
        "transfers": (T("Grazing-boundary mapping report", "report", "rangelands",
                        "written_submission", ("land",), -210, "acknowledged"),),
    },
    {
        "external_id": "DEMO-NB-01", "conflict": NB, "sponsor": "crossing",
        "title": "River communities' water-sharing dialogue",
        "summary": "Farmers and fishers from both banks discuss seasonal water sharing.",
        "track": "2", "mode": "soft", "method": "dialogue", "status": "active",
        "dates": (-90, 450), "confidentiality": "registry",
        "issues": ("water_sharing", "crossings"), "regions": ("upper_valley", "delta"),
        "funders": ("northwind",),
        "seats": (S("CPI-Atlas", "participant", "northbank"),
                  S("CPI-Borealis", "participant", "sahilia"),
                  S("CPI-Cygnus", "participant", "northbank"),
                  S("CPI-Draco", "participant", "sahilia"),
                  S("CPI-Eridanus", "participant", "river")),
        "channels": (C("envoy", "facilitator_briefing", None, -60),),
        "transfers": (T("Principles for seasonal water sharing", "principles", "envoy",
                        "facilitator_briefing", ("water_sharing",), -15),),
    },
    {
        "external_id": "DEMO-NB-02", "conflict": NB, "sponsor": "amani",
        "title": "Cross-border traders' forum",
        "summary": "Traders of the delta markets on reopening crossings and sharing water.",
        "track": "2", "mode": "soft", "method": "dialogue", "status": "active",
        "dates": (-30, 500), "confidentiality": "public",
        "issues": ("water_sharing", "crossings"), "regions": ("delta", "market_towns"),
        "funders": ("bramblewood",),
        "seats": (S("AB-Cedar", "participant", "northbank"),
                  S("AB-Olive", "participant", "sahilia"),
                  S("AB-Fig", "participant", "northbank"),
                  S("AB-Palm", "participant", "sahilia"),
                  S("AB-Date", "participant", "sahilia")),
        "channels": (C("northbank_delegation", "written_submission", None, -20),
                     C("sahilia_delegation", "written_submission", None, -20)),
        "transfers": (),
    },
    {
        "external_id": "DEMO-NB-03", "conflict": NB, "sponsor": "crossing",
        "title": "Detainees back-channel",
        "summary": "Discreet contacts on detainees and missing persons.",
        "track": "2", "mode": "soft", "method": "back_channel", "status": "active",
        "dates": (-50, 380), "confidentiality": "sealed",
        "issues": ("detainees",), "regions": ("plateau",), "funders": (),
        "seats": (S("CPI-Fornax", "participant", "northbank"),
                  S("CPI-Gemini", "participant", "sahilia"),
                  S("CPI-Hydra", "participant", "sahilia")),
        "channels": (C("northbank_delegation", "back_channel", "CPI-Fornax", -40),),
        "transfers": (),
    },
    {
        "external_id": "DEMO-NB-04", "conflict": NB, "sponsor": "amani",
        "title": "Women's cross-river solidarity network",
        "summary": "Women from both banks prepare the return of displaced families.",
        "track": "3", "mode": "soft", "method": "dialogue", "status": "planned",
        "dates": (14, 420), "confidentiality": "restricted",
        "issues": ("returns",), "regions": ("market_towns",), "funders": (),
        "seats": (S("AB-Jasmine", "participant", "northbank"),
                  S("AB-Lotus", "participant", "sahilia"),
                  S("AB-Reed", "participant", "river")),
        "channels": (), "transfers": (),
    },
    {
        "external_id": "DEMO-NB-05", "conflict": NB, "sponsor": "crossing",
        "title": "Boundary options workshop (Track 1.5)",
        "summary": "Former officials draft options for a phased demarcation (paused).",
        "track": "1.5", "mode": "hard", "method": "problem_solving_workshop", "status": "paused",
        "dates": (-200, 100), "confidentiality": "registry",
        "issues": ("demarcation",), "regions": ("upper_valley",), "funders": ("northwind",),
        "seats": (S("CPI-Fornax", "participant", "northbank"),
                  S("CPI-Indus", "participant", "sahilia")),
        "channels": (C("envoy", "formal_consultation", None, -180),),
        "transfers": (T("Options for a phased demarcation", "framework", "envoy",
                        "formal_consultation", ("demarcation",), -100),),
    },
    {
        "external_id": "DEMO-NB-06", "conflict": NB, "sponsor": "crossing",
        "title": "Border security arrangements dialogue (Track 1.5)",
        "summary": "Former officers of both sides draft joint patrol arrangements; its last "
        "proposal went to the envoy long ago.",
        "track": "1.5", "mode": "hard", "method": "problem_solving_workshop", "status": "active",
        "dates": (-400, 200), "confidentiality": "registry",
        "issues": ("crossings",), "regions": ("market_towns",), "funders": (),
        "seats": (),
        "channels": (C("envoy", "written_submission", None, -380),),
        "transfers": (T("Joint border patrol proposal", "proposal", "envoy",
                        "written_submission", ("crossings",), -250),),
    },
)  # fmt: skip

LINKS: tuple[Link, ...] = (
    Link("DEMO-BT-02", "DEMO-BT-03", "information_sharing", "agreed"),
    Link("DEMO-NB-01", "DEMO-NB-02", "sequencing", None),
)
