"""What each finding code means, written once: the `CODES` registry (STYLE 16, issue 10).

The engine, the readers, the pages and the map's colours derive from it; adding a
code is one `CodeSpec` entry here plus its rule (and its words in
`registry.readers.wording`). Colours come from colour-blind-safe palettes (Okabe-Ito for
the codes drawn as edges on the map, Paul Tol's "muted" and "light" schemes for the
others); `SELECTION_COLOUR` is kept for the map's selection and used by no code.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType

SUBJECT_KINDS = (
    "initiative",
    "person",
    "issue",
    "party",
    "region",
    "track_one_body",
    "organisation",
    "conflict",
    "round",
)
SELECTION_COLOUR = "#000000"
# Colours no code uses yet, each far (CIELAB) from every code's, for the next codes
# (Okabe-Ito's bluish green first, for a code the map draws as an edge; then Paul
# Tol's PRGn and dark schemes).
# SPEC 8's five codes took the last five; a next code needs a new colour, checked by the
# same test of distances.
SPARE_COLOURS: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class CodeSpec:
    """One finding code: its subject, how readers may get it, and how pages show it.

    `overlap`: one of SPEC 4.1's pair rules, at most one per pair of initiatives, drawn
    as an edge of the overlap graph (a code about two initiatives that is not one of
    them, such as SPEC 8's `competing_proposals`, is not an overlap code).
    `reads_people`: the rule reads participation rows, so a non-coordinator gets it only
    from initiatives whose rows it may see. `reads_transfers`: likewise for transfer
    lists (SPEC 8). `coordinator_only`: SPEC 3 keeps it from every other reader.
    """

    code: str
    subject: str
    label: str
    colour: str
    severity_rule: str
    overlap: bool = False
    reads_people: bool = False
    reads_transfers: bool = False
    coordinator_only: bool = False

    def __post_init__(self) -> None:
        """Refuse a subject kind the findings cannot hold."""
        if self.subject not in SUBJECT_KINDS:
            raise ValueError(f"unknown subject kind {self.subject!r} for {self.code!r}")


def _registry(*specs: CodeSpec) -> MappingProxyType[str, CodeSpec]:
    """Index the specs by code, in the given (SPEC) order; refuse duplicates."""
    codes = [spec.code for spec in specs]
    colours = [spec.colour.upper() for spec in specs]
    if len(set(codes)) != len(codes) or len(set(colours)) != len(colours):
        raise ValueError("each finding code is registered once, with its own colour")
    if SELECTION_COLOUR in colours:
        raise ValueError("the selection colour is kept for the map")
    return MappingProxyType({spec.code: spec for spec in specs})


# In SPEC order: the overlap codes first, in the order the first that holds wins.
CODES: MappingProxyType[str, CodeSpec] = _registry(
    CodeSpec(
        "competing_channel",
        "initiative",
        "Competing channel",
        "#D55E00",
        "high",
        overlap=True,
    ),
    CodeSpec(
        "duplicate_initiative",
        "initiative",
        "Possible duplicate",
        "#CC79A7",
        "high",
        overlap=True,
        reads_people=True,
    ),
    CodeSpec(
        "scope_overlap",
        "initiative",
        "Scope overlap",
        "#E69F00",
        "medium",
        overlap=True,
    ),
    CodeSpec(
        "shared_participants",
        "initiative",
        "Shared participants",
        "#0072B2",
        "low, medium when the participant overlap reaches its threshold",
        overlap=True,
        reads_people=True,
    ),
    CodeSpec(
        "one_sided",
        "initiative",
        "One-sided participation",
        "#CC6677",
        "high",
        reads_people=True,
    ),
    CodeSpec(
        "representation_asymmetry",
        "initiative",
        "Uneven representation",
        "#332288",
        "low",
        reads_people=True,
    ),
    CodeSpec(
        "no_transfer_channel",
        "initiative",
        "No channel to Track One",
        "#DDCC77",
        "high in hard mode, medium in soft mode",
        reads_people=True,
    ),
    CodeSpec(
        "one_sided_transfer",
        "initiative",
        "One-sided transfer",
        "#117733",
        "medium",
        reads_people=True,
    ),
    CodeSpec(
        "single_point_transfer",
        "initiative",
        "Single point of transfer",
        "#88CCEE",
        "medium",
        reads_people=True,
    ),
    CodeSpec(
        "legal_risk",
        "initiative",
        "Legal risk",
        "#882255",
        "high",
        reads_people=True,
    ),
    CodeSpec("stale_record", "initiative", "Stale record", "#44AA99", "low"),
    CodeSpec(
        "participant_overload",
        "person",
        "Overloaded participant",
        "#999933",
        "medium",
        reads_people=True,
        coordinator_only=True,
    ),
    CodeSpec(
        "issue_gap",
        "issue",
        "Uncovered issue",
        "#AA4499",
        "high when on the Track One agenda, else medium",
    ),
    CodeSpec(
        "party_gap",
        "party",
        "Party left out",
        "#77AADD",
        "high for a potential spoiler, else medium",
        reads_people=True,
        coordinator_only=True,
    ),
    CodeSpec(
        "party_pair_gap",
        "party",
        "Parties never brought together",
        "#EE8866",
        "medium",
        reads_people=True,
        coordinator_only=True,
    ),
    CodeSpec("region_gap", "region", "Uncovered region", "#ACD39E", "low"),
    CodeSpec("channel_gap", "track_one_body", "Track One body unreached", "#FFAABB", "low"),
    CodeSpec("ripe_moment_gap", "conflict", "Ripe moment missed", "#EE3377", "high"),
    CodeSpec("funder_concentration", "organisation", "Funder concentration", "#997700", "low"),
    CodeSpec(
        "gender_gap",
        "conflict",
        "Few women taking part",
        "#BBCC33",
        "low",
        reads_people=True,
        coordinator_only=True,
    ),
    # SPEC 8: timing and transfer. competing_proposals is about two initiatives but is not
    # an overlap code: the map draws it as its own kind of edge.
    CodeSpec("agenda_uncovered", "round", "Agenda issue uncovered", "#663333", "high"),
    CodeSpec(
        "agenda_undelivered",
        "round",
        "Agenda issue with nothing delivered",
        "#C2A5CF",
        "medium",
        reads_transfers=True,
    ),
    CodeSpec(
        "transfer_drought",
        "initiative",
        "Nothing delivered lately",
        "#222255",
        "medium",
        reads_transfers=True,
    ),
    CodeSpec(
        "unacknowledged_transfer",
        "initiative",
        "Transfer not confirmed",
        "#666633",
        "low",
        reads_transfers=True,
    ),
    CodeSpec(
        "competing_proposals",
        "initiative",
        "Competing proposals",
        "#009E73",
        "high",
        reads_transfers=True,
    ),
)

FINDING_CODES: tuple[str, ...] = tuple(CODES)
PAIR_CODES: tuple[str, ...] = tuple(code for code, spec in CODES.items() if spec.overlap)
# The overlap map's edges: the pair findings, and rival proposals to one Track One round
# as edges of their own kind (SPEC 8), in the order the map's legend and filters list them.
RIVAL_CODE = "competing_proposals"
EDGE_CODES: tuple[str, ...] = (*PAIR_CODES, RIVAL_CODE)
PEOPLE_CODES = frozenset(code for code, spec in CODES.items() if spec.reads_people)
TRANSFER_CODES = frozenset(code for code, spec in CODES.items() if spec.reads_transfers)
COORDINATOR_ONLY_CODES = frozenset(code for code, spec in CODES.items() if spec.coordinator_only)
LABELS = MappingProxyType({code: spec.label for code, spec in CODES.items()})
COLOURS = MappingProxyType({code: spec.colour for code, spec in CODES.items()})


def code_data() -> dict[str, dict[str, str | bool]]:
    """Return each code's label, colour and kind as JSON-ready data (the pages' data island)."""
    return {
        code: {
            "label": spec.label,
            "colour": spec.colour,
            "subject": spec.subject,
            "overlap": spec.overlap,
        }
        for code, spec in CODES.items()
    }
