"""A remote SPARQL 1.1 endpoint behind the `GraphStore` interface (the scale-out backend).

Any server that speaks the SPARQL 1.1 Protocol works (Oxigraph server, Fuseki, Virtuoso,
GraphDB, or another `graphkit serve`), provided its default graph is the union of its
named graphs, as graphkit's own stores are (Oxigraph server: `--union-default-graph`;
Fuseki/TDB2: `tdb2:unionDefaultGraph true`). Bindings travel as a trailing `VALUES`
clause built from escaped terms, never by pasting text into the query.
"""

from __future__ import annotations

import contextlib
import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager

import pyoxigraph as ox

from graphkit.errors import GraphkitError, QueryTimeout, StoreError
from graphkit.model import Term, TermKind
from graphkit.store.base import Dataset, RawResult, query_error
from graphkit.store.labels import ALL_TEXTS, LabelIndex, texts_of
from graphkit.store.terms import from_ox
from graphkit.store.writer import OxWriter, graphs_update, staged_write

_SELECT_JSON = "application/sparql-results+json"


def _term(binding: dict[str, str]) -> Term:
    kind = binding["type"]
    if kind == "uri":
        return Term.iri(binding["value"])
    if kind == "bnode":
        return Term(TermKind.BNODE, binding["value"])
    if kind in ("literal", "typed-literal"):
        return Term.literal(binding["value"], datatype=binding.get("datatype"), lang=binding.get("xml:lang"))
    return Term(TermKind.TRIPLE, json.dumps(binding))


def with_values(sparql: str, bindings: Mapping[str, Term] | None) -> str:
    """Return `sparql` with a trailing VALUES clause that binds `bindings` (escaped terms)."""
    if not bindings:
        return sparql
    names = " ".join("?" + name for name in bindings)
    row = " ".join(term.to_ntriples() for term in bindings.values())
    return f"{sparql}\nVALUES ({names}) {{ ({row}) }}"


class RemoteStore:
    """A SPARQL 1.1 Protocol endpoint used as a store.

    Args:
        endpoint: the query URL (e.g. ``http://host:7878/query``).
        update_endpoint: the update URL (default: `endpoint`).
        token: sent as ``Authorization: Bearer …`` (e.g. another graphkit's update token).
        timeout: seconds to wait for an answer.
        read_only: refuse writes without asking the server.
    """

    local = False

    def __init__(
        self,
        endpoint: str,
        *,
        update_endpoint: str | None = None,
        token: str | None = None,
        timeout: float = 30.0,
        read_only: bool = False,
    ) -> None:
        if not endpoint.startswith(("http://", "https://")):
            raise StoreError(f"The SPARQL endpoint must be an http(s) URL, not {endpoint!r}.")
        self.location = endpoint
        self.update_endpoint = update_endpoint or endpoint
        self.read_only = read_only
        self._token = token
        self._timeout = timeout
        self._labels: tuple[str, LabelIndex] | None = None

    # --- HTTP ----------------------------------------------------------------------------------

    def _post(self, url: str, form: dict[str, str | list[str]], accept: str) -> tuple[bytes, str]:
        headers = {"Accept": accept, "Content-Type": "application/x-www-form-urlencoded"}
        if self._token:
            headers["Authorization"] = f"Bearer {self._token}"
        data = urllib.parse.urlencode(form, doseq=True).encode("utf-8")
        request = urllib.request.Request(url, data=data, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=self._timeout) as response:
                body: bytes = response.read()
                return body, response.headers.get("Content-Type", "").split(";")[0].strip().lower()
        except urllib.error.HTTPError as error:
            message = error.read().decode("utf-8", errors="replace")[:2000]
            with contextlib.suppress(ValueError, KeyError, TypeError):
                message = json.loads(message)["error"]["message"]
            if error.code == 400:
                raise query_error(message) from None
            if error.code in (401, 403):
                raise StoreError(
                    f"The endpoint {url} refused the request: {message}", status=error.code
                ) from None
            raise StoreError(f"The endpoint {url} answered {error.code}: {message}") from None
        except TimeoutError:
            raise QueryTimeout(
                f"The endpoint {url} did not answer within {self._timeout:g} s.",
                setting="GRAPHKIT_QUERY_TIMEOUT",
            ) from None
        except urllib.error.URLError as error:
            raise StoreError(f"Cannot reach the SPARQL endpoint {url}: {error.reason}.") from None

    def _select(self, sparql: str) -> tuple[list[str], list[dict[str, Term]]]:
        body = json.loads(self._post(self.location, {"query": sparql}, _SELECT_JSON)[0])
        names = body.get("head", {}).get("vars", [])
        rows = [{k: _term(v) for k, v in b.items()} for b in body.get("results", {}).get("bindings", [])]
        return names, rows

    # --- GraphStore ----------------------------------------------------------------------------

    def query(
        self,
        sparql: str,
        *,
        bindings: Mapping[str, Term] | None = None,
        union: bool = True,
        dataset: Dataset | None = None,
    ) -> RawResult:
        # The server decides the default graph (it must be the union, see the module doc).
        text = with_values(sparql, bindings)
        # The server says by its Content-Type whether it answered with solutions or a graph.
        form: dict[str, str | list[str]] = {"query": text}
        if dataset is not None:
            form["default-graph-uri"] = list(dataset.default)
            form["named-graph-uri"] = list(dataset.named)
        data, media = self._post(self.location, form, f"{_SELECT_JSON}, application/n-triples;q=0.9")
        if media in ("application/n-triples", "text/plain"):
            triples = [
                (from_ox(t.subject), from_ox(t.predicate), from_ox(t.object))
                for t in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)
            ]
            return RawResult("graph", ["subject", "predicate", "object"], triples=iter(triples))
        if media not in (_SELECT_JSON, "application/json"):
            raise StoreError(f"The endpoint {self.location} answered with {media or 'no media type'}.")
        body = json.loads(data)
        if "boolean" in body:
            return RawResult("ask", [], boolean=bool(body["boolean"]))
        names = body.get("head", {}).get("vars", [])
        rows = [{k: _term(v) for k, v in b.items()} for b in body.get("results", {}).get("bindings", [])]
        return RawResult("select", names, rows=iter(rows))

    def update(self, sparql: str) -> None:
        if self.read_only:
            raise StoreError(f"The endpoint {self.location} is used read-only.")
        self._post(self.update_endpoint, {"update": sparql}, "*/*")

    @contextmanager
    def write(self) -> Iterator[OxWriter]:
        """Stage a write locally; send it as one SPARQL Update (one transaction) if it succeeds."""
        if self.read_only:
            raise StoreError(f"The endpoint {self.location} is used read-only.")
        with staged_write(self.dump_nquads(), location=self.location, apply=self._apply) as writer:
            yield writer

    @contextmanager
    def scratch(self) -> Iterator[OxWriter]:
        with staged_write(self.dump_nquads(), location=self.location, apply=OxWriter.release) as writer:
            yield writer

    def _apply(self, writer: OxWriter) -> None:
        store = writer.release()
        if writer.touched:
            self.update(graphs_update(store, writer.touched))

    def pin(self) -> None:
        return None  # no pyoxigraph store to read directly

    def labels(self) -> LabelIndex:
        """Return a label index of the endpoint's data, built in memory once per version."""
        version = self.version()
        if self._labels is None or self._labels[0] != version:
            rows = self.query(ALL_TEXTS).rows or iter(())
            self._labels = (version, LabelIndex(texts=texts_of(rows)))
        return self._labels[1]

    def version(self) -> str:
        """Return a token that changes with the endpoint's data (a count and a checksum of graph names)."""
        _, rows = self._select(
            "SELECT (COUNT(*) AS ?n) (MD5(GROUP_CONCAT(DISTINCT STR(?g))) AS ?h) "
            "WHERE { GRAPH ?g { ?s ?p ?o } }"
        )
        row = rows[0] if rows else {}
        return f"{row['n'].value if 'n' in row else 0}-{row['h'].value if 'h' in row else ''}"

    def graph_names(self) -> list[str]:
        _, rows = self._select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        return sorted(r["g"].value for r in rows if "g" in r and r["g"].kind is TermKind.URI)

    def count(self, graph: str | None = None) -> int:
        if graph is None:
            sparql = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
        else:
            sparql = (
                f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {Term.iri(graph).to_ntriples()} {{ ?s ?p ?o }} }}"
            )
        _, rows = self._select(sparql)
        return int(rows[0]["n"].value) if rows else 0

    def dump_nquads(self, graphs: list[str] | None = None) -> bytes:
        lines = []
        for name in graphs if graphs is not None else self.graph_names():
            sparql = f"SELECT ?s ?p ?o WHERE {{ GRAPH {Term.iri(name).to_ntriples()} {{ ?s ?p ?o }} }}"
            _, rows = self._select(sparql)
            for row in rows:
                parts = [row[v].to_ntriples() for v in ("s", "p", "o")]
                lines.append(" ".join(parts) + f" <{name}> .")
        return ("\n".join(lines) + ("\n" if lines else "")).encode("utf-8")

    def close(self) -> None:
        pass


__all__ = ["GraphkitError", "RemoteStore", "with_values"]
