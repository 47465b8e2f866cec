"""Deterministic synthetic data in graphkit's ontology, streamed as N-Quads or TriG.

For benchmarks and scale tests: `generate_dataset(out, triples=N, seed=S)` writes N quads of
a made-up urban social-innovation network that passes graphkit's SHACL validation like the
curated data. The bytes depend only on N, S and the format.

The world is written in phases, each a share of N: topics and countries, cities,
districts, public authorities, funds with their periods, programmes with their rounds,
organisations, partnerships, networks with their member lists, persons, roles, projects,
events; participant lists then top the output up to N (exactly, from about 6,000 on). A
phase refers only to entities of earlier phases (or its own), so nothing is kept but
counts: names and the attributes other entities mention (a district's city, an
authority's kind) are pure functions of (seed, index). Hubs come from skewed choices of
low indices (`_zipf`): the first cities host most projects and events, the first fund
finances most programmes, the first networks have thousands of members at scale, while
most entities have a few links.

Each synthetic source document is one named graph of a few hundred to a few thousand
triples that names its document (`gk:source`, `gk:certainty "stated"`) as curated graphs
do. One graph is held in memory at a time; every entity is described in one graph only.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import BinaryIO

from graphkit.namespaces import DCTERMS, GK, GRAPH, ID, RDF, RDFS, SCHEMA, SKOS, XSD


class GenerateFormat(StrEnum):
    """Output formats of `generate_dataset`."""

    NQUADS = "nquads"
    TRIG = "trig"


@dataclass(slots=True)
class GenerateReport:
    """What `generate_dataset` wrote: quads, named graphs, typed entities, bytes."""

    triples: int
    graphs: int
    entities: int
    bytes: int


def _table(text: str) -> list[list[str]]:
    """Return the rows of a table: rows end at a newline or `;`, cells are split by `|`."""
    return [
        [cell.strip() for cell in row.split("|")]
        for line in text.strip().splitlines()
        for row in line.split(";")
    ]


_GK_TERMS = """
    country population partOf commissionedBy locatedIn administeredBy topic periodOf startDate endDate budget
    financedFromFund cofinancedBy fundingGrantedBy fundingPeriod partnerProgrammeOf numberOfProjects minGrant
    maxGrant homepage usesFundingProgramme hasMember memberOf subOrganizationOf numberOfCities affiliation
    roleHolder roleIn roleName withinProgramme presentedAt organizedBy hostedBy hasParticipant attendanceMode
    participantCount keynoteSpeaker speaker numberOfParts duration source certainty url factsAsOf publisher"""
_OTHER_TERMS = [RDF + "type", RDFS + "label", SKOS + "altLabel", SKOS + "inScheme", SKOS + "broader"]
_OTHER_TERMS += [DCTERMS + "title", DCTERMS + "issued", DCTERMS + "language", SCHEMA + "honorificPrefix"]
#: Properties as N-Quads terms, by local name.
_P = {name: f"<{GK}{name}>" for name in _GK_TERMS.split()}
_P |= {iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]: f"<{iri}>" for iri in _OTHER_TERMS}
_MODES = [f"<{SCHEMA}{mode}EventAttendanceMode>" for mode in ("Online", "Offline", "Mixed")]
_SCHEME = f"<{ID}topic-scheme>"
_W = {
    row[0]: row[1].split()
    for row in _table("""
    onset | Val Bel Kor Mar San Lin Tor Vil Ros Gra Bre Ant Pol Ode Kas Lis Mal Nov Ost Hal Dor Fen Kel Tar
    vowel | a e i o u en an ar or el in au
    coda | burg ville grad polis stad havn ona ese berg ow ice ut ano heim dorf feld mund ingen ach os
    surname | ski sen mann ović er ini ez berg ek ou ić lund
    first | Anna Jonas Marta Luca Sofia Mateusz Elif Jan Ines Tomas Lea Piotr Clara Mehmet Eva Nils Sara Ida
    country | r l n s t ; network | Euro Inter Trans Pan Nord Medi Balt Alp Danu Atlant
    network_end | polis urban link net hub lab""")
}
_AREAS = _table("""
    Arbeit und Soziales | Labour and Social Affairs ; Familie und Jugend | Family and Youth
    Stadtentwicklung und Wohnen | Urban Development and Housing ; Gesundheit | Health
    Bildung und Forschung | Education and Research ; Umwelt und Klima | Environment and Climate
    Wirtschaft und Energie | Economic Affairs and Energy
    Integration und Vielfalt | Integration and Diversity""")
# German | English | index of the broader topic ("-": a top concept)
_TOPICS = _table("""
    Soziale Inklusion | Social inclusion | - ; Beschäftigung | Employment | - ; Bildung | Education | -
    Stadtentwicklung | Urban development | - ; Klima und Umwelt | Climate and environment | -
    Lokale Partnerschaften | Local partnerships | 3 ; Lokale Ökonomie | Local economy | 1
    Soziale Innovation | Social innovation | 0 ; Langzeitarbeitslosigkeit | Long-term unemployment | 1
    Jugendarbeitslosigkeit | Youth unemployment | 1 ; Weiterbildung | Continuous learning | 2
    Digitalisierung | Digitalisation | 2 ; Integration von Zugewanderten | Integration of migrants | 0
    Wohnungslosigkeit | Homelessness | 0 ; Bezahlbares Wohnen | Affordable housing | 3
    Quartiersmanagement | Neighbourhood management | 3 ; Bürgerbeteiligung | Civic participation | 3
    Gleichstellung | Gender equality | 0 ; Kinderarmut | Child poverty | 0 ; Mobilität | Mobility | 3
    Energiewende vor Ort | Local energy transition | 4 ; Grünflächen | Green spaces | 4
    Gesundheitsförderung | Health promotion | 0 ; Existenzgründung | Business start-ups | 6
    Kultur- und Kreativwirtschaft | Cultural and creative industries | 6""")
_DISTRICTS = _table(
    "Mitte | Centre ; Nord | North ; Süd | South ; Ost | East ; West | West ; Hafen | Harbour"
)
_ORGS = _table("""
    Organisation | Nachbarschaftsverein {} e. V. | {} Neighbourhood Association
    Organisation | Stiftung Soziale Stadt {} | {} Social City Foundation
    Organisation | Beschäftigungsgesellschaft {} mbH | {} Employment Company
    Organisation | Bildungswerk {} | {} Education Centre
    Organisation | Quartiersgenossenschaft {} | {} Neighbourhood Cooperative
    Organisation | Jugendhilfe {} gGmbH | {} Youth Services
    Organisation | Wirtschaftsförderung {} | {} Economic Development Agency
    ResearchOrganisation | Institut für Stadtforschung {} | {} Institute for Urban Research
    ResearchOrganisation | Hochschule {} | {} University of Applied Sciences""")
_ALLIANCES = _table("""
    Bündnis für Wirtschaft und Arbeit {} | {} Alliance for Economy and Labour
    Kiezbündnis {} | {} Neighbourhood Alliance ; Lokale Partnerschaft {} | {} Local Partnership
    Präventionskette {} | {} Prevention Chain""")
_EVENTS = _table("""
    Conference | Fachkonferenz „{}“ | Conference '{}' ; Forum | Forum „{}“ | Forum '{}'
    Workshop | Themenwerkstatt „{}“ | Thematic workshop '{}'""")
#: TriG prefixes, the longest namespace first where one contains another.
_PREFIXES = dict(
    doc=ID + "doc/", id=ID, graph=GRAPH, gk=GK, rdfs=RDFS, skos=SKOS, dcterms=DCTERMS, schema=SCHEMA, xsd=XSD
)
_AGENT_KINDS = ["org"] * 8 + ["person"] * 5 + ["partnership"] * 2 + ["authority"] * 3 + ["network"] * 2
_MASK = (1 << 64) - 1


def _mix(*parts: int) -> int:
    """Return a 64-bit hash of integers (splitmix64 steps), the same on every run."""
    h = 0x9E3779B97F4A7C15
    for part in parts:
        h = ((h ^ (part & _MASK)) * 0xBF58476D1CE4E5B9) & _MASK
        h = ((h ^ (h >> 31)) * 0x94D049BB133111EB) & _MASK
    return h ^ (h >> 29)


def _unit(h: int) -> float:
    return (h >> 11) * 2.0**-53


def _zipf(u: float, n: int) -> int:
    """Return an index below `n` for `u` in [0, 1), skewed to 0: index 0 gets n^(-1/3) of all."""
    return int(n * u * u * u)


def _word(h: int, *rows: str) -> str:
    """Return a made-up name: one piece from each row of `_W`, chosen by the bits of `h`."""
    return "".join(_W[row][(h >> (8 * k)) % len(_W[row])] for k, row in enumerate(rows))


def _abbr(h: int) -> str:
    return "".join(chr(65 + (h >> (5 * k)) % 26) for k in range(3 + h % 3))


def _lit(text: str, lang: str) -> str:
    if '"' in text or "\\" in text:
        text = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{text}"@{lang}'


def _typed(value: object, datatype: str = "integer") -> str:
    return f'"{value}"^^<{XSD}{datatype}>'


def _date(year: int, month: int, day: int) -> str:
    return f'"{year:04d}-{month:02d}-{day:02d}"^^<{XSD}date>'


def _id(kind: str, index: int | str) -> str:
    return f"<{ID}{kind}-{index}>"


def _short(term: str) -> str:
    """Return an N-Quads term as TriG writes it: prefixed names, `a` for rdf:type."""
    if term[0] == "<":
        if term == _P["type"]:
            return "a"
        for prefix, namespace in _PREFIXES.items():
            if term.startswith(namespace, 1):
                return f"{prefix}:{term[len(namespace) + 1 : -1]}"
        return term
    if term[-1] == ">":  # a typed literal
        at = term.rindex("^^<")
        return term[: at + 2] + _short(term[at + 2 :])
    return term


class _Stream:
    """Buffers one named graph, opened with its provenance, and writes it when the next opens."""

    def __init__(self, out: BinaryIO, fmt: GenerateFormat, rng: random.Random) -> None:
        self.out, self.fmt, self.rand = out, fmt, rng.random
        self.buf: list[tuple[str, str, str]] = []
        self.flushed = self.graphs = self.entities = self.bytes = self.limit = 0
        self.graph = ""
        if fmt is GenerateFormat.TRIG:
            self.write("".join(f"@prefix {p}: <{ns}> .\n" for p, ns in _PREFIXES.items()) + "\n")

    @property
    def count(self) -> int:
        return self.flushed + len(self.buf)

    def full(self) -> bool:
        return len(self.buf) >= self.limit

    def put(self, s: str, **props: str | None) -> None:
        """Add `s p o` for each property `p` given a value `o` (None: not stated)."""
        self.buf += [(s, _P[p], o) for p, o in props.items() if o is not None]

    def thing(self, iri: str, cls: str, de: str, en: str, **props: str | None) -> None:
        """Add an entity: its class (a gk: class unless a full IRI), German and English label, `props`."""
        self.entities += 1
        cls = cls if cls[0] == "<" else f"<{GK}{cls}>"
        self.buf += [
            (iri, _P["type"], cls),
            (iri, _P["label"], _lit(de, "de")),
            (iri, _P["label"], _lit(en, "en")),
        ]
        self.put(iri, **props)

    def open(self, title_de: str, title_en: str, publisher: str | None = None) -> None:
        """Write the current graph and start the next, with its source document."""
        self.close()
        number, rand = self.graphs, self.rand
        self.graphs += 1
        self.graph, doc = f"<{GRAPH}synthetic-{number}>", f"<{ID}doc/synthetic-{number}>"
        self.limit = 300 + int(2700 * rand() ** 2)
        year, month, day = 2010 + int(15 * rand()), 1 + int(12 * rand()), 1 + int(28 * rand())
        self.put(self.graph, source=doc, certainty='"stated"')
        de, en = f"Synthetische Quelle {number}: {title_de}", f"Synthetic source {number}: {title_en}"
        self.thing(
            doc, "SourceDocument", de, en, title=_lit(title_de, "de"), language='"de"', publisher=publisher
        )
        url = _typed(f"https://example.org/graphkit-synthetic/{number}", "anyURI")
        self.put(doc, url=url, issued=_date(year, month, day), factsAsOf=_date(year, 1, 1))

    def close(self) -> None:
        if self.fmt is GenerateFormat.NQUADS:
            end = f" {self.graph} .\n"
            self.write("".join([f"{s} {p} {o}{end}" for s, p, o in self.buf]))
        elif self.buf:  # one block per graph, statements about one subject joined by `;`
            parts, previous, end = [f"GRAPH {_short(self.graph)} {{\n"], "", ""
            for s, p, o in self.buf:
                if s == previous:
                    parts.append(f" ;\n        {_short(p)} {_short(o)}")
                else:
                    parts.append(f"{end}    {_short(s)} {_short(p)} {_short(o)}")
                    previous, end = s, " .\n"
            self.write("".join(parts) + " .\n}\n\n")
        self.flushed += len(self.buf)
        self.buf.clear()

    def write(self, text: str) -> None:
        data = text.encode("utf-8")
        self.out.write(data)
        self.bytes += len(data)


class _World:
    """The phases of the synthetic world; each refers only to entities already counted."""

    def __init__(self, stream: _Stream, seed: int, target: int) -> None:
        self.s, self.seed, self.target, self.rand = stream, seed, target, stream.rand
        self.n: dict[str, int] = {"round": 0}

    # Names and attributes that other entities mention: pure functions of (seed, index).

    def city(self, i: int) -> str:
        return _word(_mix(self.seed, 1, i), "onset", "vowel", "coda")

    def country_of(self, city: int) -> str:
        return _id("country", int(self.n["country"] * _unit(_mix(self.seed, 2, city)) ** 1.5))

    def district(self, d: int) -> tuple[int, str, str]:
        h = _mix(self.seed, 3, d)
        city, (de, en) = int(self.n["city"] * _unit(h) ** 2), _DISTRICTS[h % len(_DISTRICTS)]
        return city, f"{self.city(city)}-{de}", f"{self.city(city)} {en}"

    def country(self, c: int) -> tuple[str, str]:
        root = _word(_mix(self.seed, 4, c), "onset", "vowel", "country")
        return root + "ien", root + "ia"

    def authority(self, i: int) -> tuple[str, str, str, str]:
        """Return an authority's class, German and English name, and its country or city."""
        h, c = _mix(self.seed, 5, i), i // 4 % self.n["country"]
        area_de, area_en = _AREAS[h % len(_AREAS)]
        if i % 4 >= 2:
            city = _zipf(_unit(h), self.n["city"])
            name = self.city(city)
            de, en = f"Senatsverwaltung für {area_de} {name}", f"{name} Department for {area_en}"
            return "StateDepartment", de, en, _id("city", city)
        cls, de, en = (
            ("Ministry", "Ministerium", "Ministry of")
            if i % 4 == 0
            else ("Agency", "Bundesamt", "Federal Office for")
        )
        c_de, c_en = self.country(c)
        return cls, f"{de} für {area_de} ({c_de})", f"{en} {area_en} ({c_en})", _id("country", c)

    def network(self, j: int) -> str:
        return _word(_mix(self.seed, 6, j), "network", "network_end")

    def programme(self, p: int) -> tuple[str, str, str]:
        h = _mix(self.seed, 7, p)
        (de, en, _), abbr = _TOPICS[h % len(_TOPICS)], _abbr(h >> 8)
        return f"Förderprogramm „{de}“ ({abbr})", f"Funding programme '{en}' ({abbr})", abbr

    def person(self, k: int) -> str:
        h = _mix(self.seed, 8, k)
        return f"{_word(h, 'first')} {_word(h >> 8, 'onset', 'vowel', 'surname')}"

    # Random choices, in the order the phases make them.

    def index(self, kind: str) -> int:
        return _zipf(self.rand(), self.n[kind])

    def pick(self, kind: str) -> str:
        return _id(kind, self.index(kind))

    def maybe(self, share: float, value: Callable[[], str]) -> str | None:
        return value() if self.rand() < share else None

    def topic(self) -> int:
        """Return a topic, skewed more mildly than `pick`: a few topics are everywhere."""
        return int(len(_TOPICS) * self.rand() ** 2)

    def topics(self, iri: str, most: int) -> None:
        chosen = {self.topic() for _ in range(1 + int(most * self.rand()))}
        self.s.buf += [(iri, _P["topic"], _id("topic", t)) for t in sorted(chosen)]

    def agent(self) -> str:
        """Return a skewed choice of organisation, person, partnership, authority or network."""
        return self.pick(_AGENT_KINDS[int(20 * self.rand())])

    def date(self, first: int = 2008, years: int = 17) -> tuple[int, int, int]:
        return first + int(years * self.rand()), 1 + int(12 * self.rand()), 1 + int(26 * self.rand())

    def homepage(self, share: float, iri: str) -> str | None:
        return self.maybe(share, lambda: _typed(f"https://example.org/{iri[len(ID) + 1 : -1]}", "anyURI"))

    # Phases.

    def phase(self, share: float, title: str, make: Callable[[int], None], minimum: int = 3) -> int:
        """Call `make(0)`, `make(1)`, … until `share` of the target is written; return the count."""
        end, i, titles = self.s.count + int(self.target * share), 0, title.split(" | ")
        self.s.open(*titles)
        while i < minimum or self.s.count < end:
            if self.s.full():
                self.s.open(*titles)
            make(i)
            i += 1
        return i

    def run(self) -> None:
        s, n, phase = self.s, self.n, self.phase
        s.open("Stammdaten: Themen und Staaten", "Reference data: topics and countries")
        s.thing(_SCHEME, f"<{SKOS}ConceptScheme>", "Themen", "Topics")
        for t, (de, en, broader) in enumerate(_TOPICS):
            up = None if broader == "-" else _id("topic", broader)
            s.thing(_id("topic", t), "Topic", de, en, inScheme=_SCHEME, broader=up)
        n["country"] = max(6, min(40, self.target // 5000))
        for c in range(n["country"]):
            s.thing(_id("country", c), "Country", *self.country(c))
        s.thing(_id("union", 0), "SupranationalBody", "Staatenunion", "Union of States")
        n["city"] = phase(0.09, "Städtestatistik | City statistics", self.make_city)
        n["district"] = phase(0.06, "Bezirke und Stadtteile | Districts", self.make_district)
        n["authority"] = phase(0.03, "Behördenverzeichnis | Directory of authorities", self.make_authority, 4)
        n["fund"] = phase(0.01, "Fonds und Förderperioden | Funds and funding periods", self.make_fund)
        n["programme"] = phase(0.07, "Förderprogramme | Funding programmes", self.make_programme)
        n["org"] = phase(0.10, "Trägerverzeichnis | Directory of organisations", self.make_org)
        n["partnership"] = phase(0.04, "Lokale Bündnisse | Local alliances", self.make_partnership)
        n["network"] = phase(0.08, "Netzwerke | Networks", self.make_network)
        n["person"] = phase(0.06, "Personen | People", self.make_person)
        phase(0.04, "Ämter und Funktionen | Offices and roles", self.make_role)
        n["project"] = phase(0.18, "Projektdatenbank | Project database", self.make_project)
        n["event"] = phase(0.19, "Veranstaltungsdokumentation | Event documentation", self.make_event)
        self.fill()
        s.close()

    def make_city(self, i: int) -> None:
        name, population = self.city(i), 3_500_000 // (i + 1) + 20_000 + int(30_000 * self.rand())
        alt = self.maybe(0.2, lambda: _lit(f"Stadt {name}", "de"))
        self.s.thing(_id("city", i), "City", name, name, country=self.country_of(i), altLabel=alt)
        self.s.put(_id("city", i), population=_typed(population))

    def make_district(self, d: int) -> None:
        (city, de, en), population = self.district(d), _typed(5_000 + int(200_000 * self.rand() ** 2))
        self.s.thing(_id("district", d), "District", de, en, partOf=_id("city", city), population=population)

    def make_authority(self, i: int) -> None:
        iri, (cls, de, en, where) = _id("authority", i), self.authority(i)
        self.s.thing(iri, cls, de, en, homepage=self.homepage(0.3, iri))
        if cls == "StateDepartment":
            self.s.put(iri, locatedIn=where)
        else:
            self.s.put(
                iri, country=where, commissionedBy=_id("authority", i - 1) if cls == "Agency" else None
            )

    def make_fund(self, f: int) -> None:
        iri, h = _id("fund", f), _mix(self.seed, 9, f)
        (de, en), abbr = _AREAS[h % len(_AREAS)], _abbr(h >> 8)
        self.s.thing(iri, "Fund", f"Fonds für {de} ({abbr})", f"Fund for {en} ({abbr})", altLabel=f'"{abbr}"')
        self.s.put(iri, administeredBy=_id("union", 0) if f == 0 else self.pick("authority"))
        self.topics(iri, 2)
        for k, start in enumerate((2007, 2014, 2021)):
            de, en = f"{abbr}-Förderperiode {start}-{start + 6}", f"{abbr} funding period {start}-{start + 6}"
            self.s.thing(_id("period", f"{f}-{k}"), "FundingPeriod", de, en, periodOf=iri)
            self.s.put(
                _id("period", f"{f}-{k}"), startDate=_date(start, 1, 1), endDate=_date(start + 6, 12, 31)
            )

    def make_programme(self, p: int) -> None:
        iri, (de, en, abbr), rand, put = _id("programme", p), self.programme(p), self.rand, self.s.put
        fund, period = self.index("fund"), int(3 * rand())
        self.s.thing(
            iri, "FundingProgramme", de, en, altLabel=f'"{abbr}"', financedFromFund=_id("fund", fund)
        )
        put(iri, fundingPeriod=_id("period", f"{fund}-{period}"), administeredBy=self.pick("authority"))
        put(iri, cofinancedBy=self.maybe(0.7, lambda: self.pick("authority")))
        put(iri, fundingGrantedBy=self.maybe(0.5, lambda: self.pick("authority")))
        start, budget = 2007 + 7 * period + int(3 * rand()), 1_000_000 * (5 + int(400 * rand() ** 3))
        put(iri, startDate=_typed(start, "gYear"), budget=_typed(budget))
        put(iri, partnerProgrammeOf=_id("programme", int(p * rand())) if p and rand() < 0.1 else None)
        self.topics(iri, 2)
        for year in range(start, start + 4 * int(1 + 4 * rand() ** 2), 4):
            r, low = _id("round", self.n["round"]), 10_000 * (1 + int(10 * rand()))
            self.n["round"] += 1
            de, en = f"{abbr}-Förderrunde {year}-{year + 3}", f"{abbr} funding round {year}-{year + 3}"
            self.s.thing(r, "FundingRound", de, en, partOf=iri, startDate=_date(year, 1, 1))
            put(r, endDate=_date(year + 3, 12, 31), numberOfProjects=_typed(5 + int(120 * rand() ** 2)))
            put(r, minGrant=_typed(low), maxGrant=_typed(low * (5 + int(20 * rand()))))

    def make_org(self, o: int) -> None:
        iri, rand, city = _id("org", o), self.rand, self.index("city")
        cls, de, en = _ORGS[int(len(_ORGS) * rand())]
        name, where = self.city(city), _id("city", city)
        self.s.thing(
            iri, cls, de.format(name), en.format(name), locatedIn=where, country=self.country_of(city)
        )
        if rand() < 0.5:
            self.topics(iri, 1)
        self.s.put(iri, startDate=self.maybe(0.4, lambda: _typed(1950 + int(74 * rand()), "gYear")))
        programme = self.maybe(0.2, lambda: self.pick("programme"))
        self.s.put(iri, homepage=self.homepage(0.3, iri), usesFundingProgramme=programme)

    def make_partnership(self, i: int) -> None:
        iri, rand, d = _id("partnership", i), self.rand, self.index("district")
        (_city, where_de, where_en), (de, en) = self.district(d), _ALLIANCES[int(len(_ALLIANCES) * rand())]
        self.s.thing(
            iri, "Partnership", de.format(where_de), en.format(where_en), locatedIn=_id("district", d)
        )
        self.s.put(iri, startDate=_typed(1999 + int(25 * rand()), "gYear"))
        members = {self.index("org") for _ in range(2 + int(7 * rand()))}
        self.s.buf += [(iri, _P["hasMember"], _id("org", m)) for m in sorted(members)]
        self.s.put(iri, usesFundingProgramme=self.maybe(0.5, lambda: self.pick("programme")))
        self.s.put(iri, subOrganizationOf=_id("partnership", int(i * rand())) if i and rand() < 0.1 else None)
        self.topics(iri, 1)

    def make_network(self, j: int) -> None:
        """Write a network and its member list, split over pages (graphs) when long."""
        iri, name, rand = _id("network", j), self.network(j), self.rand
        of_cities = j % 7 != 3
        kind, pool = ("city", self.n["city"]) if of_cities else ("org", self.n["org"])
        wanted = max(3, int(pool * (0.5 if of_cities else 0.05) / (j + 1)))
        members = sorted(random.Random(_mix(self.seed, 10, j)).sample(range(pool), min(pool, wanted)))
        if of_cities:
            self.s.thing(iri, "CityNetwork", f"Städtenetzwerk {name}", f"{name} city network")
            self.s.put(iri, numberOfCities=_typed(len(members)))
        else:
            self.s.thing(
                iri, "Network", f"Netzwerk {name} für soziale Innovation", f"{name} social innovation network"
            )
        self.s.put(iri, altLabel=f'"{name.upper()}"', startDate=_typed(1986 + int(38 * rand()), "gYear"))
        self.s.put(iri, homepage=self.homepage(0.5, iri))
        self.topics(iri, 2)
        for m in members:
            if self.s.full():
                self.s.open(f"Mitgliederliste {name}", f"Member list of {name}", iri)
            if of_cities or rand() < 0.5:
                self.s.buf.append((iri, _P["hasMember"], _id(kind, m)))
            else:
                self.s.buf.append((_id(kind, m), _P["memberOf"], iri))

    def make_person(self, k: int) -> None:
        name, u = self.person(k), self.rand()
        employer = self.pick("org" if u < 0.7 else "authority" if u < 0.9 else "network")
        self.s.thing(_id("person", k), "Person", name, name, affiliation=employer)
        self.s.put(_id("person", k), honorificPrefix='"Dr."' if self.rand() < 0.15 else None)

    def make_role(self, r: int) -> None:
        """Write a role: a person chairing a network or heading an authority, for a period."""
        rand, holder, i = self.rand, self.index("person"), self.index("authority")
        target, (_cls, de, en, _where), title = _id("authority", i), self.authority(i), ("Leitung", "head")
        if rand() < 0.4:
            i = self.index("network")
            target, de, en, title = _id("network", i), self.network(i), self.network(i), ("Vorsitz", "chair")
        iri, name, (year, month, day) = _id("role", r), self.person(holder), self.date()
        self.s.thing(iri, "Role", f"{name}: {title[0]}, {de}", f"{name}: {title[1]}, {en}", roleIn=target)
        end = self.maybe(0.7, lambda: _date(year + 1 + int(6 * rand()), month, day))
        self.s.put(iri, roleHolder=_id("person", holder), startDate=_date(year, month, day), endDate=end)
        self.s.put(iri, roleName=_lit(title[0], "de"))
        self.s.buf.append((iri, _P["roleName"], _lit(title[1], "en")))

    def make_project(self, q: int) -> None:
        iri, rand, t, put = _id("project", q), self.rand, self.topic(), self.s.put
        if rand() < 0.3:
            d = self.index("district")
            place, (_city, where_de, where_en) = _id("district", d), self.district(d)
        else:
            city = self.index("city")
            place, where_de, where_en = _id("city", city), self.city(city), self.city(city)
        de, en = f"Projekt „{_TOPICS[t][0]}“ in {where_de}", f"Project '{_TOPICS[t][1]}' in {where_en}"
        self.s.thing(iri, "Project", de, en, locatedIn=place, topic=_id("topic", t))
        put(iri, withinProgramme=self.pick("round") if rand() < 0.8 else self.pick("programme"))
        put(iri, administeredBy=self.pick("org") if rand() < 0.8 else self.pick("partnership"))
        year, budget = 2008 + int(17 * rand()), 1_000 * (50 + int(3_000 * rand() ** 3))
        put(iri, startDate=_typed(year, "gYear"), endDate=_typed(year + 1 + int(4 * rand()), "gYear"))
        put(iri, budget=_typed(budget), financedFromFund=self.maybe(0.3, lambda: self.pick("fund")))
        put(iri, homepage=self.homepage(0.15, iri))

    def make_event(self, e: int) -> None:
        """Write an event with its participants and, sometimes, a keynote and talks."""
        rand, put, (year, month, day) = self.rand, self.s.put, self.date()
        iri, t, city = _id("event", e), self.topic(), self.index("city")
        cls, de, en = _EVENTS[int(len(_EVENTS) * rand())]
        name, date, where = self.city(city), _date(year, month, day), _id("city", city)
        de, en = f"{de.format(_TOPICS[t][0])} {year}, {name}", f"{en.format(_TOPICS[t][1])} {year}, {name}"
        self.s.thing(iri, cls, de, en, startDate=date, endDate=_date(year, month, day + int(3 * rand())))
        put(iri, locatedIn=where, topic=_id("topic", t), attendanceMode=_MODES[int(3 * rand())])
        organizer = self.pick("network") if cls == "Forum" else self.agent()
        put(iri, participantCount=_typed(10 + int(990 * rand() ** 3)), organizedBy=organizer)
        put(iri, hostedBy=where if rand() < 0.5 else None)
        put(iri, duration=_typed(f"PT{2 + int(6 * rand())}H", "duration") if cls == "Workshop" else None)
        put(iri, withinProgramme=self.maybe(0.3, lambda: self.pick("round" if rand() < 0.5 else "programme")))
        participants: list[str] = []
        for _ in range(2 + int(38 * rand() ** 3)):
            agent = self.agent()
            if agent not in participants and agent != organizer:
                participants.append(agent)
        self.s.buf += [(iri, _P["hasParticipant"], agent) for agent in participants]
        if rand() < 0.2:
            put(self.pick("project"), presentedAt=iri)
        if rand() < 0.15:
            speaker, keynote = self.pick("person"), _id("event", f"{e}-keynote")
            put(iri, keynoteSpeaker=speaker)
            self.s.thing(keynote, "Keynote", f"Keynote: {de}", f"Keynote: {en}", partOf=iri)
            put(keynote, speaker=speaker, startDate=date)
        if rand() < 0.25:
            parts = 2 + int(4 * rand())
            put(iri, numberOfParts=_typed(parts))
            for k in range(1, parts + 1):
                talk, speaker = _id("event", f"{e}-talk-{k}"), self.agent()
                self.s.thing(talk, "Presentation", f"Vortrag {k}: {de}", f"Talk {k}: {en}", partOf=iri)
                put(talk, speaker=speaker)

    def fill(self) -> None:
        """Top the output up to the target with participant lists, one quad at a time."""
        if self.target - self.s.count <= 12:  # no room for a graph beside its provenance
            return
        self.s.open("Teilnahmelisten", "Lists of participants")
        seen: set[tuple[str, str]] = set()
        while self.s.count < self.target:
            if self.s.full() and self.target - self.s.count > 50:
                self.s.open("Teilnahmelisten", "Lists of participants")
                seen.clear()
            pair = (self.pick("event"), self.agent())
            if pair not in seen:
                seen.add(pair)
                self.s.buf.append((pair[0], _P["hasParticipant"], pair[1]))


def generate_dataset(
    out: BinaryIO, *, triples: int, seed: int = 1, fmt: GenerateFormat = GenerateFormat.NQUADS
) -> GenerateReport:
    """Write a synthetic graphkit dataset of `triples` quads to `out`, one named graph at a time.

    The same `triples`, `seed` and `fmt` give the same bytes; memory stays flat (one graph
    of at most a few thousand quads is held at a time).

    Args:
        out: a binary stream, e.g. an open file or `sys.stdout.buffer`.
        triples: how many quads to write, at least 5,000 (the smallest world, with
            topics, countries and a few entities of each kind, takes about 4,000).
        seed: seeds the random choices and the names.
        fmt: N-Quads (one line per quad; the fast path) or TriG (one block per graph).

    Raises:
        ValueError: `triples` is below 5,000.
    """
    if triples < 5_000:
        raise ValueError(f"triples must be at least 5000, not {triples}")
    stream = _Stream(out, fmt, random.Random(seed))
    _World(stream, seed, triples).run()
    return GenerateReport(stream.count, stream.graphs, stream.entities, stream.bytes)
