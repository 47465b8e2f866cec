"""Views of the graph as interactive vis-network pages: `Neighbourhood` → HTML string.

The page is our own Jinja2 template (autoescaped) around the vis-network library that pyvis
wraps. The view travels as JSON in a ``<script type="application/json">`` element, and the
page script builds every text from the data with ``textContent``, never as HTML, so a label
such as ``<img src=x onerror=alert(1)>`` is shown as text. Positions are computed here
(`graphkit.layout`) and drawn with the physics off, which keeps 10,000-node views fast.

pyvis itself is not used to build pages: its template writes titles with ``innerHTML`` and
the heading unescaped, loads vis-network from a CDN, and its ``from_nx`` is quadratic.
`bench/viz_bench.py` compares it with this module.

Pure: the only files read are the packaged assets (template, scripts, styles).
"""

from __future__ import annotations

import base64
import hashlib
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from enum import StrEnum
from functools import cache
from importlib import resources
from typing import Any

import jinja2
from markupsafe import Markup

from graphkit import palette
from graphkit.dating import TimeFilter
from graphkit.hub_view import hub_view
from graphkit.layout import compute_layout
from graphkit.model import Neighbourhood, Node
from graphkit.overview import whole_view
from graphkit.palette import ClassStyle, class_styles
from graphkit.projection import Projection
from graphkit.ui_text import tables, translate

VIS_NETWORK_VERSION = "10.1.5"
LANGUAGES = ("en", "de")
#: Above this many nodes edges are drawn straight and hidden while panning or zooming.
LARGE_VIEW = 1_000

#: The shapes a class can be drawn in (see `graphkit.palette`).
SHAPES = palette.SHAPES
OTHER_CLASS = ""


#: Most nodes in a whole-graph view unless asked otherwise.
DEFAULT_LIMIT = 10_000
#: Most nodes in a neighbourhood view unless asked otherwise (as in the neighbourhood API).
NEIGHBOURHOOD_LIMIT = 200


class Assets(StrEnum):
    """How a page gets vis-network and its own script and style."""

    #: Written into the page: one self-contained file that needs no server or network.
    INLINE = "inline"
    #: Linked from the server's ``/static`` folder (the served page).
    LINKED = "linked"


@dataclass(frozen=True, slots=True)
class ApiLinks:
    """URLs the served page calls; absent in an exported file.

    Attributes:
        search: the search API.
        entities: the entity API (``{entities}{id}``, ``{entities}{id}/neighbourhood``).
        page: where entities of the id namespace have their pages (their dereferenced IRIs).
        foreign_page: where every other entity (id ``~…``) has its page.
        analytics: the analytics API (``{analytics}export?format=node-link&with=…`` with the
            view's selection gives measures and communities of the drawn network).
        path: the path API (``{path}?from=A&to=B&k=…``: paths with their evidence).
    """

    search: str = "/api/search"
    entities: str = "/api/entities/"
    page: str = "/id/"
    foreign_page: str = "/entities/"
    analytics: str = "/api/analytics/"
    path: str = "/api/path"


def select_view(
    projection: Projection,
    *,
    focus: str | None = None,
    depth: int = 1,
    types: Iterable[str] = (),
    lang: str = "en",
    limit: int | None = None,
    period: TimeFilter | None = None,
) -> Neighbourhood:
    """Return the view to draw: an entity's neighbourhood, or the whole graph.

    Args:
        projection: the graph.
        focus: id (``biwaq``, ``~aHR0…``), prefixed name or IRI of the entity at the
            centre; None for the whole graph.
        depth: links to follow from the focus.
        types: class names (``City``, ``gk:City``) or IRIs; only entities of these classes
            (for a neighbourhood: only neighbours of these classes).
        lang: language of labels.
        limit: most nodes; more sets `truncated` [default: `NEIGHBOURHOOD_LIMIT` with a focus,
            else `DEFAULT_LIMIT`].
        period: only the entities and links valid in this period (`graphkit.dating`).

    Raises:
        NotFound: no entity `focus`.
        BadRequest: an unknown class, or a `focus` that is no valid id or IRI.
    """
    classes = [projection.resolve_class(t) for t in types]
    if focus is None:
        return whole_view(projection, types=classes, lang=lang, limit=limit or DEFAULT_LIMIT, when=period)
    return hub_view(
        projection,
        projection.resolve(focus, parameter="focus"),
        depth=depth,
        types=classes,
        limit=limit or NEIGHBOURHOOD_LIMIT,
        lang=lang,
        when=period,
    )


def term_labels(
    projection: Projection, view: Neighbourhood, *, every: bool = False
) -> dict[str, dict[str, str]]:
    """Return the German and English labels of the classes and predicates used in `view`.

    With `every`, of every class and property the store declares too (a served page needs
    them for the nodes that expanding a node brings in; it shows the API's label for others).
    """
    terms = {t for node in view.nodes for t in node.types} | {e.predicate for e in view.edges}
    terms |= {f.predicate for node in view.nodes for f in node.facts}
    if every:
        terms |= set(
            projection.remember(
                "vocabulary-terms",
                lambda: [row["term"].value for row in projection.snapshot.select("vocabulary-terms")],
            )
        )
    projection.prefetch(terms)
    found: dict[str, dict[str, str]] = {}
    for iri in sorted(terms):
        labels = projection.labels_of(iri)
        found[iri] = (
            {lang: projection.label(iri, lang) for lang in LANGUAGES} if labels.by_lang or labels.alt else {}
        )
    return found


def _class_of(node: Node) -> str:
    return node.types[0] if node.types else OTHER_CLASS


def _labels(iri: str, fallback: str, lang: str, terms: Mapping[str, Mapping[str, str]]) -> dict[str, str]:
    labels = dict(terms.get(iri, {}))
    if not labels:
        labels[lang] = fallback or (iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1] if iri else "other")
    return labels


def projection_styles(projection: Projection) -> dict[str, ClassStyle]:
    """Return the style of every class the store's ontology declares (fixed per store version)."""
    return projection.remember("class-styles", lambda: class_styles(projection.classes.superclass_map()))


@cache
def bundled_styles() -> dict[str, ClassStyle]:
    """Return the class styles of the bundled ontology: for a view drawn without a store."""
    import pyoxigraph

    from graphkit.bundled import ontology_file
    from graphkit.namespaces import OWL, RDF, RDFS

    supers: dict[str, set[str]] = {}
    sub_class_of = RDFS + "subClassOf"
    declared = {OWL + "Class", RDFS + "Class"}
    rdf_type = RDF + "type"
    for quad in pyoxigraph.parse(path=str(ontology_file()), format=pyoxigraph.RdfFormat.TURTLE):
        s, p, o = quad.subject, quad.predicate.value, quad.object
        if not isinstance(s, pyoxigraph.NamedNode):
            continue
        if p == sub_class_of and isinstance(o, pyoxigraph.NamedNode):
            supers.setdefault(s.value, set()).add(o.value)
        elif p == rdf_type and isinstance(o, pyoxigraph.NamedNode) and o.value in declared:
            supers.setdefault(s.value, set())
    closure: dict[str, set[str]] = {}

    def above(cls: str, seen: frozenset[str] = frozenset()) -> set[str]:
        if cls in closure:
            return closure[cls]
        found = {cls}
        for sup in supers.get(cls, ()):
            if sup not in seen:
                found |= above(sup, seen | {cls})
        closure[cls] = found
        return found

    return class_styles({cls: above(cls) for cls in supers})


def _style(styles: Mapping[str, ClassStyle], cls: str) -> ClassStyle:
    return styles.get(cls) or palette.foreign_style(cls, order=len(styles) + (0 if cls else 1))


def _display(node: Node) -> dict[str, str]:
    return {lang: node.short.get(lang) or node.labels.get(lang) or node.label for lang in LANGUAGES}


def build_view_data(
    view: Neighbourhood,
    *,
    lang: str = "en",
    terms: Mapping[str, Mapping[str, str]] | None = None,
    api: ApiLinks | None = None,
    styles: Mapping[str, ClassStyle] | None = None,
    selection: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Return the JSON the page script draws: nodes with positions, edges, classes, labels.

    Args:
        view: the nodes and edges to draw (and its hubs' summary nodes, `view.groups`).
        lang: the language the page starts in (``en`` or ``de``).
        terms: labels by language of classes and predicates (see `term_labels`); without
            them the labels in `view` are used for every language.
        api: the URLs of the API on a served page; None for an exported file.
        styles: colour and shape of every declared class (see `projection_styles`)
            [default: those of the bundled ontology].
        selection: how the view was chosen, as the page's query parameters (``focus``,
            ``depth``, ``type``, ``from``, ``to``, ``as_of``, ``undated``): the page asks the
            analytics API for the same network and keeps the period when it expands.
    """
    terms = terms or {}
    styles = styles if styles is not None else bundled_styles()
    counts = Counter(_class_of(n) for n in view.nodes)
    group_classes = {g.cls for g in view.groups}
    present = sorted(set(counts) | group_classes, key=lambda c: (_style(styles, c).order, c))
    type_labels = {_class_of(n): n.type_label for n in view.nodes}
    classes = [
        {
            "iri": iri,
            "labels": _labels(iri, type_labels.get(iri, ""), lang, terms),
            "color": _style(styles, iri).color,
            "shape": _style(styles, iri).shape,
            "order": _style(styles, iri).order,
            "count": counts[iri],
        }
        for iri in present
    ]
    predicates: dict[str, dict[str, str]] = {}
    for edge in view.edges:
        predicates.setdefault(edge.predicate, _labels(edge.predicate, edge.label, lang, terms))
    for node in view.nodes:
        for fact in node.facts:
            predicates.setdefault(fact.predicate, _labels(fact.predicate, fact.label, lang, terms))
    for group in view.groups:
        predicates.setdefault(group.predicate, _labels(group.predicate, "", lang, terms))

    ids = [n.id for n in view.nodes] + [g.id for g in view.groups]
    pairs = [(e.source, e.target) for e in view.edges] + [(g.hub, g.id) for g in view.groups]
    positions = compute_layout(ids, pairs)
    degree: Counter[str] = Counter()
    for source, target in pairs:
        degree[source] += 1
        degree[target] += 1
    nodes = [
        {
            "id": n.id,
            "iri": n.iri,
            "label": n.label,
            "labels": n.labels,
            "alt_labels": n.alt_labels,
            "short": n.short,
            "display": _display(n),
            "types": n.types,
            "cls": _class_of(n),
            "depth": n.depth,
            "x": positions[n.id][0],
            "y": positions[n.id][1],
            "size": round(min(10 + 3 * math.sqrt(degree[n.id]), 40), 1),
            "facts": [[f.predicate, f.value, f.datatype] for f in n.facts],
            "sources": n.sources,
        }
        for n in view.nodes
    ]
    nodes += [
        {
            "id": g.id,
            "labels": g.labels,
            "display": g.labels,
            "types": [],
            "cls": g.cls,
            "depth": g.depth,
            "x": positions[g.id][0],
            "y": positions[g.id][1],
            "size": round(min(14 + 3 * math.log2(1 + g.count), 34), 1),
            "group": {
                "hub": g.hub,
                "predicate": g.predicate,
                "direction": g.direction,
                "cls": g.cls,
                "count": g.count,
                "shown": 0,
            },
        }
        for g in view.groups
    ]
    edges: list[dict[str, Any]] = [
        {"from": e.source, "to": e.target, "predicate": e.predicate} for e in view.edges
    ]
    edges += [
        {
            "from": g.hub if g.direction == "out" else g.id,
            "to": g.id if g.direction == "out" else g.hub,
            "predicate": g.predicate,
            "group": True,
        }
        for g in view.groups
    ]
    return {
        "lang": lang if lang in LANGUAGES else "en",
        "focus": view.focus,
        "truncated": view.truncated,
        "large": len(nodes) > LARGE_VIEW,
        "shapes": SHAPES,
        "styles": {
            iri: {"color": style.color, "shape": style.shape, "order": style.order}
            for iri, style in styles.items()
        },
        "foreign_colour": palette.FOREIGN_COLOUR,
        "no_class_colour": palette.NO_CLASS_COLOUR,
        "classes": classes,
        "predicates": predicates,
        "terms": {iri: dict(labels) for iri, labels in terms.items() if labels and iri not in predicates}
        if api is not None
        else {},
        "text": tables(),
        "nodes": nodes,
        "edges": edges,
        "api": None if api is None else asdict(api),
        "selection": dict(selection or {}),
    }


@cache
def _environment() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("graphkit", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.globals["t"] = translate
    return environment


#: The page's scripts, in the order they run (each builds on the ones before it).
PAGE_SCRIPTS = (
    "util.js",
    "graph.js",
    "details.js",
    "search.js",
    "export.js",
    "timeline.js",
    "analysis.js",
    "period.js",
    "pathfinder.js",
)


@cache
def _asset(path: str) -> Markup:
    """Return a packaged static file as text safe to write inside a script or style element."""
    text = resources.files("graphkit").joinpath("static", path).read_text(encoding="utf-8")
    if "</script" in text.lower() or "</style" in text.lower():
        raise ValueError(f"static/{path} would close its element early; it cannot be inlined.")
    return Markup(text)


#: vis-network's style sheets, as its bundle writes them into `<style>` elements when it loads:
#: a run of calls ``A("css");`` right after the function that does it.
_VIS_STYLE_WRITER = "I.appendChild(document.createTextNode(g))}}"
_VIS_STYLE_CALL = re.compile(r"""A\((["'])((?:\\.|(?!\1).)*)\1\);""")


@cache
def vis_style_hashes() -> tuple[str, ...]:
    """Return the CSP hash sources (``sha256-…``) of the style sheets vis-network writes inline.

    A served page allows exactly these inline styles (no `'unsafe-inline'`). The empty one is
    there too: the bundle inserts each `<style>` element before it fills it.

    Raises:
        ValueError: the vendored bundle no longer writes its styles as expected (a new version).
    """
    text = str(_asset("vis-network/vis-network.min.js"))
    start = text.find(_VIS_STYLE_WRITER)
    if start < 0:
        raise ValueError("vis-network.min.js: the function that writes its style sheets is not found.")
    sheets = [""]
    position = start + len(_VIS_STYLE_WRITER)
    while (call := _VIS_STYLE_CALL.match(text, position)) is not None:
        if "\\" in call.group(2):
            raise ValueError("vis-network.min.js: a style sheet has escapes; its hash would be wrong.")
        sheets.append(call.group(2))
        position = call.end()
    if len(sheets) == 1:
        raise ValueError("vis-network.min.js: no style sheets found after the function that writes them.")
    return tuple(
        "sha256-" + base64.b64encode(hashlib.sha256(sheet.encode("utf-8")).digest()).decode("ascii")
        for sheet in sheets
    )


def render_html(
    view: Neighbourhood,
    *,
    lang: str = "en",
    terms: Mapping[str, Mapping[str, str]] | None = None,
    title: str | None = None,
    assets: Assets = Assets.INLINE,
    static_url: str = "/static",
    api: ApiLinks | None = None,
    styles: Mapping[str, ClassStyle] | None = None,
    selection: Mapping[str, Any] | None = None,
) -> str:
    """Return an interactive page drawing `view`.

    Args:
        view: the nodes and edges to draw.
        lang: the language the page starts in (a switch on the page changes it).
        terms: labels of classes and predicates by language (see `term_labels`).
        title: the page title [default: the focus's label, or "graphkit"].
        assets: INLINE for one self-contained file, LINKED for the served page.
        static_url: where the server mounts ``graphkit/static`` (LINKED only).
        api: the API the served page calls for search and expansion; None when exported.
        styles: colour and shape per class (see `projection_styles`) [default: the bundled
            ontology's].
        selection: how the view was chosen (see `build_view_data`).
    """
    data = build_view_data(view, lang=lang, terms=terms, api=api, styles=styles, selection=selection)
    if title is None:
        focus = next((n for n in view.nodes if n.id == view.focus), None)
        if focus is None:
            title = "graphkit"
        else:
            short = focus.short.get(lang)
            name = f"{short} — {focus.label}" if short and short != focus.label else focus.label
            title = f"{name} · graphkit"
    inline = assets is Assets.INLINE
    return (
        _environment()
        .get_template("view.html.j2")
        .render(
            title=title,
            lang=data["lang"],
            data=data,
            inline=inline,
            static_url=static_url.rstrip("/"),
            vis_js=_asset("vis-network/vis-network.min.js") if inline else None,
            page_js=Markup("\n").join(_asset(f"graph/{name}") for name in PAGE_SCRIPTS) if inline else None,
            page_scripts=PAGE_SCRIPTS,
            page_css=_asset("graph/graph.css") if inline else None,
            vis_version=VIS_NETWORK_VERSION,
            node_count=len(view.nodes),
            edge_count=len(view.edges),
        )
    )


def render_view(
    projection: Projection,
    view: Neighbourhood,
    *,
    lang: str = "en",
    assets: Assets = Assets.INLINE,
    static_url: str = "/static",
    api: ApiLinks | None = None,
    selection: Mapping[str, Any] | None = None,
) -> str:
    """Return the page for a view selected from `projection`, with labels in both languages."""
    return render_html(
        view,
        lang=lang,
        terms=term_labels(projection, view, every=api is not None),
        assets=assets,
        static_url=static_url,
        api=api,
        styles=projection_styles(projection),
        selection=selection,
    )


class NotebookView:
    """A view shown inline in Jupyter (as a sandboxed iframe holding the exported page)."""

    def __init__(self, page: str, *, height: int = 600) -> None:
        self.page = page
        self.height = height

    def _repr_html_(self) -> str:
        return _environment().get_template("notebook.html.j2").render(page=self.page, height=self.height)


def show(
    view: Neighbourhood,
    *,
    projection: Projection | None = None,
    lang: str = "en",
    height: int = 600,
) -> NotebookView:
    """Return `view` as an object Jupyter draws inline (no IPython import needed).

    Example: ``show(select_view(p, focus="biwaq", depth=2), projection=p)``.
    """
    terms = term_labels(projection, view) if projection is not None else None
    styles = projection_styles(projection) if projection is not None else None
    return NotebookView(render_html(view, lang=lang, terms=terms, styles=styles), height=height)
