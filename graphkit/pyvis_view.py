"""A view as a pyvis `Network`, for those who know pyvis: our positions, colours and labels.

`to_pyvis` takes the data the page draws (`graphkit.viz.build_view_data`) and returns a
pyvis `Network` laid out as our own view (positions fixed, physics off), coloured and
shaped per class, labelled in one language. Its `write_html` / `save_graph` write a page
that works offline: pyvis's own template links Bootstrap from a CDN on every page (and
tom-select with its menus), so the network is given our template below, which inlines the
vis-network that pyvis ships and links nothing.

Titles (tooltips) are plain text with ``&``, ``<`` and ``>`` escaped, so they stay text
wherever pyvis writes them as HTML (its stock template does when a title holds ``href``);
our template turns them back into text nodes, so vis-network shows them as they were.

pyvis is imported only when a network is built (``pip install pyvis``, or the
``graphkit[notebook]`` extra).
"""

from __future__ import annotations

import html
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

import jinja2

from graphkit.labelling import cut_name

if TYPE_CHECKING:
    from pyvis.network import Network

#: The name of our template in the network's Jinja environment.
TEMPLATE_NAME = "graphkit-pyvis.html"
#: Colour and shape of a node whose class the data does not list.
OTHER_STYLE = {"color": "#999999", "shape": "dot"}

#: The page `Network.write_html` writes: pyvis's template without its CDN links and menus.
#: It keeps pyvis's variables (nodes, edges, options, heading, width, height, bgcolor) and
#: its `network` global; vis-network, its style sheet and pyvis's helper script are inlined
#: from the pyvis package (``lib/…`` of its templates folder).
TEMPLATE = """<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<title>{{ heading or "graphkit" }}</title>
<script>{% include "lib/bindings/utils.js" %}</script>
<style>{% include "lib/vis-9.1.2/vis-network.css" %}</style>
<script>{% include "lib/vis-9.1.2/vis-network.min.js" %}</script>
<style>
  #mynetwork { width: {{ width }}; height: {{ height }}; background-color: {{ bgcolor }};
               border: 1px solid lightgray; position: relative; }
  .vis-tooltip { white-space: pre-line; }
</style>
</head>
<body>
{% if heading %}<h1>{{ heading }}</h1>{% endif %}
<div id="mynetwork"></div>
<script>
  var nodes, edges, allNodes, allEdges, nodeColors, network, data;
  var filter = { item: "", property: "", value: [] };

  // A title arrives as escaped text; vis-network shows an element's text as it is.
  function textTitle(item) {
    if (typeof item.title === "string") {
      var parsed = new DOMParser().parseFromString(item.title, "text/html");
      var element = document.createElement("div");
      element.textContent = parsed.documentElement.textContent;
      item.title = element;
    }
    return item;
  }

  function drawGraph() {
    var container = document.getElementById("mynetwork");
    nodes = new vis.DataSet({{ nodes|tojson }}.map(textTitle));
    edges = new vis.DataSet({{ edges|tojson }}.map(textTitle));
    nodeColors = {};
    allNodes = nodes.get({ returnType: "Object" });
    for (var nodeId in allNodes) {
      nodeColors[nodeId] = allNodes[nodeId].color;
    }
    allEdges = edges.get({ returnType: "Object" });
    data = { nodes: nodes, edges: edges };
    var options = {{ options|safe }};
    {% if conf %}
    options.configure.container = document.getElementById("config");
    {% endif %}
    network = new vis.Network(container, data, options);
    {% if neighborhood_highlight %}
    network.on("click", neighbourhoodHighlight);
    {% endif %}
    return network;
  }
  drawGraph();
</script>
{% if conf %}<div id="config"></div>{% endif %}
</body>
</html>
"""


@dataclass(frozen=True, slots=True)
class DrawnNode:
    """How one node of a view is drawn (shared by `to_pyvis` and `View.to_networkx`).

    Attributes:
        cls: the IRI of the class whose colour and shape it has (``""``: none).
        label: the name drawn, in the view's language.
        title: plain text shown on hover: the name, its class and its id.
    """

    id: str
    iri: str
    label: str
    cls: str
    colour: str
    shape: str
    x: float
    y: float
    size: float
    title: str


@dataclass(frozen=True, slots=True)
class DrawnEdge:
    """How one link of a view is drawn: its ends, predicate IRI and the predicate's label."""

    source: str
    target: str
    predicate: str
    label: str


def _pick(labels: Mapping[str, str], lang: str, fallback: str) -> str:
    return labels.get(lang) or labels.get("en") or next(iter(labels.values()), "") or fallback


def drawn_nodes(data: Mapping[str, Any], *, lang: str = "en") -> Iterator[DrawnNode]:
    """Yield how each node of the view data (`graphkit.viz.build_view_data`) is drawn."""
    styles = {c["iri"]: c for c in data["classes"]}
    for node in data["nodes"]:
        cls = node.get("cls") or (node["types"][0] if node["types"] else "")
        style = styles.get(cls, OTHER_STYLE)
        name = node.get("display", {}).get(lang) or _pick(node["labels"], lang, node["label"] or node["id"])
        full = _pick(node["labels"], lang, name)
        class_label = _pick(style.get("labels", {}), lang, "")
        yield DrawnNode(
            id=node["id"],
            iri=node["iri"],
            label=cut_name(name),
            cls=cls,
            colour=style["color"],
            shape=style["shape"],
            x=node["x"],
            y=node["y"],
            size=node["size"],
            title="\n".join(dict.fromkeys(part for part in (full, name, class_label, node["id"]) if part)),
        )


def drawn_edges(data: Mapping[str, Any], *, lang: str = "en") -> Iterator[DrawnEdge]:
    """Yield each link of the view data with its predicate's label in `lang`."""
    predicates = data["predicates"]
    for edge in data["edges"]:
        predicate = edge["predicate"]
        label = _pick(predicates.get(predicate, {}), lang, predicate.rsplit("#", 1)[-1].rsplit("/", 1)[-1])
        yield DrawnEdge(source=edge["from"], target=edge["to"], predicate=predicate, label=label)


@cache
def template_environment() -> jinja2.Environment:
    """Return the Jinja environment of our template: it, then pyvis's files for the includes."""
    return jinja2.Environment(
        loader=jinja2.ChoiceLoader(
            [jinja2.DictLoader({TEMPLATE_NAME: TEMPLATE}), jinja2.PackageLoader("pyvis", "templates")]
        ),
        autoescape=True,
    )


def _import_network() -> Any:
    try:
        from pyvis.network import Network
    except ImportError:
        raise ImportError(
            "to_pyvis needs pyvis: pip install pyvis (or pip install 'graphkit[notebook]')."
        ) from None
    return Network


def to_pyvis(
    data: Mapping[str, Any],
    *,
    lang: str = "en",
    height: str = "600px",
    width: str = "100%",
    heading: str = "",
) -> Network:
    """Return a pyvis `Network` drawing the view data as graphkit's own view does.

    Nodes keep our positions (``x``, ``y``; physics off), colour, shape and size per class
    and the name drawn in `lang`; edges point from subject to object and carry the
    predicate's label as their title. ``net.write_html(path)`` writes one file that loads
    nothing from the network (see the module). pyvis's Bootstrap menus (`select_menu`,
    `filter_menu`) are not drawn by our template.

    Args:
        data: what `graphkit.viz.build_view_data` returns for the view.
        lang: the language of the labels.
        height, width: the size of the drawing (CSS lengths).
        heading: a heading above the network (text).

    Raises:
        ImportError: pyvis is not installed.
    """
    network_class = _import_network()
    net = network_class(height=height, width=width, directed=True, heading=heading, cdn_resources="in_line")
    environment = template_environment()
    net.templateEnv = environment
    net.path = TEMPLATE_NAME
    net.template = environment.get_template(TEMPLATE_NAME)  # used by net.show(…, notebook=True)
    _set_options(net, large=bool(data.get("large")))
    # pyvis's add_node and add_edge look ids up in lists (quadratic for big views): the
    # records they would make are filled in directly.
    for node in drawn_nodes(data, lang=lang):
        record = {
            "id": node.id,
            "label": node.label,
            "shape": node.shape,
            "color": node.colour,
            "x": node.x,
            "y": node.y,
            "size": node.size,
            "title": html.escape(node.title, quote=False),
        }
        net.nodes.append(record)
        net.node_ids.append(node.id)
        net.node_map[node.id] = record
    for edge in drawn_edges(data, lang=lang):
        net.edges.append(
            {
                "from": edge.source,
                "to": edge.target,
                "title": html.escape(edge.label, quote=False),
                "arrows": "to",
            }
        )
    return net


def _set_options(net: Network, *, large: bool) -> None:
    """Set vis-network's options as graphkit's page does (through pyvis's `Options` object)."""
    net.toggle_physics(False)
    options = net.options
    options.interaction.hover = True
    options.interaction.tooltipDelay = 150
    options.interaction.hideEdgesOnDrag = large
    options.layout = {"improvedLayout": False}
    options.nodes = {
        "borderWidth": 1,
        "font": {"size": 14, "color": "#222", "strokeWidth": 3, "strokeColor": "#fff"},
    }
    options.edges.smooth.enabled = not large
    options.edges.smooth.type = "continuous"
    options.edges.color.inherit = False
    options.edges.color.color = "#b5bdc8"
    options.edges.arrows = {"to": {"enabled": True, "scaleFactor": 0.5}}


__all__ = [
    "TEMPLATE",
    "DrawnEdge",
    "DrawnNode",
    "drawn_edges",
    "drawn_nodes",
    "template_environment",
    "to_pyvis",
]
