"""The overlap map's caps (SPEC 4.2), one rule for the map page and the map's export: the
strongest edges up to `map_edges`, then the nodes of the strongest edges up to `map_nodes`."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol, TypeVar

from ..services import analysis


class Pair(Protocol):
    """An edge as the caps read it: its two ends."""

    @property
    def source(self) -> int: ...
    @property
    def target(self) -> int: ...


E = TypeVar("E", bound=Pair)


def edge_cap() -> int | None:
    """The most edges a map sends: `map_edges` of REGISTRY_ANALYSIS_CAPS (None: no cap)."""
    cap = analysis.caps().map_edges
    return None if cap is None else max(1, cap)


def node_cap() -> int | None:
    """The most nodes a map sends: `map_nodes` of REGISTRY_ANALYSIS_CAPS (None: no cap)."""
    cap = analysis.caps().map_nodes
    return None if cap is None else max(1, cap)


def strongest_nodes(pairs: Iterable[tuple[int, int]], nodes: Iterable[int]) -> list[int]:
    """Order nodes as a node cap keeps them: the ends of the strongest edge first, in the
    order of the edges given (strongest first), then the nodes no edge touches, by id."""
    order = list(dict.fromkeys(n for pair in pairs for n in pair))
    return order + sorted(set(nodes) - set(order))


def capped(edges: list[E], ids: list[int]) -> tuple[list[E], list[int]]:
    """Keep the strongest edges (given strongest first) up to the edge cap, then the nodes
    up to the node cap, those of the strongest edges first, and the edges between them."""
    kept = edges[: edge_cap()]
    limit = node_cap()
    if limit is None or len(ids) <= limit:
        return kept, ids
    on_map = set(strongest_nodes(((e.source, e.target) for e in kept), ids)[:limit])
    kept = [e for e in kept if e.source in on_map and e.target in on_map]
    return kept, sorted(on_map)
