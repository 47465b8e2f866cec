"""How the extraction is measured against the curated graph (used by test_seed_evaluation.py).

The expected facts of a source document are read from its named graph in the store (the
statements that cite the document, ``graph:<name>``):

- **entities**: every subject with a class there, except the document itself, topics (a
  document's themes, not named things) and what the document describes without naming it:
  event parts, presentations and keynotes, projects ("Plenarteile", "Projektbeispiel aus …").
- **relations**: the triples there whose predicate is one a cue phrase states
  (`CUE_PREDICATES`).
- **dates**: every gk:startDate / gk:endDate value there.
- **counts**: every participant, country, city and part count there, with the qualifier its
  statement carries (gk:about …), if any.

A candidate entity *is* a graph entity when it has that IRI (a name the graph knows) or
proposes merging with it, or when its words (stemmed as the gazetteer stems them) are
those of a name of the entity or a run of them ("Werkstattreihe" in "BIWAQ-Werkstattreihe").
Precision counts a candidate as right when it is any entity with a class in the document's
graph, topics and event parts included (they are named in the text too).
Relation recall: an expected triple is found when a relation candidate has its predicate and
subject and object candidates that are its subject and object. A date is found when a date
candidate begins, ends or is that value; a count when a count candidate has its number, its
property (or none) and the same qualifier.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from graphkit.extract.candidates import Candidate, Kind
from graphkit.extract.gazetteer import norm_key
from graphkit.extract.pipeline import Extractor
from graphkit.namespaces import GK, GRAPH, RDF, shorten
from graphkit.query import run_query
from graphkit.store import GraphStore

CUE_PREDICATES = frozenset(
    GK + p
    for p in (
        "financedFromFund", "fundedBy", "cofinancedBy", "fundingGrantedBy", "organizedBy", "hostedBy",
        "partnerProgrammeOf", "memberOf", "continuedIn", "keynoteSpeaker",
    )
)  # fmt: skip
UNNAMED = frozenset(
    GK + c for c in ("Topic", "SourceDocument", "EventPart", "Presentation", "Keynote", "Project")
)
COUNT_PREDICATES = frozenset(
    GK + p for p in ("participantCount", "numberOfCountries", "numberOfCities", "numberOfParts")
)

_PREFIXES = """PREFIX gk: <https://w3id.org/graphkit/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
"""


@dataclass
class Expected:
    """The curated facts of one document."""

    entities: set[str] = field(default_factory=set)
    typed: set[str] = field(default_factory=set)
    names: dict[str, set[str]] = field(default_factory=dict)
    relations: set[tuple[str, str, str]] = field(default_factory=set)
    dates: set[str] = field(default_factory=set)
    counts: set[tuple[int, str, str | None]] = field(default_factory=set)


def read_expected(store: GraphStore, graph: str, extractor: Extractor) -> Expected:
    """Read the expected facts of the document whose statements are in `GRAPH + graph`."""
    g = GRAPH + graph
    out = Expected()
    types: dict[str, set[str]] = {}
    rows = run_query(store, _PREFIXES + f"SELECT ?e ?t WHERE {{ GRAPH <{g}> {{ ?e a ?t }} }}").rows
    for row in rows:
        types.setdefault(row["e"].value, set()).add(row["t"].value)
    out.typed = {e for e, ts in types.items() if RDF + "Statement" not in ts}
    out.entities = {e for e in out.typed if not (types[e] & UNNAMED)}
    names = run_query(
        store, _PREFIXES + "SELECT ?e ?n WHERE { ?e rdfs:label|skos:altLabel ?n }", max_rows=100_000
    ).rows
    for row in names:
        if row["e"].value in out.typed:
            out.names.setdefault(row["e"].value, set()).add(norm_key(extractor.nlp(row["n"].value)))
    links = run_query(
        store, _PREFIXES + f"SELECT ?s ?p ?o WHERE {{ GRAPH <{g}> {{ ?s ?p ?o FILTER(isIRI(?o)) }} }}"
    ).rows
    out.relations = {
        (r["s"].value, r["p"].value, r["o"].value) for r in links if r["p"].value in CUE_PREDICATES
    }
    dates = run_query(
        store, _PREFIXES + f"SELECT ?d WHERE {{ GRAPH <{g}> {{ ?s gk:startDate|gk:endDate ?d }} }}"
    ).rows
    out.dates = {r["d"].value for r in dates}
    counts = run_query(
        store,
        _PREFIXES
        + f"""SELECT ?s ?p ?v ?q WHERE {{ GRAPH <{g}> {{ ?s ?p ?v
            OPTIONAL {{ ?st rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?v ; gk:qualifier ?q }} }} }}""",
    ).rows
    out.counts = {
        (int(r["v"].value), r["p"].value, r["q"].value if "q" in r else None)
        for r in counts
        if r["p"].value in COUNT_PREDICATES
    }
    return out


def entities_of(c: Candidate, expected: Expected, extractor: Extractor) -> set[str]:
    """The graph entities (with a class in the document's graph) an entity candidate is."""
    iri, merge = c.fields["iri"], c.fields.get("merge_with")
    if c.fields["existing"]:
        return {iri} & expected.typed
    found = {merge} & expected.typed if merge else set()
    forms = {
        norm_key(extractor.nlp(text)).split() and norm_key(extractor.nlp(text)) for text in c.fields["forms"]
    }
    for entity, keys in expected.names.items():
        for key in keys:
            words = key.split()
            for form in forms:
                part = form.split()
                if part and any(words[i : i + len(part)] == part for i in range(len(words) - len(part) + 1)):
                    found.add(entity)
    return found


@dataclass
class Figures:
    """What was measured on one document."""

    entity_recall: float
    entity_precision: float
    relation_recall: float
    dates_missing: list[str]
    counts_missing: list[tuple[int, str, str | None]]
    entities_missing: list[str]
    wrong_entities: list[str]
    relations_missing: list[tuple[str, str, str]]

    def report(self, name: str) -> str:
        return (
            f"{name}: entity recall {self.entity_recall:.0%}, precision {self.entity_precision:.0%}, "
            f"relation recall {self.relation_recall:.0%}; dates missing {self.dates_missing}, "
            f"counts missing {self.counts_missing}; "
            f"entities missing {[shorten(e) for e in self.entities_missing]}; wrong {self.wrong_entities}; "
            f"relations missing {[tuple(shorten(t) for t in r) for r in self.relations_missing]}"
        )


def measure(candidates: list[Candidate], expected: Expected, extractor: Extractor) -> Figures:
    """Compare a document's candidates with its expected facts."""
    entities = [c for c in candidates if c.kind is Kind.ENTITY]
    matched = {c.id: entities_of(c, expected, extractor) for c in entities}
    found = set().union(*matched.values()) if matched else set()
    right = [c for c in entities if matched[c.id]]
    relations = set()
    for c in candidates:
        if c.kind is Kind.RELATION:
            predicate = c.fields["predicate"].replace("gk:", GK)
            for s in matched.get(c.fields["subject"], ()):
                for o in matched.get(c.fields["object"], ()):
                    relations.add((s, predicate, o))
    date_values = set()
    for c in candidates:
        if c.kind is Kind.DATE:
            date_values |= {c.fields["value"], c.fields.get("begin"), c.fields.get("until")}
    count_values = set()
    for c in candidates:
        if c.kind is Kind.COUNT:
            qualifier = c.fields["qualifier"].replace("gk:", GK) if c.fields["qualifier"] else None
            predicate = c.fields["predicate"].replace("gk:", GK) if c.fields["predicate"] else None
            for p in COUNT_PREDICATES if predicate is None else {predicate}:
                count_values.add((c.fields["value"], p, qualifier))
    return Figures(
        entity_recall=len(expected.entities & found) / len(expected.entities),
        entity_precision=len(right) / len(entities) if entities else 0.0,
        relation_recall=len(expected.relations & relations) / len(expected.relations)
        if expected.relations
        else 1.0,
        dates_missing=sorted(expected.dates - date_values),
        counts_missing=sorted(expected.counts - count_values, key=str),
        entities_missing=sorted(expected.entities - found),
        wrong_entities=sorted(c.evidence.text for c in entities if not matched[c.id]),
        relations_missing=sorted(expected.relations - relations),
    )
