"""How the overlap map draws what it shows: colours of codes and sponsors, widths, marks.

Kept in one place so the page's legend and the drawing script (which reads these values
from the page's data island) cannot disagree.
"""

from __future__ import annotations

import math

from ..analysis.codes import COLOURS, EDGE_CODES, LABELS, SELECTION_COLOUR

# The codes' colours and labels come from their one registry (`analysis.codes`).
CODE_LABELS = {code: LABELS[code] for code in EDGE_CODES}
# Paul Tol's "muted" scheme for sponsors; sponsors beyond it share the grey.
SPONSOR_PALETTE = (
    "#332288",
    "#88CCEE",
    "#44AA99",
    "#117733",
    "#999933",
    "#DDCC77",
    "#CC6677",
    "#882255",
    "#AA4499",
)
OTHER_SPONSORS = "#BBBBBB"
SEVERITY_WIDTHS = {"high": 7, "medium": 4, "low": 2, "info": 1}
# A node's border tells its most severe open finding: thicker and darker when worse.
WORST_BORDERS = {
    "high": {"width": 6, "colour": "#495057", "style": "double"},
    "medium": {"width": 4, "colour": "#495057", "style": "solid"},
    "low": {"width": 2, "colour": "#868E96", "style": "solid"},
    "info": {"width": 1, "colour": "#CED4DA", "style": "solid"},
}
LABEL_LENGTH = 24


def code_colours() -> dict[str, str]:
    """The colour of each overlap code."""
    return {code: COLOURS[code] for code in EDGE_CODES}


def selection_colour() -> str:
    """The selection's colour, which the registry keeps from every code."""
    return SELECTION_COLOUR


def sponsor_colour(rank: int) -> str:
    """The colour of the sponsor ranked `rank` (by initiatives on the map)."""
    return SPONSOR_PALETTE[rank] if rank < len(SPONSOR_PALETTE) else OTHER_SPONSORS


def short_title(title: str) -> str:
    """A node's label: the title cut at a word to fit beside the node."""
    if len(title) <= LABEL_LENGTH:
        return title
    cut = title[: LABEL_LENGTH - 1].rsplit(" ", 1)[0] or title[: LABEL_LENGTH - 1]
    return cut.rstrip(" ,;:-–(") + "…"


def node_size(participants: int | None) -> int:
    """A node's diameter in pixels: grows with the square root of its participants."""
    if participants is None:
        return 24
    return min(60, 16 + round(6 * math.sqrt(participants)))
