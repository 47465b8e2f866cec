# ruff: noqa: RUF001  (place names in their own spelling: en dash, dotless i, apostrophe)
"""Regenerate the EUROCITIES member-list data file from a copy of the network's member list.

The input is the list as copied from eurocities.eu (``members_from_website.txt`` in the
c-riq/city-vote repository, saved as ``../shared/facts/eurocities_members_from_website.txt``):
a ``#`` comment line, then alternating lines of member name and country (lower case).

The output is one TriG file with three named graphs, each naming its source and certainty:

- ``eurocities-members-<date>`` (stated): each member with its name as the list gives it
  (English label), its country, and its membership of EUROCITIES; the list's source
  document with the date the list is valid for (``gk:factsAsOf``) and its local copy
  (``gk:localCopy``). Every statement carries its evidence as an RDF 1.2 annotation: the
  member's line of the list as it stands (``gk:quote``) with its number (``gk:line``), and
  for the country also the country's line; the membership is dated ``gk:asOf`` the list's
  date (the list says who was a member then, not since when).
- ``eurocities-members-<date>-labels`` (curated): German labels of members and countries
  (the German name where one is established, else the name as listed).
- ``eurocities-members-<date>-counts`` (inferred): how many members and countries the
  list has, counted by this script. The counts have no quote: no line of the list states
  them (its only other line is the comment ``# copy pasted from website``).

A member the list gives under two spellings (``SAME_MEMBER``) is one entity: its name is
the spelling ``SAME_MEMBER`` names, the other a ``skos:altLabel``, and each of its lines is
quoted for it.

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

SHARED = ROOT.parent / "shared"  # the shared source folder that gk:localCopy paths are relative to
DEFAULT_INPUT = SHARED / "facts" / "eurocities_members_from_website.txt"
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

#: A member listed twice under two spellings -> the spelling it is known by (one entity;
#: the other spelling becomes a skos:altLabel). Ampelokipoi-Menemeni: the municipality's
#: romanised name (and Wikidata's, Q302020, the id both lines are matched to in the
#: repository's CSV); "Ambelokipi-Menemeni" is another transliteration of the same name.
SAME_MEMBER: dict[str, str] = {"Ambelokipi-Menemeni": "Ampelokipoi-Menemeni"}

#: Members that are metropolitan areas, regions or groups of cities rather than one city
#: (typed gk:Region); besides these, any name with one of REGION_WORDS.
REGIONS: frozenset[str] = frozenset(
    {"Brabantstad", "Derry-Strabane", "Grand Paris Sud", "Netwerkstad Twente", "Nice Côte d’Azur"}
)
REGION_WORDS: tuple[str, ...] = ("Metropole", "Metropolitan", "Region")


@dataclass(frozen=True, slots=True)
class Entry:
    """One entry of the list: the name and country lines as they stand, with their numbers."""

    name: str
    country_text: str
    line: int  # 1-based number of the name's line in the list
    country_line: int

    @property
    def country(self) -> str:
        """The country key (the country line in lower case)."""
        return self.country_text.lower()


@dataclass(frozen=True, slots=True)
class Member:
    """One member: its name, id, kind, country key, and the entries that list it (one, or two
    for a member listed under two spellings)."""

    name: str
    entity_id: str
    kind: str  # "City" or "Region"
    country: str
    entries: tuple[Entry, ...]

    @property
    def other_names(self) -> list[str]:
        """The other spellings the list gives the member under."""
        return [e.name for e in self.entries if e.name != self.name]


def read_list(text: str) -> list[Entry]:
    """Return the entries of a member list (comments and blank lines skipped), with line numbers.

    Raises:
        ValueError: the lines do not pair up.
    """
    lines = [(number, line.strip()) for number, line in enumerate(text.splitlines(), start=1)]
    lines = [(number, line) for number, line in lines if line and not line.startswith("#")]
    if len(lines) % 2:
        raise ValueError(f"odd number of lines ({len(lines)}): names and countries must alternate")
    return [
        Entry(name, country, number, country_number)
        for (number, name), (country_number, country) in zip(lines[::2], lines[1::2], strict=True)
    ]


def _ascii(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text.replace("’", "'"))
    return "".join(c for c in folded if not unicodedata.combining(c))


def member_id(name: str) -> str:
    """Return the entity id of a member: its name without a parenthesis, ASCII-folded."""
    return slug(_ascii(name.split("(")[0]))


def country_id(key: str) -> str:
    """Return the entity id of a country (e.g. ``united-kingdom``)."""
    return slug(COUNTRIES[key][0])


def build_members(entries: Iterable[Entry]) -> list[Member]:
    """Return the members with ids and kinds, in list order (of each member's first entry);
    the entries of one member listed under two spellings (``SAME_MEMBER``) are one member.

    Raises:
        ValueError: a country is not in COUNTRIES, two entries get the same id, or the two
            spellings of one member are listed in different countries.
    """
    entries = list(entries)
    unknown = sorted({e.country for e in entries if e.country not in COUNTRIES})
    if unknown:
        raise ValueError(
            f"unknown countr{'y' if len(unknown) == 1 else 'ies'} {', '.join(map(repr, unknown))}: "
            "add the English and German name to COUNTRIES in scripts/eurocities_members.py"
        )
    groups: dict[str, list[Entry]] = {}
    for entry in entries:
        groups.setdefault(SAME_MEMBER.get(entry.name, entry.name), []).append(entry)
    countries = {country_id(key) for key in COUNTRIES}
    members: list[Member] = []
    seen: dict[str, str] = {}
    for name, group in groups.items():
        if len({e.country for e in group}) > 1:
            raise ValueError(f"{' and '.join(repr(e.name) for e in group)} are listed in different countries")
        entity = member_id(name)
        if entity in countries:  # a city-state's city (Luxembourg) is not its country
            entity += "-city"
        if entity in seen:
            raise ValueError(f"{name!r} and {seen[entity]!r} would both get the id {entity!r}")
        seen[entity] = name
        regional = name in REGIONS or any(word in name for word in REGION_WORDS)
        members.append(Member(name, entity, "Region" if regional else "City", group[0].country, tuple(group)))
    return members


def _literal(text: str, lang: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"@{lang}'


def _date(value: str) -> str:
    dt.date.fromisoformat(value)  # raises ValueError on a malformed date
    return f'"{value}"^^xsd:date'


def _quote(text: str, line: int, *extra: str) -> str:
    """Return an RDF 1.2 annotation: the list's words at `line` (and further evidence terms)."""
    terms = [f"gk:quote {_literal(text, 'en')}", f"gk:line {line}", *extra]
    return "{| " + " ; ".join(terms) + " |}"


def _name_quotes(member: Member, *extra: str) -> str:
    """Return the annotations quoting each of the member's name lines."""
    return " ".join(_quote(e.name, e.line, *extra) for e in member.entries)


def _country_quotes(member: Member) -> str:
    """Return the annotations for a member's country: each entry's name line and country line."""
    return " ".join(
        f"{_quote(e.name, e.line)} {_quote(e.country_text, e.country_line)}" for e in member.entries
    )


DESCRIPTION = (
    "The EUROCITIES member list (member, country) as copied from the network website "
    "eurocities.eu, published in the repository c-riq/city-vote."
)

PREFIXES = """@prefix :        <https://w3id.org/graphkit/id/> .
@prefix doc:     <https://w3id.org/graphkit/id/doc/> .
@prefix graph:   <https://w3id.org/graphkit/graph/> .
@prefix gk:      <https://w3id.org/graphkit/ontology#> .
@prefix rdfs:    <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos:    <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix xsd:     <http://www.w3.org/2001/XMLSchema#> .
"""


def render(members: list[Member], *, as_of: str, url: str, local_file: str, local_copy: str) -> str:
    """Return the TriG text of the member list (three graphs: stated, curated, inferred).

    Args:
        local_file: the list's file name (for the header and ``gk:localFile``).
        local_copy: its path below the shared source folder (``gk:localCopy``), where the
            quotes' lines are checked.
    """
    name = f"eurocities-members-{as_of}"
    document = f"doc:{name}"
    used = sorted({m.country for m in members}, key=country_id)
    first_line: dict[str, Entry] = {}
    for entry in sorted((e for m in members for e in m.entries), key=lambda e: e.line):
        first_line.setdefault(entry.country, entry)
    member_of = f"gk:asOf {_date(as_of)}"
    n_entries = sum(len(m.entries) for m in members)
    out = [
        f"# GENERATED by scripts/eurocities_members.py from {local_file}; do not edit by hand.",
        "# To refresh: python scripts/eurocities_members.py NEW_COPY.txt --as-of YYYY-MM-DD"
        " (see data/README.md).",
        "",
        PREFIXES,
        f"# The list as copied from eurocities.eu: {n_entries} entries, {len(members)} members.",
        "# Each statement quotes the list's line(s) that give it; memberships are as of the list's date.",
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
        f'        gk:localFile "{local_file}" ;',
        f'        gk:localCopy "{local_copy}" .',
        "",
    ]
    for key in used:
        entry = first_line[key]
        out.append(
            f"    :{country_id(key)} a gk:Country ; rdfs:label {_literal(COUNTRIES[key][0], 'en')} "
            f"{_quote(entry.country_text, entry.country_line)} ."
        )
    out.append("")
    for m in members:
        first = next((e for e in m.entries if e.name == m.name), m.entries[0])
        lines = [
            f"    :{m.entity_id} a gk:{m.kind} ;",
            f"        rdfs:label {_literal(m.name, 'en')} {_quote(first.name, first.line)} ;",
        ]
        lines += [
            f"        skos:altLabel {_literal(e.name, 'en')} {_quote(e.name, e.line)} ;"
            for e in m.entries
            if e.name != m.name
        ]
        lines += [
            f"        gk:country :{country_id(m.country)} {_country_quotes(m)} ;",
            f"        gk:memberOf :eurocities {_name_quotes(m, member_of)} .",
        ]
        out += lines
    out.append("")
    out.append("    :eurocities gk:hasMember")
    out.append(" ,\n".join(f"        :{m.entity_id} {_name_quotes(m, member_of)}" for m in members) + " .")
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
        "# Counted from the list by this script, so inferred rather than stated. No quote: no line",
        "# of the list states a count (its only other line is the comment '# copy pasted from website').",
        f"graph:{name}-counts {{",
        f'    graph:{name}-counts gk:source {document} ; gk:certainty "inferred" .',
        "",
        f"    {document} gk:numberOfCities {len(members)} ;",
        f"        gk:numberOfCountries {len(used)} ;",
        "        gk:countQualifier "
        + _literal(_count_words(n_entries, len(members), len(used)), "en")
        + " .",
        "}",
        "",
    ]
    return "\n".join(out)


def _count_words(entries: int, members: int, countries: int) -> str:
    twice = entries - members
    listed_twice = (
        f"; {twice} member{' is' if twice == 1 else 's are'} listed under two spellings ({entries} entries)"
        if twice
        else ""
    )
    kinds = "some of them metropolitan areas or regions"
    return f"{members} members in {countries} countries, {kinds}{listed_twice}"


def local_copy_of(path: Path) -> str:
    """Return the list's path below the shared source folder, or its file name if it is elsewhere."""
    try:
        return path.resolve().relative_to(SHARED.resolve()).as_posix()
    except ValueError:
        return path.name


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
        text = render(
            members,
            as_of=args.as_of,
            url=args.url,
            local_file=args.input.name,
            local_copy=local_copy_of(args.input),
        )
    except (OSError, ValueError) as error:
        print(f"{args.input}: {error}", file=sys.stderr)
        return 1
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text, encoding="utf-8")
    entries = sum(len(m.entries) for m in members)
    countries = len({m.country for m in members})
    print(f"{output}: {len(members)} members ({entries} entries) in {countries} countries")
    return 0


if __name__ == "__main__":
    sys.exit(main())
