"""The Python entry point for notebooks and scripts: ``kg = graphkit.open(path)``.

`KnowledgeGraph` holds an opened store and the read model of its current version, and
calls the same core functions as the CLI and the API: `run_query` (guarded, capped,
timed; values as bindings), `get_entity`, `neighbourhood`, `search_entities`,
`select_view`. Query answers come back as `Answer` (rows of plain Python values, a
pandas DataFrame on request); views as `View`, which Jupyter draws inline and which
converts to a networkx graph or a pyvis `Network`.

``graphkit.open`` is `open_graph` (re-exported lazily by the package, so that no module of
graphkit shadows the builtin ``open``).
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Iterator, Mapping
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from graphkit.config import Settings
from graphkit.dating import TimeFilter
from graphkit.entity import get_entity
from graphkit.errors import ConfigError, StoreError
from graphkit.explore import Direction, neighbourhood
from graphkit.model import Entity, Neighbourhood, QueryResult, Term, TermKind
from graphkit.namespaces import XSD, shorten
from graphkit.paths import PathFilter, paths
from graphkit.projection import Projection, build_projection
from graphkit.query import BindingValue, run_query
from graphkit.search import Hit, search_entities
from graphkit.store import GraphStore, open_store
from graphkit.store.labels import label_index
from graphkit.viz import NotebookView, build_view_data, render_view, select_view, term_labels

if TYPE_CHECKING:
    import networkx
    import pandas
    from pyvis.network import Network

#: Plain Python values of a row: IRIs and blank nodes as str (``_:b0``), literals by datatype.
Value = str | int | float | Decimal | bool | date | datetime

_INTEGERS = {
    XSD + name
    for name in (
        "integer",
        "int",
        "long",
        "short",
        "byte",
        "nonNegativeInteger",
        "positiveInteger",
        "nonPositiveInteger",
        "negativeInteger",
        "unsignedLong",
        "unsignedInt",
        "unsignedShort",
        "unsignedByte",
    )
}


def plain_value(term: Term) -> Value:
    """Return the Python value of a term: IRIs as str, typed literals as int, float, bool, …

    ``xsd:integer`` (and its subtypes) → int, ``xsd:decimal`` → Decimal, ``xsd:double`` and
    ``xsd:float`` → float, ``xsd:boolean`` → bool, ``xsd:date`` → date, ``xsd:dateTime`` →
    datetime; every other literal (language-tagged, ``xsd:gYear``, a value its type does not
    parse) → its lexical form as str. A blank node is ``_:`` and its label.
    """
    if term.kind is TermKind.BNODE:
        return "_:" + term.value
    if term.kind is not TermKind.LITERAL or term.datatype is None:
        return term.value
    text, datatype = term.value.strip(), term.datatype
    try:
        if datatype in _INTEGERS:
            return int(text)
        if datatype == XSD + "decimal":
            return Decimal(text)
        if datatype in (XSD + "double", XSD + "float"):
            return float(text.replace("INF", "inf"))
        if datatype == XSD + "boolean" and text in ("true", "false", "1", "0"):
            return text in ("true", "1")
        if datatype == XSD + "date":
            return date.fromisoformat(text)
        if datatype == XSD + "dateTime":
            return datetime.fromisoformat(text)
    except (ValueError, InvalidOperation):
        pass
    return term.value


class Answer:
    """The answer to one query, capped at a row limit.

    Attributes:
        kind: ``select``, ``ask`` or ``graph`` (CONSTRUCT, DESCRIBE).
        variables: the SELECT's variables, in order.
        rows: the rows as dicts of plain Python values (`plain_value`); an unbound
            variable is left out of its row.
        terms: the same rows as `graphkit.model.Term`s (datatypes and languages kept).
        triples: the triples of a CONSTRUCT or DESCRIBE, as terms.
        boolean: the answer of an ASK.
        truncated: rows were cut at the limit.

    Iterating gives the rows (the triples of a graph result); ``bool(answer)`` of an ASK
    is its answer.
    """

    def __init__(self, result: QueryResult) -> None:
        self.kind = result.kind
        self.variables = list(result.variables)
        self.terms = result.rows
        self.rows: list[dict[str, Value]] = [
            {name: plain_value(term) for name, term in row.items()} for row in result.rows
        ]
        self.triples = result.triples
        self.boolean = result.boolean
        self.truncated = result.truncated

    def __iter__(self) -> Iterator[Any]:
        return iter(self.triples if self.kind == "graph" else self.rows)

    def __len__(self) -> int:
        return len(self.triples if self.kind == "graph" else self.rows)

    def __bool__(self) -> bool:
        return bool(self.boolean) if self.kind == "ask" else len(self) > 0

    def __repr__(self) -> str:
        if self.kind == "ask":
            return f"<Answer ask: {self.boolean}>"
        more = " (truncated)" if self.truncated else ""
        if self.kind == "graph":
            return f"<Answer: {len(self.triples)} triples{more}>"
        return f"<Answer: {len(self.rows)} rows of {', '.join(self.variables)}{more}>"

    def to_df(self, *, short_iris: bool = False) -> pandas.DataFrame:
        """Return the rows as a pandas DataFrame, one column per variable (None where unbound).

        Args:
            short_iris: write IRIs as prefixed names where a known prefix fits (``id:berlin``).

        Raises:
            ImportError: pandas is not installed.
        """
        try:
            import pandas
        except ImportError:
            raise ImportError(
                "Answer.to_df needs pandas: pip install pandas (or pip install 'graphkit[notebook]')."
            ) from None
        if self.kind == "graph":
            columns = ["subject", "predicate", "object"]
            records = [
                dict(zip(columns, (self._cell(t, short_iris) for t in triple), strict=True))
                for triple in self.triples
            ]
            return pandas.DataFrame.from_records(records, columns=columns)
        if self.kind == "ask":
            return pandas.DataFrame({"boolean": [self.boolean]})
        records = [{name: self._cell(term, short_iris) for name, term in row.items()} for row in self.terms]
        return pandas.DataFrame.from_records(records, columns=self.variables)

    @staticmethod
    def _cell(term: Term, short_iris: bool) -> Value:
        if short_iris and term.kind is TermKind.URI:
            return shorten(term.value)
        return plain_value(term)


class View:
    """A view of the graph (an entity's neighbourhood, or the whole graph) to draw.

    Jupyter draws it inline (a sandboxed iframe holding the exported page). `save` writes
    that page as one self-contained file; `to_networkx` and `to_pyvis` give the same
    nodes, with the same positions, colours and labels, to those libraries.

    Attributes:
        neighbourhood: the nodes and edges (`graphkit.model.Neighbourhood`).
        lang: the language of labels (the page has a switch).
        height: pixels of the inline drawing.
    """

    def __init__(
        self, projection: Projection, neighbourhood: Neighbourhood, *, lang: str, height: int
    ) -> None:
        self.projection = projection
        self.neighbourhood = neighbourhood
        self.lang = lang
        self.height = height
        self._data: dict[str, Any] | None = None

    def __repr__(self) -> str:
        shown = self.neighbourhood
        focus = f"around {shown.focus}" if shown.focus else "of the whole graph"
        more = ", truncated" if shown.truncated else ""
        return f"<View {focus}: {len(shown.nodes)} nodes, {len(shown.edges)} edges{more}>"

    def data(self) -> dict[str, Any]:
        """Return what the page draws: nodes with positions, edges, classes with their colours."""
        if self._data is None:
            terms = term_labels(self.projection, self.neighbourhood)
            self._data = build_view_data(self.neighbourhood, lang=self.lang, terms=terms)
        return self._data

    def html(self) -> str:
        """Return the view as one self-contained HTML page (no server, no network needed)."""
        return render_view(self.projection, self.neighbourhood, lang=self.lang)

    def save(self, path: str | Path) -> Path:
        """Write the page (see `html`) to `path` and return the path."""
        target = Path(path)
        target.write_text(self.html(), encoding="utf-8")
        return target

    def _repr_html_(self) -> str:
        return NotebookView(self.html(), height=self.height)._repr_html_()

    def to_networkx(self) -> networkx.MultiDiGraph:
        """Return the view as a networkx `MultiDiGraph`.

        Nodes are ids (``biwaq``) with the attributes ``label`` (the name drawn),
        ``class`` (the IRI of the class it is drawn as), ``colour``, ``shape``, ``x``,
        ``y``, ``size`` and ``iri``; edges run from subject to object, keyed by predicate
        IRI, with ``predicate`` and ``label``. The graph's ``focus`` is the focus's id.
        """
        import networkx

        from graphkit.pyvis_view import drawn_edges, drawn_nodes

        data = self.data()
        graph = networkx.MultiDiGraph(focus=self.neighbourhood.focus, truncated=self.neighbourhood.truncated)
        for node in drawn_nodes(data, lang=self.lang):
            graph.add_node(
                node.id,
                label=node.label,
                iri=node.iri,
                colour=node.colour,
                shape=node.shape,
                x=node.x,
                y=node.y,
                size=node.size,
                **{"class": node.cls},
            )
        for edge in drawn_edges(data, lang=self.lang):
            graph.add_edge(
                edge.source, edge.target, key=edge.predicate, predicate=edge.predicate, label=edge.label
            )
        return graph

    def to_pyvis(self, *, height: str = "600px", width: str = "100%", heading: str = "") -> Network:
        """Return the view as a pyvis `Network` (see `graphkit.pyvis_view.to_pyvis`).

        ``net.write_html("view.html")`` writes a page that works offline.

        Raises:
            ImportError: pyvis is not installed.
        """
        from graphkit.pyvis_view import to_pyvis

        return to_pyvis(self.data(), lang=self.lang, height=height, width=width, heading=heading)


class KnowledgeGraph:
    """An opened graphkit store, read through the model of its current version.

    Made by `open_graph` (``graphkit.open``); close it with `close` or use it as a
    context manager. The read model follows the store: a load by another process is seen
    at the next call.

    Attributes:
        store: the `graphkit.store.GraphStore`.
        settings: the settings it was opened with (row cap, time limit).
    """

    def __init__(self, store: GraphStore, settings: Settings) -> None:
        self.store = store
        self.settings = settings
        self._projection: Projection | None = None
        self._closed = False

    def __enter__(self) -> KnowledgeGraph:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<KnowledgeGraph {self.store.location}>"

    def close(self) -> None:
        """Close the store (again: nothing happens); later calls raise StoreError."""
        if not self._closed:
            self._closed = True
            self._projection = None
            self.store.close()

    def _open_store(self) -> GraphStore:
        if self._closed:
            raise StoreError(f"This graph is closed; open it again: graphkit.open({self.store.location!r}).")
        return self.store

    @property
    def projection(self) -> Projection:
        """The read model of the store's current version (`graphkit.projection.Projection`)."""
        version = self._open_store().version()
        if self._projection is None or self._projection.version != version:
            self._projection = build_projection(self.store)
        return self._projection

    def query(
        self,
        sparql: str,
        bindings: Mapping[str, BindingValue] | None = None,
        *,
        limit: int | None = None,
        timeout: float | None = None,
    ) -> Answer:
        """Run a SELECT, ASK, CONSTRUCT or DESCRIBE over the union of the named graphs.

        Args:
            sparql: the query; ``PREFIX`` lines are needed as in any SPARQL text.
            bindings: values for its variables, passed as bindings (never pasted into the
                text): terms, or strings and other values read by `graphkit.query.as_term`
                (``"id:vantaa"`` and ``"https://…"`` are IRIs, other strings literals; ints,
                floats, bools and dates typed literals). A SELECT must select a variable it binds.
            limit: most rows [default: GRAPHKIT_MAX_ROWS]; a cut answer says `truncated`
                and warns.
            timeout: seconds [default: GRAPHKIT_QUERY_TIMEOUT].

        Raises:
            QueryError: the query does not parse or is refused (updates, SERVICE, …).
            BadRequest: a binding that cannot be a term, or a variable a SELECT does not select.
            QueryTimeout: it ran past `timeout`.
        """
        cap = limit if limit is not None else self.settings.max_rows
        result = run_query(
            self._open_store(),
            sparql,
            bindings=bindings,
            max_rows=cap,
            max_bytes=self.settings.max_result_bytes,
            timeout=timeout if timeout is not None else self.settings.query_timeout,
        )
        if result.truncated:
            warnings.warn(
                f"The answer was cut at {len(result.rows) or len(result.triples)} rows: pass limit=… "
                "(or set GRAPHKIT_MAX_ROWS / GRAPHKIT_MAX_RESULT_BYTES) for more.",
                stacklevel=2,
            )
        return Answer(result)

    def entity(self, ref: str, *, lang: str = "en") -> Entity:
        """Return every statement about an entity, both directions, with its sources.

        `ref` is an id (``biwaq``), a prefixed name (``id:biwaq``) or a full IRI.

        Raises:
            NotFound: the store says nothing about it.
            InvalidParameter: `ref` is no valid id or IRI.
        """
        return get_entity(self.projection, ref, lang=lang)

    def neighbourhood(
        self,
        ref: str,
        *,
        depth: int = 1,
        direction: Direction | str = Direction.BOTH,
        predicates: Iterable[str] = (),
        types: Iterable[str] = (),
        limit: int = 200,
        offset: int = 0,
        lang: str = "en",
        include_sources: bool = False,
        since: str | None = None,
        until: str | None = None,
        as_of: str | None = None,
        undated: str = "include",
    ) -> Neighbourhood:
        """Return the entities within `depth` links of `ref` and the links between them.

        Args:
            ref: id, prefixed name or IRI of the entity at the centre.
            direction: ``both``, ``out`` or ``in``.
            predicates: only follow these (IRIs or prefixed names, ``gk:locatedIn``).
            types: only show neighbours of these classes (``City``, ``gk:City`` or an IRI).
            limit: most nodes, the focus included; more sets `truncated` and `next_offset`.
            offset: skip this many neighbours (the next page).
            include_sources: include source documents as neighbours.
            since, until, as_of: only what is valid in this period: a year (``"2020"``), a
                month (``"2020-03"``) or a day; `as_of` alone is that span (`graphkit.dating`).
            undated: with a period, ``include`` or ``exclude`` entities without dates.

        Raises:
            NotFound: no such entity.
            InvalidParameter: an unknown class or predicate, or a bad reference.
            BadRequest: a date that is none.
        """
        projection = self.projection
        return neighbourhood(
            projection,
            projection.resolve(ref),
            depth=depth,
            direction=Direction(direction),
            predicates=[projection.resolve_predicate(p) for p in predicates],
            types=[projection.resolve_class(t) for t in types],
            limit=limit,
            offset=offset,
            lang=lang,
            include_sources=include_sources,
            when=TimeFilter.parse(since, until, as_of, undated, names=("since", "until")),
        )

    def path(
        self,
        start: str,
        end: str,
        *,
        max_length: int = 4,
        limit: int = 10,
        k: int | None = None,
        predicates: Iterable[str] = (),
        exclude_predicates: Iterable[str] = (),
        types: Iterable[str] = (),
        classification: bool = False,
        since: str | None = None,
        until: str | None = None,
        as_of: str | None = None,
        undated: str = "include",
        lang: str = "en",
    ) -> tuple[Neighbourhood, list[list[str]]]:
        """Return how `start` reaches `end`: the paths' subgraph (edges with their evidence) and the paths.

        Args:
            start, end: id, name, prefixed name or IRI of the two ends.
            max_length: longest path, in links.
            limit: most shortest paths (every shortest path up to it).
            k: instead, the `k` shortest simple paths of any length up to `max_length`.
            predicates, exclude_predicates: only / never links of these properties.
            types: only through entities of these classes (the ends always).
            classification: also through topics, concepts and source documents.
            since, until, as_of, undated: only through what is valid in this period.

        Returns:
            As `graphkit.paths.paths`: the subgraph, and each path as node ids.
        """
        projection = self.projection
        through = PathFilter(
            predicates=frozenset(projection.resolve_predicate(p) for p in predicates),
            excluded=frozenset(
                projection.resolve_predicate(p, parameter="exclude_predicates") for p in exclude_predicates
            ),
            types=frozenset(projection.resolve_class(t) for t in types),
            classification=classification,
            when=TimeFilter.parse(since, until, as_of, undated, names=("since", "until")),
        )
        return paths(
            projection,
            projection.resolve(start, parameter="start"),
            projection.resolve(end, parameter="end"),
            max_length=max_length,
            limit=limit,
            lang=lang,
            through=through,
            k=k,
        )

    def search(self, text: str, *, types: Iterable[str] = (), limit: int = 10, lang: str = "en") -> list[Hit]:
        """Return the entities whose labels, other names or abbreviations match `text`, best first.

        Each hit has the entity as `node` (a `graphkit.model.Node`), a `score` and the text
        that `matched`. Case and diacritics do not matter; every word must start a word.

        Raises:
            BadRequest: `text` has no letter or digit.
        """
        projection = self.projection
        classes = [projection.resolve_class(t) for t in types]
        return search_entities(
            projection, label_index(self.store), text, types=classes, limit=limit, lang=lang
        )

    def view(
        self,
        focus: str | None = None,
        *,
        depth: int = 1,
        types: Iterable[str] = (),
        lang: str = "en",
        limit: int | None = None,
        height: int = 600,
        since: str | None = None,
        until: str | None = None,
        as_of: str | None = None,
        undated: str = "include",
    ) -> View:
        """Return a view to draw: `focus`'s neighbourhood, or the whole graph without one.

        Args:
            focus: id, prefixed name or IRI of the entity at the centre; None for the whole graph.
            depth: links to follow from the focus.
            types: only entities of these classes.
            lang: the language of labels.
            limit: most nodes [default: 200 around a focus, else 10,000].
            height: pixels of the drawing in a notebook.
            since, until, as_of, undated: only what is valid in this period (as `neighbourhood`).

        Raises:
            NotFound: no entity `focus`.
            BadRequest: an unknown class, or a date that is none.
        """
        projection = self.projection
        period = TimeFilter.parse(since, until, as_of, undated, names=("since", "until"))
        chosen = select_view(
            projection, focus=focus, depth=depth, types=types, lang=lang, limit=limit, period=period
        )
        return View(projection, chosen, lang=lang, height=height)


def open_graph(store: str | Path | None = None, *, read_only: bool = True, **settings: Any) -> KnowledgeGraph:
    """Open a graphkit store: ``kg = graphkit.open("/path/to/store")``.

    Args:
        store: a store folder, or a SPARQL server as ``sparql+http://host:port/path`` (as the
            CLI's ``--store``) [default: GRAPHKIT_STORE, else the store the CLI uses:
            ``$XDG_DATA_HOME/graphkit/store``].
        read_only: open without the write lock (works beside a running ``graphkit serve``);
            the store must exist.
        settings: other settings by field name (``max_rows=100``, ``engine="fuseki"``);
            the rest come from ``GRAPHKIT_*`` variables as for the CLI.

    Raises:
        ConfigError: a setting has a bad value.
        StoreError: the store is missing, locked or unreadable.
    """
    import pydantic

    values = dict(settings)
    if store is not None:
        values["store"] = str(store)
    try:
        chosen = Settings(**values)
    except pydantic.ValidationError as error:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in error.errors())
        raise ConfigError(f"Bad setting: {problems}") from None
    return KnowledgeGraph(open_store(chosen, read_only=read_only), chosen)


__all__ = ["Answer", "KnowledgeGraph", "Value", "View", "open_graph", "plain_value"]
