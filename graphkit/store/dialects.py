"""What each SPARQL engine does differently from SPARQL 1.1, in one record per engine.

The remote backend (`graphkit.store.remote`) speaks standard SPARQL 1.1 and asks the
endpoint's `Dialect` wherever an engine departs from it; nothing else in graphkit knows
which engine it talks to. The facts behind each field are measured by
tests/test_engines_probe.py and written up in docs/engines.md.

A dialect says:

- **how writes travel**: as one SPARQL Update (`graph_store_writes=False`: the server runs
  it as one transaction), or graph by graph through the Graph Store Protocol into staging
  graphs that are checked and then moved into place (Virtuoso: a multi-operation update is
  not atomic, and one big update fails with ``SP031 … exceeded 10000 lines``);
- **where the set-merge default graph lives** (`merge_graph`): Virtuoso's default graph is
  every graph in the database counted per graph, so graphkit keeps the merge in a named
  graph of its own and sends it as ``default-graph-uri``;
- **graphs to hide** (`system_graphs`): Virtuoso's own metadata, seen by ``GRAPH ?g``;
- **result quirks**: ``ASK`` answered as a SELECT of one variable, booleans as ``"1"``;
- **time limits**: a per-request ``timeout`` parameter and the header that marks a
  partial answer.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable
from dataclasses import dataclass

from graphkit.model import Term, TermKind

XSD = "http://www.w3.org/2001/XMLSchema#"
XSD_BOOLEAN = XSD + "boolean"
_DURATIONS = (XSD + "duration", XSD + "dayTimeDuration")
#: Graphs graphkit keeps on an engine for its own bookkeeping start with this.
INTERNAL_PREFIX = "urn:graphkit:"
# A query's prologue (white space, comments, BASE, PREFIX), then its form.
_FORM = re.compile(
    r"(?:\s|#[^\n]*(?:\n|\Z)|BASE\s*<[^>]*>|PREFIX\s*[\w.-]*:\s*<[^>]*>)*(SELECT|CONSTRUCT|DESCRIBE|ASK)",
    re.IGNORECASE,
)
#: Staging graphs of a write in progress (their names add a random token and a number).
STAGING_PREFIX = INTERNAL_PREFIX + "staging:"


@dataclass(frozen=True, slots=True)
class Dialect:
    """How one engine departs from SPARQL 1.1 in what the remote backend sends and reads.

    Attributes:
        name: the engine preset's name.
        graph_store_writes: write graph by graph through the Graph Store Protocol (staged,
            checked, then moved into place one update per graph) instead of one SPARQL Update.
        merge_graph: the named graph in which graphkit keeps the set merge of the named
            graphs, read as the default graph (None: the engine's own default graph, or the
            `Endpoint`'s setting, serves).
        system_graphs: the engine's own graphs, never shown as data.
        ask_variable: the one variable of the SELECT the engine answers an ``ASK`` with.
        boolean_digits: the engine returns ``xsd:boolean`` values as ``"1"``/``"0"``.
        duration_seconds: the engine returns ``xsd:duration`` values as a number of seconds
            (``"9120.0"`` for ``PT2H32M``).
        timeout_parameter: the per-request time limit parameter, in milliseconds.
        partial_header: (header, value) marking an answer cut short by the time limit.
        accept_by_form: the engine ignores ``q=`` weights and answers with the first media
            type listed (a CONSTRUCT as JSON solutions), so ask for the one the form needs.
        blank_node_prefix: the engine labels blank nodes with this in front
            (``nodeID://b10000``), which is no blank node label in N-Triples: dropped when
            reading, so a write that reads the graphs back can parse them.
        graph_store_chunk: bytes per Graph Store request when staging a graph (None: the
            whole graph in one PUT). Virtuoso answers a digest-authenticated PUT's unsigned
            first try with 401 before reading its body and closes the connection: past about
            a megabyte the send fails (broken pipe), so a large graph goes as one PUT and
            then POSTs (`graphkit.store.graph_chunks`).
    """

    name: str
    graph_store_writes: bool = False
    merge_graph: str | None = None
    system_graphs: tuple[str, ...] = ()
    ask_variable: str | None = None
    boolean_digits: bool = False
    duration_seconds: bool = False
    timeout_parameter: str | None = None
    partial_header: tuple[str, str] | None = None
    accept_by_form: bool = False
    blank_node_prefix: str | None = None
    graph_store_chunk: int | None = None

    @property
    def hidden_graphs(self) -> tuple[str, ...]:
        """Graphs on the engine that are not data: its own and graphkit's merge."""
        return self.system_graphs + ((self.merge_graph,) if self.merge_graph else ())

    def shows(self, graph: str) -> bool:
        """Whether `graph` is a data graph (not the engine's, not graphkit's bookkeeping)."""
        return graph not in self.hidden_graphs and not graph.startswith(INTERNAL_PREFIX)

    def graph_filter(self) -> str:
        """A FILTER on ``?g`` that keeps graphkit's own ``GRAPH ?g`` queries to the data graphs.

        A filter rather than Virtuoso's ``define input:named-graph-exclude``: with that
        pragma, ``COUNT(*)`` over an absent ``GRAPH <g>`` answers 1, and the excluded graph
        can no longer serve as the default graph.
        """
        hidden = "".join(f"?g != <{g}> && " for g in self.hidden_graphs)
        return f'FILTER({hidden}!STRSTARTS(STR(?g), "{INTERNAL_PREFIX}"))'

    def union_pragmas(self, named: Iterable[str]) -> str:
        """Pragmas that make the merge graph the default graph and `named` the named graphs.

        In the query text, not as ``default-graph-uri``/``named-graph-uri`` parameters:
        Virtuoso echoes each parameter as an ``X-SPARQL-named-graph`` response header, and
        past 100 graphs Python's HTTP client refuses the answer.
        """
        lines = [f"define input:default-graph-uri <{self.merge_graph}>"]
        lines += [f"define input:named-graph-uri <{g}>" for g in named]
        return "\n".join(lines) + "\n"

    def accept(self, sparql: str, *, solutions: str, graph: str) -> str:
        """The Accept header for `sparql`: both types weighted, or the one its form needs."""
        if not self.accept_by_form:
            return f"{solutions}, {graph};q=0.9"
        form = _FORM.match(sparql)
        return graph if form and form.group(1).upper() in ("CONSTRUCT", "DESCRIBE") else solutions

    def read_term(self, term: Term) -> Term:
        """Return a result term as SPARQL 1.1 would have sent it."""
        literal = term.kind is TermKind.LITERAL
        prefix = self.blank_node_prefix
        if prefix and term.kind is TermKind.BNODE and term.value.startswith(prefix):
            return Term(TermKind.BNODE, term.value[len(prefix) :])
        if self.boolean_digits and literal and term.datatype == XSD_BOOLEAN and term.value in ("1", "0"):
            return Term.literal("true" if term.value == "1" else "false", datatype=XSD_BOOLEAN)
        if self.duration_seconds and literal and term.datatype in _DURATIONS:
            with contextlib.suppress(ValueError):
                return Term.literal(_iso_duration(float(term.value)), datatype=term.datatype)
        return term

    def ask_answer(self, names: list[str], rows: Iterable[dict[str, Term]]) -> bool | None:
        """The boolean of an ``ASK`` the engine answered as a SELECT, or None if it is a SELECT."""
        if self.ask_variable is None or names != [self.ask_variable]:
            return None
        return any(row.get(self.ask_variable, Term.literal("0")).value in ("1", "true") for row in rows)


def _iso_duration(seconds: float) -> str:
    """Return a number of seconds as a canonical ``xsd:dayTimeDuration`` (9120 → ``PT2H32M``)."""
    sign, rest = ("-", -seconds) if seconds < 0 else ("", seconds)
    days, rest = divmod(rest, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, rest = divmod(rest, 60)
    date = f"{int(days)}D" if days else ""
    time = "".join(f"{int(v)}{u}" for v, u in ((hours, "H"), (minutes, "M")) if v)
    if rest:
        time += f"{rest:.6f}".rstrip("0").rstrip(".") + "S"
    if not date and not time:
        time = "0S"
    return f"{sign}P{date}" + (f"T{time}" if time else "")


#: SPARQL 1.1 as written (Oxigraph server, Fuseki, another graphkit, any other server).
STANDARD = Dialect("standard")

#: Virtuoso open source 7.2 (docs/engines.md, measured by tests/test_engines_probe.py).
VIRTUOSO = Dialect(
    "virtuoso",
    graph_store_writes=True,
    merge_graph=INTERNAL_PREFIX + "merge",
    system_graphs=(
        "http://www.openlinksw.com/schemas/virtrdf#",
        "http://www.w3.org/ns/ldp#",
        "http://localuriqaserver/sparql",
    ),
    ask_variable="__ASK_RETVAL",
    boolean_digits=True,
    duration_seconds=True,
    timeout_parameter="timeout",
    partial_header=("X-SQL-State", "S1TAT"),
    accept_by_form=True,
    blank_node_prefix="nodeID://",
    graph_store_chunk=256 * 1024,
)


__all__ = ["INTERNAL_PREFIX", "STAGING_PREFIX", "STANDARD", "VIRTUOSO", "Dialect"]
