# ruff: noqa: RUF001  (place names in their own spelling: en dash, dotless i, apostrophe)
"""Regenerate the EUROCITIES member-list data file from a copy of the network's member list.

The input is the list as copied from eurocities.eu (``members_from_website.txt`` in the
c-riq/city-vote repository, saved as ``../shared/facts/eurocities_members_from_website.txt``):
a ``#`` comment line, then alternating lines of member name and country (lower case).

The output is one TriG file with three named graphs, each naming its source and certainty:

- ``eurocities-members-<date>`` (stated): each member with its name as the list gives it
  (English label), its country, and its membership of EUROCITIES; the list's source
  document with the date the list is valid for (``gk:factsAsOf``).
- ``eurocities-members-<date>-labels`` (curated): German labels of members and countries
  (the German name where one is established, else the name as listed).
- ``eurocities-members-<date>-counts`` (inferred): how many entries and countries the
  list has, counted by this script.

Usage (from the repository root)::

    python scripts/eurocities_members.py [INPUT] [-o OUTPUT] [--as-of YYYY-MM-DD] [--url URL]

Pure Python (no third-party packages); the output is deterministic, so a refresh from the
same list gives the same file. A country the tables below do not know stops the script
with a message naming it, rather than guessing its German name.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graphkit.namespaces import slug  # noqa: E402  (the one place that mints ids)

DEFAULT_INPUT = ROOT.parent / "shared" / "facts" / "eurocities_members_from_website.txt"
DEFAULT_AS_OF = "2025-05-18"
DEFAULT_URL = (
    "https://github.com/c-riq/city-vote/blob/00edd7b8/public-data/city-networks/eurocities/"
    "members_from_website.txt"
)

#: Country as the list writes it -> (English name, German name).
COUNTRIES: dict[str, tuple[str, str]] = {
    "albania": ("Albania", "Albanien"),
    "armenia": ("Armenia", "Armenien"),
    "austria": ("Austria", "Österreich"),
    "belgium": ("Belgium", "Belgien"),
    "bosnia-herzegovina": ("Bosnia-Herzegovina", "Bosnien und Herzegowina"),
    "bulgaria": ("Bulgaria", "Bulgarien"),
    "croatia": ("Croatia", "Kroatien"),
    "cyprus": ("Cyprus", "Zypern"),
    "czech republic": ("Czech Republic", "Tschechien"),
    "denmark": ("Denmark", "Dänemark"),
    "estonia": ("Estonia", "Estland"),
    "finland": ("Finland", "Finnland"),
    "france": ("France", "Frankreich"),
    "georgia": ("Georgia", "Georgien"),
    "germany": ("Germany", "Deutschland"),
    "greece": ("Greece", "Griechenland"),
    "hungary": ("Hungary", "Ungarn"),
    "iceland": ("Iceland", "Island"),
    "ireland": ("Ireland", "Irland"),
    "italy": ("Italy", "Italien"),
    "latvia": ("Latvia", "Lettland"),
    "lithuania": ("Lithuania", "Litauen"),
    "luxembourg": ("Luxembourg", "Luxemburg"),
    "moldova": ("Moldova", "Republik Moldau"),
    "montenegro": ("Montenegro", "Montenegro"),
    "netherlands": ("Netherlands", "Niederlande"),
    "norway": ("Norway", "Norwegen"),
    "poland": ("Poland", "Polen"),
    "portugal": ("Portugal", "Portugal"),
    "romania": ("Romania", "Rumänien"),
    "serbia": ("Serbia", "Serbien"),
    "slovakia": ("Slovakia", "Slowakei"),
    "slovenia": ("Slovenia", "Slowenien"),
    "spain": ("Spain", "Spanien"),
    "sweden": ("Sweden", "Schweden"),
    "switzerland": ("Switzerland", "Schweiz"),
    "turkey": ("Turkey", "Türkei"),
    "ukraine": ("Ukraine", "Ukraine"),
    "united kingdom": ("United Kingdom", "Vereinigtes Königreich"),
}

#: Member name as listed -> German name, where German uses another name or spelling.
#: Every other member's German label is its name as listed (a proper name).
GERMAN_NAMES: dict[str, str] = {
    "Antwerp": "Antwerpen",
    "Athens": "Athen",
    "Beyoglu": "Beyoğlu",
    "Bialystok": "Białystok",
    "Borlange": "Borlänge",
    "Bruges": "Brügge",
    "Brussels": "Brüssel",
    "Brussels Capital Region": "Region Brüssel-Hauptstadt",
    "Chernihiv": "Tschernihiw",
    "Chisinau": "Chișinău",
    "Cologne": "Köln",
    "Constanta": "Constanța",
    "Copenhagen": "Kopenhagen",
    "Donostia – San Sebastian": "Donostia-San Sebastián",
    "Dusseldorf": "Düsseldorf",
    "Florence": "Florenz",
    "Frankfurt": "Frankfurt am Main",
    "Gdansk": "Danzig",
    "Genoa": "Genua",
    "Ghent": "Gent",
    "Gijon": "Gijón",
    "Gothenburg": "Göteborg",
    "Guimaraes": "Guimarães",
    "Kadikoy": "Kadıköy",
    "Kharkiv": "Charkiw",
    "Kherson": "Cherson",
    "Khmelnytskyi": "Chmelnyzkyj",
    "Klaipeda": "Klaipėda",
    "Kyiv": "Kiew",
    "Liege": "Lüttich",
    "Linkoping": "Linköping",
    "Lisbon": "Lissabon",
    "Lodz": "Łódź",
    "Logrono": "Logroño",
    "Luxembourg": "Luxemburg",
    "Lviv": "Lwiw",
    "Malaga": "Málaga",
    "Malmo": "Malmö",
    "Mariupol (city government in exile)": "Mariupol (Stadtverwaltung im Exil)",
    "Milan": "Mailand",
    "Muenster": "Münster",
    "Munich": "München",
    "Naples": "Neapel",
    "Nicosia": "Nikosia",
    "Nuremberg": "Nürnberg",
    "Odesa": "Odessa",
    "Odunpazari": "Odunpazarı",
    "Ostend": "Ostende",
    "Pokrovsk": "Pokrowsk",
    "Poltava": "Poltawa",
    "Poznan": "Poznań",
    "Prague": "Prag",
    "Reggio Calabria Metropolitan City": "Metropolitanstadt Reggio Calabria",
    "Reykjavik": "Reykjavík",
    "Rome": "Rom",
    "Rome Metropolitan Area": "Metropolitanstadt Rom",
    "Rubi": "Rubí",
    "Rzeszow": "Rzeszów",
    "Seville": "Sevilla",
    "St Nazaire": "Saint-Nazaire",
    "Tbilisi": "Tiflis",
    "The Hague": "Den Haag",
    "Timisoara": "Timișoara",
    "Umea": "Umeå",
    "Venice": "Venedig",
    "Vienna": "Wien",
    "Vinnytsia": "Winnyzja",
    "Warsaw": "Warschau",
    "Wroclaw": "Breslau",
    "Yerevan": "Jerewan",
    "Zaragoza": "Saragossa",
    "Zhytomyr": "Schytomyr",
    "Zurich": "Zürich",
}

#: Members that are metropolitan areas, regions or groups of cities rather than one city
#: (typed gk:Region); besides these, any name with one of REGION_WORDS.
REGIONS: frozenset[str] = frozenset(
    {"Brabantstad", "Derry-Strabane", "Grand Paris Sud", "Netwerkstad Twente", "Nice Côte d’Azur"}
)
REGION_WORDS: tuple[str, ...] = ("Metropole", "Metropolitan", "Region")


@dataclass(frozen=True, slots=True)
class Member:
    """One entry of the list: its name as listed, id, kind, country key."""

    name: str
    entity_id: str
    kind: str  # "City" or "Region"
    country: str


def read_list(text: str) -> list[tuple[str, str]]:
    """Return the (name, country) pairs of a member list (comments and blank lines skipped).

    Raises:
        ValueError: the lines do not pair up.
    """
    lines = [line.strip() for line in text.splitlines()]
    lines = [line for line in lines if line and not line.startswith("#")]
    if len(lines) % 2:
        raise ValueError(f"odd number of lines ({len(lines)}): names and countries must alternate")
    return [(lines[i], lines[i + 1].lower()) for i in range(0, len(lines), 2)]


def _ascii(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text.replace("’", "'"))
    return "".join(c for c in folded if not unicodedata.combining(c))


def member_id(name: str) -> str:
    """Return the entity id of a member: its name without a parenthesis, ASCII-folded."""
    return slug(_ascii(name.split("(")[0]))


def country_id(key: str) -> str:
    """Return the entity id of a country (e.g. ``united-kingdom``)."""
    return slug(COUNTRIES[key][0])


def build_members(pairs: Iterable[tuple[str, str]]) -> list[Member]:
    """Return the members with ids and kinds, in list order.

    Raises:
        ValueError: a country is not in COUNTRIES, or two entries get the same id.
    """
    pairs = list(pairs)
    unknown = sorted({country for _name, country in pairs if country not in COUNTRIES})
    if unknown:
        raise ValueError(
            f"unknown countr{'y' if len(unknown) == 1 else 'ies'} {', '.join(map(repr, unknown))}: "
            "add the English and German name to COUNTRIES in scripts/eurocities_members.py"
        )
    countries = {country_id(key) for key in COUNTRIES}
    members: list[Member] = []
    seen: dict[str, str] = {}
    for name, country in pairs:
        entity = member_id(name)
        if entity in countries:  # a city-state's city (Luxembourg) is not its country
            entity += "-city"
        if entity in seen:
            raise ValueError(f"{name!r} and {seen[entity]!r} would both get the id {entity!r}")
        seen[entity] = name
        regional = name in REGIONS or any(word in name for word in REGION_WORDS)
        members.append(Member(name, entity, "Region" if regional else "City", country))
    return members


def _literal(text: str, lang: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"@{lang}'


def _date(value: str) -> str:
    dt.date.fromisoformat(value)  # raises ValueError on a malformed date
    return f'"{value}"^^xsd:date'


DESCRIPTION = (
    "The EUROCITIES member list (member, country) as copied from the network website "
    "eurocities.eu, published in the repository c-riq/city-vote."
)

PREFIXES = """@prefix :        <https://w3id.org/graphkit/id/> .
@prefix doc:     <https://w3id.org/graphkit/id/doc/> .
@prefix graph:   <https://w3id.org/graphkit/graph/> .
@prefix gk:      <https://w3id.org/graphkit/ontology#> .
@prefix rdfs:    <http://www.w3.org/2000/01/rdf-schema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix xsd:     <http://www.w3.org/2001/XMLSchema#> .
"""


def render(members: list[Member], *, as_of: str, url: str, local_file: str) -> str:
    """Return the TriG text of the member list (three graphs: stated, curated, inferred)."""
    name = f"eurocities-members-{as_of}"
    document = f"doc:{name}"
    used = sorted({m.country for m in members}, key=country_id)
    out = [
        f"# GENERATED by scripts/eurocities_members.py from {local_file}; do not edit by hand.",
        "# To refresh: python scripts/eurocities_members.py NEW_COPY.txt --as-of YYYY-MM-DD"
        " (see data/README.md).",
        "",
        PREFIXES,
        f"# The list as copied from eurocities.eu: {len(members)} entries.",
        f"graph:{name} {{",
        f'    graph:{name} gk:source {document} ; gk:certainty "stated" .',
        "",
        f"    {document} a gk:SourceDocument ;",
        f"        rdfs:label {_literal(f'EUROCITIES-Mitgliederliste (Stand {as_of})', 'de')} ,",
        f"            {_literal(f'EUROCITIES member list (as of {as_of})', 'en')} ;",
        f"        dcterms:title {_literal('members_from_website.txt (copy pasted from website)', 'en')} ;",
        f"        dcterms:description {_literal(DESCRIPTION, 'en')} ;",
        f"        gk:factsAsOf {_date(as_of)} ;",
        f'        gk:url "{url}"^^xsd:anyURI ;',
        f'        gk:localFile "{local_file}" .',
        "",
    ]
    for key in used:
        out.append(f"    :{country_id(key)} a gk:Country ; rdfs:label {_literal(COUNTRIES[key][0], 'en')} .")
    out.append("")
    for m in members:
        out.append(
            f"    :{m.entity_id} a gk:{m.kind} ; rdfs:label {_literal(m.name, 'en')} ; "
            f"gk:country :{country_id(m.country)} ; gk:memberOf :eurocities ."
        )
    out.append("")
    out.append("    :eurocities gk:hasMember")
    out.append(" ,\n".join(f"        :{m.entity_id}" for m in members) + " .")
    out.append("}")
    out += [
        "",
        "# German labels: the German name where one is established, else the name as listed.",
        f"graph:{name}-labels {{",
        f'    graph:{name}-labels gk:source doc:graphkit-curation ; gk:certainty "curated" .',
        "",
    ]
    for key in used:
        out.append(f"    :{country_id(key)} rdfs:label {_literal(COUNTRIES[key][1], 'de')} .")
    out.append("")
    for m in members:
        out.append(f"    :{m.entity_id} rdfs:label {_literal(GERMAN_NAMES.get(m.name, m.name), 'de')} .")
    out.append("}")
    out += [
        "",
        "# Counted from the list by this script, so inferred rather than stated.",
        f"graph:{name}-counts {{",
        f'    graph:{name}-counts gk:source {document} ; gk:certainty "inferred" .',
        "",
        f"    {document} gk:numberOfCities {len(members)} ;",
        f"        gk:numberOfCountries {len(used)} ;",
        "        gk:countQualifier "
        + _literal(
            f"{len(members)} entries in {len(used)} countries, some of them metropolitan areas, "
            "regions or a second spelling of one member",
            "en",
        )
        + " .",
        "}",
        "",
    ]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    """Command line: read the list, write the TriG file; exit 1 with a message on bad input."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("input", nargs="?", type=Path, default=DEFAULT_INPUT)
    parser.add_argument("-o", "--output", type=Path, default=None)
    parser.add_argument("--as-of", default=DEFAULT_AS_OF, help="date the list is valid for (YYYY-MM-DD)")
    parser.add_argument("--url", default=DEFAULT_URL, help="where the copy of the list was published")
    args = parser.parse_args(argv)
    output = args.output or ROOT / "data" / "eurocities" / f"eurocities-members-{args.as_of}.trig"
    try:
        members = build_members(read_list(args.input.read_text(encoding="utf-8")))
        text = render(members, as_of=args.as_of, url=args.url, local_file=args.input.name)
    except (OSError, ValueError) as error:
        print(f"{args.input}: {error}", file=sys.stderr)
        return 1
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text, encoding="utf-8")
    print(f"{output}: {len(members)} members in {len({m.country for m in members})} countries")
    return 0


if __name__ == "__main__":
    sys.exit(main())
