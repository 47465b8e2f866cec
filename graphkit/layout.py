"""Node positions for drawing a view: igraph's Fruchterman-Reingold layout, cached by shape.

vis-network can lay a graph out in the browser, but it runs its physics simulation to a
standstill before the first drawing, which takes minutes for a few thousand nodes. The
positions are computed here instead, by igraph (C, with a grid approximation of the
repulsive forces for large graphs, so the cost grows about linearly), and drawn with the
physics off. Results are cached by the graph's shape, so the served whole-graph view is
laid out once.
"""

from __future__ import annotations

import hashlib
import math
import random
from collections import OrderedDict
from collections.abc import Iterable, Sequence

import igraph

#: Typical length of an edge in the drawing, in vis-network's canvas units (pixels at zoom 1).
EDGE_LENGTH = 200.0
#: Up to this many nodes the layout is Kamada-Kawai's, above it Fruchterman-Reingold's.
SMALL_GRAPH = 300
_CACHE_SIZE = 16
_cache: OrderedDict[str, dict[str, tuple[float, float]]] = OrderedDict()


def _iterations(count: int) -> int:
    """Fewer iterations for large graphs: the grid layout converges well before 500 there."""
    if count <= 1_000:
        return 500
    if count <= 5_000:
        return 300
    return 200


def _shape_key(node_ids: Sequence[str], edges: Sequence[tuple[str, str]], seed: int) -> str:
    digest = hashlib.blake2b(digest_size=16)
    digest.update(str(seed).encode())
    for node in node_ids:
        digest.update(node.encode() + b"\0")
    digest.update(b"\1")
    for source, target in edges:
        digest.update(source.encode() + b"\0" + target.encode() + b"\0")
    return digest.hexdigest()


def compute_layout(
    node_ids: Sequence[str],
    edges: Iterable[tuple[str, str]],
    *,
    seed: int = 1,
    cache: bool = True,
) -> dict[str, tuple[float, float]]:
    """Return an (x, y) position for every node, scaled so that edges are ~`EDGE_LENGTH` long.

    The same nodes, edges and seed always give the same positions.

    Args:
        node_ids: the nodes, in a fixed order (the order matters for determinism).
        edges: (source, target) pairs; pairs naming unknown nodes are ignored.
        seed: seed of the random start positions.
        cache: reuse the positions computed before for the same graph.
    """
    index = {node: i for i, node in enumerate(node_ids)}
    pairs = sorted({(index[s], index[t]) for s, t in edges if s in index and t in index and s != t})
    if len(index) < 2:
        return {node: (0.0, 0.0) for node in index}
    key = _shape_key(list(index), [(node_ids[s], node_ids[t]) for s, t in pairs], seed)
    if cache and key in _cache:
        _cache.move_to_end(key)
        return _cache[key]

    graph = igraph.Graph(n=len(index), edges=pairs, directed=False)
    rng = random.Random(seed)
    # igraph's own start area; the grid's cost depends on it (a wider start is slower).
    spread = math.sqrt(len(index)) / 2
    start = [[rng.uniform(-spread, spread), rng.uniform(-spread, spread)] for _ in index]
    if len(index) <= SMALL_GRAPH:
        # Kamada-Kawai spreads small graphs more evenly; it is quadratic, so only for those.
        layout = graph.layout_kamada_kawai(seed=start, maxiter=50 * len(index))
    else:
        layout = graph.layout_fruchterman_reingold(seed=start, niter=_iterations(len(index)), grid="auto")
    coords = layout.coords
    scale = _scale(coords, pairs)
    positions = {
        node: (round(coords[i][0] * scale, 1), round(coords[i][1] * scale, 1)) for node, i in index.items()
    }
    if cache:
        _cache[key] = positions
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return positions


def _scale(coords: list[list[float]], pairs: list[tuple[int, int]]) -> float:
    """Return the factor that makes the median edge `EDGE_LENGTH` long."""
    lengths = sorted(math.dist(coords[s], coords[t]) for s, t in pairs if math.dist(coords[s], coords[t]) > 0)
    if not lengths:
        return EDGE_LENGTH
    return EDGE_LENGTH / lengths[len(lengths) // 2]


def clear_layout_cache() -> None:
    """Forget every cached layout (for tests and benchmarks)."""
    _cache.clear()
