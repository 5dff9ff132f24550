"""The overlap graph's structure: density, connected components and Louvain communities.

Plain dictionaries of integer ids instead of a networkx graph: the overlap graph is
rebuilt on every run and every reader's view, and building a networkx graph and
running its general Louvain took about half of a run's metrics (docs/analysis.md).
The Louvain method here is the standard one (Blondel et al. 2008, as networkx has
it): nodes visited in a seeded random order move to the neighbouring community with
the best modularity gain until none moves, communities are merged into nodes, and
this repeats while modularity grows by more than `threshold`. Tests hold it to
networkx's partitions' modularity on random graphs.
"""

from __future__ import annotations

import random
from collections import deque
from collections.abc import Iterable, Sequence
from itertools import chain

Edge = tuple[int, int, float]


def density(nodes: int, edges: int) -> float:
    """Edges over possible edges of a simple undirected graph (0 below two nodes)."""
    return 2 * edges / (nodes * (nodes - 1)) if nodes > 1 else 0.0


def components(nodes: Iterable[int], edges: Iterable[Edge]) -> list[list[int]]:
    """Connected components, each sorted, in order of their smallest node."""
    parent = {node: node for node in nodes}

    def root(node: int) -> int:
        while parent[node] != node:
            parent[node] = parent[parent[node]]  # path halving
            node = parent[node]
        return node

    for a, b, _ in edges:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[int, list[int]] = {}
    for node in sorted(parent):
        groups.setdefault(root(node), []).append(node)
    return sorted(groups.values())


class _Level:
    """One level of the method: a weighted graph on nodes 0..n-1, self-loops apart."""

    __slots__ = ("degrees", "loops", "neighbours", "total")

    def __init__(self, size: int, edges: Iterable[Edge]) -> None:
        neighbours: list[dict[int, float]] = [{} for _ in range(size)]
        loops, degrees, total = [0.0] * size, [0.0] * size, 0.0
        for a, b, weight in edges:
            total += weight
            if a == b:
                loops[a] += weight
                degrees[a] += 2 * weight
                continue
            row = neighbours[a]
            row[b] = row.get(b, 0.0) + weight
            row = neighbours[b]
            row[a] = row.get(a, 0.0) + weight
            degrees[a] += weight
            degrees[b] += weight
        self.neighbours, self.loops, self.degrees = neighbours, loops, degrees
        self.total = total  # m: the sum of edge weights, self-loops counted once

    def move_nodes(self, order: Sequence[int], resolution: float) -> tuple[list[int], bool]:
        """Local moving: each node's community once no node gains by moving.

        Nodes are visited in `order`, then only those whose neighbourhood changed: a
        node that moves queues its neighbours outside its new community (the queue of
        Traag et al.'s fast local moving), which gives the same kind of partition as
        sweeping every node again, with far fewer visits on large graphs.
        """
        degrees, neighbours = self.degrees, self.neighbours
        community = list(range(len(degrees)))
        totals = degrees.copy()  # sum of degrees in each community
        scale = resolution / (2 * self.total)
        queue = deque(order)
        queued = [True] * len(community)
        moved = False
        while queue:
            node = queue.popleft()
            queued[node] = False
            degree, current = degrees[node], community[node]
            links: dict[int, float] = {}
            for other, weight in neighbours[node].items():
                target = community[other]
                links[target] = links.get(target, 0.0) + weight
            totals[current] -= degree
            pull = scale * degree
            best = current
            best_gain = links.get(current, 0.0) - pull * totals[current]
            for target, weight in links.items():
                gain = weight - pull * totals[target]
                if gain > best_gain:
                    best, best_gain = target, gain
            totals[best] += degree
            if best != current:
                community[node] = best
                moved = True
                for other in neighbours[node]:
                    if not queued[other] and community[other] != best:
                        queued[other] = True
                        queue.append(other)
        return community, moved

    def modularity(self, resolution: float) -> float:
        """Newman's modularity of the partition that puts each node alone.

        After aggregation a node is a community of the graph below and its self-loop
        that community's inner weight, so this is the modularity of that partition,
        computed over nodes rather than edges.
        """
        m = self.total
        return sum(
            loop / m - resolution * (degree / (2 * m)) ** 2
            for loop, degree in zip(self.loops, self.degrees, strict=True)
        )

    def aggregate(self, community: Sequence[int]) -> tuple[_Level, list[int]]:
        """The graph of communities, and each node's new index (in order of first node)."""
        index: dict[int, int] = {}
        for label in community:
            index.setdefault(label, len(index))
        mapping = [index[label] for label in community]
        loops = ((mapping[node], mapping[node], loop) for node, loop in enumerate(self.loops))
        links = (
            (mapping[node], mapping[other], weight)
            for node, row in enumerate(self.neighbours)
            for other, weight in row.items()
            if node < other
        )
        return _Level(len(index), chain(loops, links)), mapping


def louvain_communities(
    nodes: Iterable[int],
    edges: Iterable[Edge],
    seed: int,
    resolution: float = 1.0,
    threshold: float = 1e-7,
) -> list[list[int]]:
    """Communities by the Louvain method, each sorted, in order of their smallest node.

    The same graph and seed give the same partition, whatever the order nodes and
    edges come in. Isolated nodes stay alone.
    """
    ordered = sorted(set(nodes))
    position = {node: index for index, node in enumerate(ordered)}
    # Edges in one order, whatever the input's, so that ties break the same way.
    ends = sorted((min(a, b), max(a, b), weight) for a, b, weight in edges)
    level = _Level(len(ordered), ((position[a], position[b], w) for a, b, w in ends))
    members: list[list[int]] = [[node] for node in ordered]
    if level.total <= 0:
        return members
    rnd = random.Random(seed)  # noqa: S311 (a reproducible order, not a secret)
    quality = level.modularity(resolution)
    while True:
        order = list(range(len(members)))
        rnd.shuffle(order)
        community, moved = level.move_nodes(order, resolution)
        if not moved:
            break
        level, mapping = level.aggregate(community)
        gained = level.modularity(resolution)
        grouped: list[list[int]] = [[] for _ in range(len(level.degrees))]
        for index, group in enumerate(members):
            grouped[mapping[index]].extend(group)
        members = grouped
        if gained - quality <= threshold:
            break
        quality = gained
    return sorted(sorted(group) for group in members)
