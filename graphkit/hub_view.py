"""The view around an entity, with its hubs summarised: every kind of neighbour first.

A plain neighbourhood of EUROCITIES is 200 city names, cut before its events and roles.
Here each entity on the walk has its neighbours grouped per (predicate, direction, most
specific class) — counted in the store (`graphkit.explore.grouped_neighbourhood`) — and a
group of more than `GROUP_ABOVE` neighbours is one summary node ("177 \u00d7 city \u25b8", a
`GroupNode`) that the page opens on demand, while smaller groups are shown node by node.
So a hub's view holds each kind of neighbour, and the walk does not go on through the
members of big groups.

With a period (`graphkit.dating.TimeFilter`) only the neighbours and links valid in it count,
in the groups and in the view.
"""

from __future__ import annotations

from collections.abc import Iterable

from graphkit.dating import TimeFilter
from graphkit.evidence import edges as edge_records
from graphkit.explore import grouped_neighbourhood, valid_links
from graphkit.inverses import fold_edges
from graphkit.model import GroupNode, Neighbourhood
from graphkit.namespaces import entity_id
from graphkit.projection import Projection
from graphkit.ui_text import LANGUAGES, translate

#: A group of neighbours with more members than this is drawn as one summary node.
GROUP_ABOVE = 12


def group_id(hub: str, predicate: str, direction: str, cls: str) -> str:
    """Return the view id of a summary node (the page's script builds the same ids)."""
    return f"group:{hub}|{predicate}|{direction}|{cls}"


def hub_view(
    projection: Projection,
    focus: str,
    *,
    depth: int = 1,
    types: Iterable[str] = (),
    limit: int = 200,
    lang: str = "en",
    when: TimeFilter | None = None,
) -> Neighbourhood:
    """Return the entities within `depth` links of `focus`, big groups of neighbours summarised.

    Args:
        projection: the graph.
        focus: the entity IRI at the centre.
        depth: links to follow (through shown entities only, not through summaries).
        types: only neighbours of these classes (or subclasses); the focus always.
        limit: most entity nodes; more sets `truncated`.
        lang: language of labels.
        when: only neighbours and links valid in this period.
    """
    wanted = sorted(projection.classes.subclasses(types)) if types else []
    depths = {focus: 0}
    groups: list[GroupNode] = []
    frontier = [focus]
    truncated = False
    for level in range(1, depth + 1):
        following: list[str] = []
        for hub in frontier:
            for group in grouped_neighbourhood(
                projection, hub, types=wanted, limit=GROUP_ABOVE, lang=lang, by_class=True, when=when
            ):
                cls = group.cls or ""
                unseen = [n.iri for n in group.nodes if n.iri not in depths]
                if group.count > GROUP_ABOVE:
                    hub_id = entity_id(hub)
                    what = {k: projection.label(cls, k) if cls else group.label for k in LANGUAGES}
                    groups.append(
                        GroupNode(
                            id=group_id(hub_id, group.predicate, group.direction, cls),
                            hub=hub_id,
                            predicate=group.predicate,
                            direction=group.direction,
                            cls=cls,
                            count=group.count,
                            labels={
                                k: translate("graph.group", k, count=group.count, what=what[k]) + " \u25b8"
                                for k in LANGUAGES
                            },
                            depth=level,
                        )
                    )
                    continue
                for iri in unseen:
                    if len(depths) >= limit:
                        truncated = True
                        break
                    depths[iri] = level
                    following.append(iri)
        frontier = following
    chosen = sorted(depths.items(), key=lambda item: (item[1], entity_id(item[0])))
    found = valid_links(projection, when, projection.links_among((iri for iri, _ in chosen), hubs=[focus]))
    return Neighbourhood(
        focus=entity_id(focus),
        nodes=projection.nodes(chosen, lang=lang, details=True),
        edges=fold_edges(projection, edge_records(projection, found, lang=lang), lang=lang),
        truncated=truncated,
        groups=groups,
    )


__all__ = ["GROUP_ABOVE", "group_id", "hub_view"]
