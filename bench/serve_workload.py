"""What the serving benchmark asks for: routes, and the ids, terms and queries picked from the data.

Everything is read from the generated N-Quads file (never from graphkit's store), so the
choice stays the same whatever graphkit does inside: a link is a triple between two IRIs
of the id namespace other than rdf:type, an entity's degree is its number of links both
ways, mid-degree entities have `MID_DEGREE` links (about the 90th to 97th percentile of the
generated data: a typical entity worth opening), the hubs are the most linked entities.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlencode

ID = "https://w3id.org/graphkit/id/"
_ID_TERM = b"<" + ID.encode()
_TYPE = b"<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
_LABEL = b"<http://www.w3.org/2000/01/rdf-schema#label>"
_EN_LITERAL = re.compile(rb'^"(.*)"@en$')
_WORD = re.compile(r"[^\W\d_]{4,}")

#: Links of a mid-degree entity (inclusive).
MID_DEGREE = (10, 30)
#: The hub's first page: neighbours grouped by predicate, the first 20 of each group.
HUB_PAGE = "group=predicate&limit=20"
JSON = {"Accept": "application/json"}
SPARQL_JSON = {"Accept": "application/sparql-results+json"}
HTML = {"Accept": "text/html"}


@dataclass(frozen=True, slots=True)
class Route:
    """One measured request kind; `key` names it in the JSON report.

    `counted`: each request appends a number that counts up to its path, so that no two
    requests send the same text (SPARQL: the LIMIT, far above the rows there are).
    """

    key: str
    title: str
    headers: dict[str, str]
    counted: bool = False


ROUTES = [
    Route("healthz", "`/healthz`", JSON),
    Route("stats", "`/api/stats`", JSON),
    Route("search", "`/api/search?q=…`", JSON),
    Route("entity", "`/api/entities/{id}` (mid-degree)", JSON),
    Route("neighbourhood", "`/api/entities/{id}/neighbourhood` depth 1, mid-degree", JSON),
    Route("hub_page", f"`/api/entities/{{hub}}/neighbourhood?{HUB_PAGE}` (hub, first page)", JSON),
    Route("hub", "`/api/entities/{hub}/neighbourhood` depth 1 (hub, first 200 nodes)", JSON),
    Route("path", "`/api/path?from=…&to=…` (mid-degree pairs)", JSON),
    Route("graph", "`/graph?focus=…` (mid-degree, HTML page)", HTML),
    Route("sparql", "SPARQL 1-hop SELECT (links both ways of a mid-degree entity)", SPARQL_JSON, True),
]
ROUTE = {route.key: route for route in ROUTES}

#: The 1-hop SELECT; the request's counter (100,000 up) completes the LIMIT.
ONE_HOP = "SELECT ?p ?other WHERE {{ {{ <{iri}> ?p ?other }} UNION {{ ?other ?p <{iri}> }} }} LIMIT "


@dataclass(slots=True)
class Workload:
    """Ids, search terms and pairs to ask about, picked from the data with a fixed seed.

    Attributes:
        mid: ids of mid-degree entities (`MID_DEGREE` links), in a random order.
        hubs: the most linked ids with their number of links, most linked first.
        terms: search texts: words of English labels, whole or their first letters.
        pairs: (from, to) ids for paths.
        entities: ids with at least one link.
    """

    mid: list[str]
    hubs: list[tuple[str, int]]
    terms: list[str]
    pairs: list[tuple[str, str]]
    entities: int

    @classmethod
    def from_nquads(cls, path: Path, *, seed: int = 1, variants: int = 32, hubs: int = 4) -> Workload:
        """Read the generated file once and pick `variants` of each kind (fewer if the data lacks them)."""
        degree: Counter[bytes] = Counter()
        labels: dict[bytes, str] = {}
        with path.open("rb") as lines:
            for line in lines:
                s, p, rest = line.split(b" ", 2)
                if not s.startswith(_ID_TERM):
                    continue
                if rest.startswith(_ID_TERM) and p != _TYPE:
                    degree[s] += 1
                    degree[rest.split(b" ", 1)[0]] += 1
                elif p == _LABEL:
                    found = _EN_LITERAL.match(rest.rsplit(b" ", 2)[0])
                    if found:
                        labels[s] = found.group(1).decode()
        rand = random.Random(seed)
        low, high = MID_DEGREE
        mid = sorted(term for term, links in degree.items() if low <= links <= high)
        if len(mid) < variants:  # small data: the most linked entities below the hubs
            mid = sorted(term for term, _ in degree.most_common(variants + hubs)[hubs:])
        rand.shuffle(mid)
        mid = mid[:variants]
        words = [w for label in sorted(labels.values()) for w in _WORD.findall(label)]
        terms = []
        for i in range(min(variants, len(words))):
            word = rand.choice(words).lower()
            terms.append(word if i % 2 == 0 else word[:4])
        ids = [_id(term) for term in mid]
        return cls(
            mid=ids,
            hubs=[(_id(term), links) for term, links in degree.most_common(hubs)],
            terms=terms,
            pairs=list(zip(ids, ids[1:] + ids[:1], strict=True)),
            entities=len(degree),
        )

    def paths(self, route: str, *, sparql: str = "/sparql") -> list[str]:
        """Return the request paths of `route` (with query string), rotated through in a run.

        Args:
            route: a key of `ROUTES`.
            sparql: the server's SPARQL query endpoint (`/sparql`, oxigraph's `/query`…).

        A counted route's paths end where the request's number goes.
        """
        if route == "healthz":
            return ["/healthz"]
        if route == "stats":
            return ["/api/stats"]
        if route == "search":
            return [f"/api/search?{urlencode({'q': term})}" for term in self.terms]
        if route == "entity":
            return [f"/api/entities/{quote(i)}" for i in self.mid]
        if route == "neighbourhood":
            return [f"/api/entities/{quote(i)}/neighbourhood" for i in self.mid]
        if route == "hub_page":
            return [f"/api/entities/{quote(i)}/neighbourhood?{HUB_PAGE}" for i, _ in self.hubs]
        if route == "hub":
            return [f"/api/entities/{quote(i)}/neighbourhood" for i, _ in self.hubs]
        if route == "path":
            return [f"/api/path?{urlencode({'from': a, 'to': b})}" for a, b in self.pairs]
        if route == "graph":
            return [f"/graph?{urlencode({'focus': i})}" for i in self.mid]
        if route == "sparql":
            return [f"{sparql}?{urlencode({'query': ONE_HOP.format(iri=ID + i)})}" for i in self.mid]
        raise ValueError(f"unknown route {route!r}")


def _id(term: bytes) -> str:
    return term[len(_ID_TERM) : -1].decode()
