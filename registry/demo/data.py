"""Demo organisations, accounts, conflicts and the designated-entities list (all fictional)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# Key -> the organisation's fields. Every name is invented for the demo.
ORGANISATIONS: dict[str, dict[str, Any]] = {
    "amani": {"name": "Amani Bridges", "kind": "ngo", "country": "KE", "jurisdictions": ["KE"]},
    "kerio": {
        "name": "Kerio Dialogue Partners",
        "kind": "ngo",
        "country": "KE",
        "jurisdictions": ["KE"],
    },
    "crossing": {
        "name": "Crossing Points Initiative",
        "kind": "ngo",
        "country": "CH",
        "jurisdictions": ["CH"],
    },
    "northwind": {
        "name": "Northwind Peace Fund",
        "kind": "donor",
        "country": "US",
        "jurisdictions": ["US"],
    },
    "bramblewood": {
        "name": "Bramblewood Trust",
        "kind": "donor",
        "country": "GB",
        "jurisdictions": ["GB"],
    },
    "secretariat": {
        "name": "Peace Coordination Secretariat",
        "kind": "coordination_body",
        "country": "KE",
        "jurisdictions": ["KE"],
    },
    "operators": {"name": "Registry operators", "kind": "other", "jurisdictions": []},
    "peaceoffice": {
        "name": "Inter-County Peace Committee Secretariat",
        "kind": "government",
        "country": "KE",
        "jurisdictions": ["KE"],
    },
}
# The anchor of the demo's dates is the day this organisation was first created.
ANCHOR_ORGANISATION = "amani"

_KIND_LABELS = {
    "ngo": "NGO",
    "donor": "donor",
    "coordination_body": "coordination body",
    "government": "Track One",
    "other": "platform",
}


@dataclass(frozen=True)
class Account:
    """A demo sign-in account with its fixed, documented password."""

    email: str
    password: str
    role: str
    organisation: str
    display_name: str
    coordinates: tuple[str, ...] = ()
    focal_of: tuple[tuple[str, str], ...] = ()  # (conflict slug, Track One body key)

    @property
    def describe(self) -> str:
        """Say who the account is, e.g. "editor at Amani Bridges (NGO)"."""
        organisation = ORGANISATIONS[self.organisation]
        role = "coordinator" if self.coordinates else self.role.replace("_", " ")
        role = "focal point" if self.focal_of else role
        return f"{role} at {organisation['name']} ({_KIND_LABELS[organisation['kind']]})"


# Positional on purpose: the passwords are public demo values, not secrets.
ACCOUNTS: tuple[Account, ...] = (
    Account("editor.amani@demo.example.org", "demo-amani-editor-2026", "editor", "amani",
            "Wanjiru Amani-Editor (demo)"),
    Account("admin.amani@demo.example.org", "demo-amani-admin-2026", "org_admin", "amani",
            "Otieno Amani-Admin (demo)"),
    Account("editor.kerio@demo.example.org", "demo-kerio-editor-2026", "editor", "kerio",
            "Chebet Kerio-Editor (demo)"),
    Account("admin.kerio@demo.example.org", "demo-kerio-admin-2026", "org_admin", "kerio",
            "Kiplagat Kerio-Admin (demo)"),
    Account("editor.crossing@demo.example.org", "demo-crossing-editor-2026", "editor",
            "crossing", "Nour Crossing-Editor (demo)"),
    Account("admin.crossing@demo.example.org", "demo-crossing-admin-2026", "org_admin",
            "crossing", "Lukas Crossing-Admin (demo)"),
    Account("viewer.northwind@demo.example.org", "demo-northwind-viewer-2026", "viewer",
            "northwind", "Dana Northwind-Viewer (demo)"),
    Account("coordinator@demo.example.org", "demo-coordinator-2026", "viewer", "secretariat",
            "Achieng Coordinator (demo)", ("baringo-turkana", "northbank-border")),
    Account("admin@demo.example.org", "demo-platform-admin-2026", "platform_admin",
            "operators", "Platform Admin (demo)"),
    Account("focal.peace@demo.example.org", "demo-focal-point-2026", "viewer", "peaceoffice",
            "Jepkemoi Focal-Point (demo)", (), (("baringo-turkana", "peace_committee"),)),
)  # fmt: skip

# Slug -> the conflict's fields and its reference data, each keyed for the tables below.
# Track One bodies name their party by key (None: a joint or third-party body).
CONFLICTS: dict[str, dict[str, Any]] = {
    "baringo-turkana": {
        "fields": {
            "name": "Pastoralist conflict in Baringo and Turkana (Kenya)",
            "summary": "Cattle raids and competition for water and pasture between Pokot, "
            "Turkana and Ilchamus herding communities along the Baringo-Turkana county "
            "boundary. Demo data: every record below is fictional.",
            "countries": ["KE"],
            "track_one_status": "exploratory",
            "escalation_stage": "segregation",
        },
        "party": {
            "pokot": {"name": "Pokot community", "kind": "community"},
            "turkana": {"name": "Turkana community", "kind": "community"},
            "ilchamus": {"name": "Ilchamus community", "kind": "community"},
            "gok": {"name": "Government of Kenya", "kind": "state"},
            "raiders": {
                "name": "Armed cattle-raider network",
                "kind": "non_state_armed",
                "potential_spoiler": True,
            },
        },
        "issue": {
            "water": {
                "name": "Water and pasture access",
                "on_track_one_agenda": True,
                "description": "Dry-season access to water points and grazing land.",
            },
            "raids": {
                "name": "Cattle raiding and restitution",
                "on_track_one_agenda": True,
                "description": "Return of raided livestock and compensation.",
            },
            "arms": {
                "name": "Small arms",
                "on_track_one_agenda": True,
                "description": "Illicit firearms held by herders and raiders.",
            },
            "land": {
                "name": "Land and county boundaries",
                "on_track_one_agenda": True,
                "description": "The contested Baringo-Turkana boundary.",
            },
            "livelihoods": {
                "name": "Youth livelihoods",
                "on_track_one_agenda": False,
                "description": "Alternatives to raiding for young herders.",
            },
        },
        "region": {
            "tiaty": {"name": "Tiaty"},
            "turkana_south": {"name": "Turkana South"},
            "turkana_east": {"name": "Turkana East"},
            "baringo_north": {"name": "Baringo North"},
            "baringo_south": {"name": "Baringo South"},
            "kerio": {"name": "Kerio Valley"},
        },
        "track_one_body": {
            "peace_committee": {
                "name": "Baringo-Turkana Inter-County Peace Committee",
                "kind": "other",
                "party": None,
            },
            "steering": {
                "name": "National Peacebuilding Steering Committee",
                "kind": "government",
                "party": "gok",
            },
            "rangelands": {
                "name": "Eastern Rangelands Peace Mechanism",
                "kind": "intergovernmental",
                "party": None,
            },
            "pokot_elders": {
                "name": "Pokot Elders' Negotiating Council",
                "kind": "negotiation_delegation",
                "party": "pokot",
            },
            "turkana_elders": {
                "name": "Turkana Elders' Negotiating Council",
                "kind": "negotiation_delegation",
                "party": "turkana",
            },
        },
    },
    "northbank-border": {
        "fields": {
            "name": "Northbank-Sahilia border dispute",
            "summary": "A dispute between two fictional states over the course of their "
            "river boundary, water sharing and detainees. Demo data: entirely fictional.",
            "countries": ["XN", "XS"],
            "track_one_status": "stalled",
            "escalation_stage": "polarisation",
        },
        "party": {
            "northbank": {"name": "Republic of Northbank", "kind": "state"},
            "sahilia": {"name": "State of Sahilia", "kind": "state"},
            "river": {"name": "Riverbank farming and fishing communities", "kind": "community"},
            "erf": {
                "name": "Eastern Riverbank Front",
                "kind": "non_state_armed",
                "potential_spoiler": True,
            },
        },
        "issue": {
            "demarcation": {
                "name": "Demarcation of the river boundary",
                "on_track_one_agenda": True,
            },
            "water_sharing": {"name": "Sharing of river water", "on_track_one_agenda": True},
            "crossings": {"name": "Border crossings and trade", "on_track_one_agenda": False},
            "detainees": {"name": "Detainees and missing persons", "on_track_one_agenda": True},
            "returns": {"name": "Return of displaced families", "on_track_one_agenda": False},
        },
        "region": {
            "upper_valley": {"name": "Upper river valley"},
            "delta": {"name": "River delta"},
            "market_towns": {"name": "Border market towns"},
            "plateau": {"name": "Eastern plateau"},
        },
        "track_one_body": {
            "northbank_delegation": {
                "name": "Northbank negotiation delegation",
                "kind": "negotiation_delegation",
                "party": "northbank",
            },
            "sahilia_delegation": {
                "name": "Sahilia negotiation delegation",
                "kind": "negotiation_delegation",
                "party": "sahilia",
            },
            "envoy": {
                "name": "Office of the Special Envoy for the Northbank-Sahilia Border",
                "kind": "mediator_office",
                "party": None,
            },
            "boundary_commission": {
                "name": "Joint Boundary Commission",
                "kind": "intergovernmental",
                "party": None,
            },
        },
    },
}
REFERENCE_KINDS = ("party", "issue", "region", "track_one_body")

DESIGNATED_ENTITIES: tuple[dict[str, Any], ...] = (
    {
        "name": "Eastern Riverbank Front",
        "aliases": ["Jabhat al-Diffa al-Sharqiya", "ERF"],
        "list_name": "Demo designated-entities list (fictional)",
        "jurisdictions": ["US"],
    },
)
