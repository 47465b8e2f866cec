"""The minimal anchor: FastAPI + pyoxigraph answering graphkit's entity and neighbourhood JSON.

Usage: python bench/anchor_fastapi.py STORE PORT

The store is a pyoxigraph store filled with `bulk_load`, opened read-only; queries see the
union of the named graphs, as graphkit's default graph. `/api/entities/{id}` answers with
one SPARQL query, `/api/entities/{id}/neighbourhood` (depth 1, both directions, `limit`
nodes) with two, `/healthz` with none (the framework's floor). The JSON is graphkit's for
data without the ontology (predicate and class labels are then local names, classes sort
by IRI); serve_bench.py checks it is the same for the ids it measures.
"""

from __future__ import annotations

import base64
import re
import sys
from typing import Any

import pyoxigraph as ox
import uvicorn
from fastapi import FastAPI, HTTPException, Request

from graphkit.labelling import Labels, abbreviation

ID, GK = "https://w3id.org/graphkit/id/", "https://w3id.org/graphkit/ontology#"
TYPE, LABEL = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type", "http://www.w3.org/2000/01/rdf-schema#label"
PLAIN = {
    None,
    "http://www.w3.org/2001/XMLSchema#string",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString",
}
OWN_ID = re.compile(r"[A-Za-z0-9_][A-Za-z0-9._~-]*(?:/[A-Za-z0-9_][A-Za-z0-9._~-]*)*")
SKOS = "http://www.w3.org/2004/02/skos/core#"
ALT = SKOS + "altLabel"
PREFIXES = {
    "gk": GK,
    "rdf": TYPE[:-4],
    "rdfs": LABEL[:-5],
    "dcterms": "http://purl.org/dc/terms/",
    "skos": SKOS,
}
# Sorting and the id-namespace test are done in Python: Oxigraph's ORDER BY is slow on a hub's links.
LINKS = """SELECT ?e ?p ?dir ?o WHERE {
  { ?e ?p ?o BIND("out" AS ?dir) } UNION { ?o ?p ?e BIND("in" AS ?dir) }
  FILTER(isIRI(?o) && ?p != rdf:type) MINUS { ?o a gk:SourceDocument } }"""
NODES = """SELECT DISTINCT ?s ?p ?o WHERE {
  VALUES ?s { %s } ?s ?p ?o FILTER(?p IN (rdf:type, rdfs:label, skos:altLabel) || ?o IN (%s)) }"""
EDGE_SOURCES = """SELECT ?s ?p ?o ?doc ?cert WHERE { VALUES (?s ?p ?o) { %s }
  GRAPH ?g { ?s ?p ?o } OPTIONAL { GRAPH ?g { ?g gk:source ?doc } }
  OPTIONAL { GRAPH ?g { ?g gk:certainty ?cert } } }"""
STATEMENTS = """SELECT ?e ?dir ?p ?v ?doc ?cert ?vl ?dl ?title ?url ?issued ?pub ?pl WHERE {
  { GRAPH ?g { ?e ?p ?v } BIND("out" AS ?dir) } UNION { GRAPH ?g { ?v ?p ?e } BIND("in" AS ?dir) }
  OPTIONAL { ?v rdfs:label ?vl }
  OPTIONAL { GRAPH ?g { ?g gk:source ?doc } OPTIONAL { GRAPH ?g { ?g gk:certainty ?cert } }
    OPTIONAL { ?doc rdfs:label ?dl FILTER(lang(?dl) = "en") } OPTIONAL { ?doc dcterms:title ?title }
    OPTIONAL { ?doc gk:url ?url } OPTIONAL { ?doc dcterms:issued ?issued }
    OPTIONAL { ?doc gk:publisher ?pub OPTIONAL { ?pub rdfs:label ?pl FILTER(lang(?pl) = "en") } } } }"""


def ident(iri: str) -> str:
    own = iri.startswith(ID) and OWN_ID.fullmatch(iri[len(ID) :])
    return iri[len(ID) :] if own else "~" + base64.urlsafe_b64encode(iri.encode()).rstrip(b"=").decode()


def short(iri: str) -> str:
    found = ident(iri)
    return found if not found.startswith("~") else re.split(r"[#/]", iri.rstrip("#/"))[-1]


def pick(labels: dict[str, str], iri: str) -> str:
    return next((labels[k] for k in ("en", "de", "") if k in labels), next(iter(labels.values()), short(iri)))


def short_names(labels: dict[str, str], alts: list[str]) -> dict[str, str]:
    """The abbreviation per language, by graphkit's rule (imported: the JSON must mean the same)."""
    found = {}
    for lang in ("en", "de"):
        name = abbreviation(Labels(dict(labels), sorted(alts)), lang)
        if name:
            found[lang] = name
    return found


def term(v: Any) -> dict[str, Any]:
    if not isinstance(v, ox.Literal):
        return {
            "type": "uri" if isinstance(v, ox.NamedNode) else "bnode",
            "value": v.value,
            "datatype": None,
            "lang": None,
        }
    datatype = None if v.language or v.datatype.value in PLAIN else v.datatype.value
    return {"type": "literal", "value": v.value, "datatype": datatype, "lang": v.language}


def statement_order(s: dict[str, Any]) -> tuple[bool, str, str, str]:
    return (
        s["predicate"] != TYPE,
        s["predicate_label"],
        s["label"] or s["value"]["value"],
        s["value"]["value"],
    )


def create_app(store: ox.Store) -> FastAPI:
    app = FastAPI()

    def query(sparql: str, focus: str | None = None) -> Any:
        subs = {ox.Variable("e"): ox.NamedNode(focus)} if focus else None
        return store.query(sparql, prefixes=PREFIXES, substitutions=subs, use_default_graph_as_union=True)

    @app.get("/healthz")
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/api/entities/{id:path}/neighbourhood")
    def neighbourhood(request: Request, id: str, limit: int = 200) -> dict[str, Any]:
        focus, order, truncated = ID + id, {ID + id: None}, False
        links = {(r["p"].value, r["dir"].value, r["o"].value) for r in query(LINKS, focus)}
        for _, _, other in sorted(links):
            if other.startswith(ID) and other not in order:
                if len(order) >= limit:
                    truncated = True
                    break
                order[other] = None
        types, labels, edges = {n: [] for n in order}, {n: {} for n in order}, set()
        alts: dict[str, list[str]] = {n: [] for n in order}
        chosen = " ".join(f"<{n}>" for n in order)
        for row in query(NODES % (chosen, chosen.replace(" ", ", "))):
            s, p, o = row["s"].value, row["p"].value, row["o"]
            if p == TYPE:
                types[s].append(o.value)
            elif p == LABEL:
                labels[s].setdefault(o.language or "", o.value)
            elif p == ALT:
                if o.value not in alts[s]:
                    alts[s].append(o.value)
            elif o.value in order:
                edges.add((s, p, o.value))
        nodes = [
            {
                "id": ident(n),
                "iri": n,
                "label": pick(labels[n], n),
                "labels": labels[n],
                "alt_labels": sorted(alts[n]),
                "short": short_names(labels[n], alts[n]),
                "types": sorted(types[n]),
                "type_labels": {t: {"en": short(t), "de": short(t)} for t in types[n]},
                "depth": int(i > 0),
                "facts": [],
                "sources": [],
            }
            for i, n in enumerate(order)
        ]
        # Each edge with the documents whose graphs state it, and their certainty (graphkit
        # also reads each edge's reified evidence; the synthetic data has none).
        cited: dict[tuple[str, str, str], tuple[set[str], set[str]]] = {e: (set(), set()) for e in edges}
        if edges:
            values = " ".join(f"(<{s}> <{p}> <{o}>)" for s, p, o in sorted(edges))
            for row in query(EDGE_SOURCES % values):
                docs, certainty = cited[(row["s"].value, row["p"].value, row["o"].value)]
                if row["doc"] is not None:
                    docs.add(ident(row["doc"].value))
                if row["cert"] is not None:
                    certainty.add(row["cert"].value)
        return {
            "focus": ident(focus),
            "nodes": sorted(nodes, key=lambda n: (n["depth"], n["id"])),
            "edges": [
                {
                    "source": ident(s),
                    "target": ident(o),
                    "predicate": p,
                    "label": short(p),
                    "sources": sorted(cited[(s, p, o)][0]),
                    "certainty": sorted(cited[(s, p, o)][1]),
                    "evidence": [],
                    "inverse": None,
                    "inverse_label": None,
                    "stated": "forward",
                }
                for s, p, o in sorted(edges)
            ],
            "truncated": truncated,
            "offset": 0,
            "next": str(request.url.include_query_params(offset=len(order) - 1)) if truncated else None,
        }

    @app.get("/api/entities/{id:path}")
    def entity(id: str) -> dict[str, Any]:
        focus, merged, docs, labels = ID + id, {}, {}, {}
        for r in query(STATEMENTS, focus):
            v, p, doc = r["v"], r["p"].value, r["doc"]
            if r["vl"] is not None:
                labels.setdefault(v.value, {}).setdefault(r["vl"].language or "", r["vl"].value)
            st = merged.get((r["dir"].value, p, v))
            if st is None:
                st = merged[(r["dir"].value, p, v)] = {"predicate": p, "predicate_label": short(p)}
                st |= {"value": term(v), "sources": set(), "certainty": set()}
            if doc is not None:
                st["sources"].add(ident(doc.value))
                st["certainty"] |= {r["cert"].value} if r["cert"] else set()
                rec = {"title": r["title"], "url": r["url"], "issued": r["issued"], "certainty": r["cert"]}
                docs[doc.value] = {k: t.value if t else None for k, t in rec.items()} | {
                    "label": r["dl"].value if r["dl"] else short(doc.value),
                    "publisher": r["pl"].value if r["pl"] else r["pub"] and short(r["pub"].value),
                }
        if not merged:
            raise HTTPException(404)
        out: dict[str, list[dict[str, Any]]] = {"out": [], "in": []}
        for (way, _, v), st in merged.items():
            uri = isinstance(v, ox.NamedNode)
            st |= {
                "id": ident(v.value) if uri else None,
                "label": pick(labels.get(v.value, {}), v.value) if uri else None,
            }
            # Synthetic data carries no reified evidence: graphkit answers an empty list.
            out[way].append(
                st | {"sources": sorted(st["sources"]), "certainty": sorted(st["certainty"]), "evidence": []}
            )
        for sts in out.values():
            sts.sort(key=statement_order)
        cited = {s for st in out["out"] + out["in"] for s in st["sources"]}
        types = [s["value"]["value"] for s in out["out"] if s["predicate"] == TYPE]
        own = {s["value"]["lang"] or "": s["value"]["value"] for s in out["out"] if s["predicate"] == LABEL}
        sources = [{"id": ident(d), "iri": d} | rec for d, rec in sorted(docs.items())]
        return {
            "id": ident(focus),
            "iri": focus,
            "label": pick(own, focus),
            "labels": own,
            "types": types,
            "type_labels": [short(t) for t in types],
            "properties": out["out"],
            "incoming": out["in"],
            "sources": sorted((s for s in sources if s["id"] in cited), key=lambda s: s["id"]),
        }

    return app


def main() -> None:
    store, port = ox.Store.read_only(sys.argv[1]), int(sys.argv[2])
    uvicorn.run(create_app(store), host="127.0.0.1", port=port, log_level="warning", access_log=False)


if __name__ == "__main__":
    main()
