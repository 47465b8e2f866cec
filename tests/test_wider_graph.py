"""The wider graph from ../shared/facts: districts, members, identifiers, sources, certainty."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from graphkit.query import run_query
from graphkit.store import GraphStore
from tests.conftest import answer

PREFIXES = """
PREFIX gk: <https://w3id.org/graphkit/ontology#>
PREFIX id: <https://w3id.org/graphkit/id/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""

DISTRICTS = [
    "mitte",
    "friedrichshain-kreuzberg",
    "pankow",
    "charlottenburg-wilmersdorf",
    "spandau",
    "steglitz-zehlendorf",
    "tempelhof-schoeneberg",
    "neukoelln",
    "treptow-koepenick",
    "marzahn-hellersdorf",
    "lichtenberg",
    "reinickendorf",
]


def test_twelve_districts_each_with_its_alliance_and_how_sure_that_is(loaded: GraphStore) -> None:
    query = (
        PREFIXES
        + """
    SELECT ?district ?notation ?alliance (MAX(?c) AS ?best) WHERE {
      ?district a gk:District ; gk:partOf id:berlin ;
                <http://www.w3.org/2004/02/skos/core#notation> ?notation .
      GRAPH ?g { ?alliance gk:subOrganizationOf id:bbwa ; gk:locatedIn ?district . ?g gk:certainty ?c }
    } GROUP BY ?district ?notation ?alliance"""
    )
    rows = answer(run_query(loaded, query), "district", "notation", "alliance", "best")
    numerals = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]
    # "stated" sorts after "inferred": the best certainty any source gives the alliance.
    assert rows == {
        (
            f"id:{d}",
            numerals[i],
            f"id:bbwa-{d}",
            "inferred" if d in ("tempelhof-schoeneberg", "reinickendorf") else "stated",
        )
        for i, d in enumerate(DISTRICTS)
    }


def test_at_least_220_members_each_with_a_country_and_both_labels(loaded: GraphStore) -> None:
    query = (
        PREFIXES
        + """
    SELECT ?member ?kind ?country ?de ?en WHERE {
      id:eurocities gk:hasMember ?member .
      ?member a ?kind ; gk:country ?country ; gk:memberOf id:eurocities .
      FILTER (?kind IN (gk:City, gk:Region))
      ?member rdfs:label ?de , ?en .
      FILTER (lang(?de) = "de" && lang(?en) = "en")
    }"""
    )
    rows = answer(run_query(loaded, query), "member", "kind", "country", "de", "en")
    assert len({r[0] for r in rows}) == 226 >= 220  # 227 entries, one member under two spellings
    assert len(rows) == 226  # one kind, country and label per language each
    assert ("id:cologne", "gk:City", "id:germany", "Köln", "Cologne") in rows
    assert ("id:berlin", "gk:City", "id:germany", "Berlin", "Berlin") in rows
    assert ("id:lille-metropole", "gk:Region", "id:france", "Lille Metropole", "Lille Metropole") in rows
    assert ("id:luxembourg-city", "gk:City", "id:luxembourg", "Luxemburg", "Luxembourg") in rows
    assert sum(1 for r in rows if r[1] == "gk:Region") == 21


def test_wikidata_ids_only_where_a_source_pairs_them(loaded: GraphStore) -> None:
    query = PREFIXES + "SELECT ?thing ?item WHERE { ?thing gk:wikidataId ?item }"
    assert answer(run_query(loaded, query)) == {
        ("id:berlin", "Q64"),
        ("id:vantaa", "Q127623"),
        ("id:finland", "Q33"),
        ("id:glasgow", "Q4093"),
        ("id:united-kingdom", "Q145"),
        ("id:germany", "Q183"),
        ("id:utrecht", "Q803"),
        ("id:university-of-oxford", "Q34433"),
    }


def test_the_member_list_names_the_date_it_is_valid_for(loaded: GraphStore) -> None:
    query = (
        PREFIXES
        + """
    SELECT DISTINCT ?doc ?asOf ?url WHERE {
      GRAPH ?g { id:eurocities gk:hasMember id:vantaa . ?g gk:source ?doc }
      ?doc gk:factsAsOf ?asOf ; gk:url ?url .
    }"""
    )
    assert answer(run_query(loaded, query)) == {
        (
            "id:doc/eurocities-members-2025-05-18",
            "2025-05-18",
            "https://github.com/c-riq/city-vote/blob/00edd7b8/public-data/city-networks/eurocities/"
            "members_from_website.txt",
        )
    }


def test_the_ministry_above_the_bbsr_changed_with_the_reorganisation(loaded: GraphStore) -> None:
    query = (
        PREFIXES
        + """
    SELECT ?ministry ?start ?end WHERE {
      ?role gk:roleIn id:bbsr ; gk:roleHolder ?ministry . ?ministry a gk:Ministry .
      OPTIONAL { ?role gk:startDate ?start } OPTIONAL { ?role gk:endDate ?end }
    }"""
    )
    assert answer(run_query(loaded, query)) == {
        ("id:bmvbs", "2009-01-01", "2013-12-19"),
        ("id:bmub", "2013", "2018"),
        ("id:bmi", "2018", "2021-12"),
        ("id:bmwsb", "2021-12", None),
    }
    took_over = PREFIXES + "SELECT ?from ?on WHERE { id:bmwsb gk:tookOverFrom ?from ; gk:startDate ?on }"
    assert answer(run_query(loaded, took_over)) == {("id:bmi", "2021-12-08")}


def test_biwaq_rounds_with_periods_and_figures(loaded: GraphStore) -> None:
    query = (
        PREFIXES
        + """
    SELECT DISTINCT ?round ?start ?end ?projects ?min ?max WHERE {
      ?round a gk:FundingRound ; gk:partOf id:biwaq ; gk:startDate ?start ; gk:endDate ?end .
      OPTIONAL { ?round gk:numberOfProjects ?projects }
      OPTIONAL { ?round gk:minGrant ?min }
      OPTIONAL { ?round gk:maxGrant ?max }
    }"""
    )
    rows = answer(run_query(loaded, query), "round", "start", "end", "projects", "min", "max")
    assert {(r, s, e, p) for r, s, e, p, _min, _max in rows} == {
        ("id:biwaq-round-2015-2018", "2015", "2018", "75"),
        ("id:biwaq-round-2019-2022", "2019", "2022", None),
        ("id:biwaq-v", "2023", "2026", "47"),
        ("id:biwaq-vi", "2026-07-01", "2028-09-30", None),
    }
    grants = {r: (float(lo), float(hi)) for r, _s, _e, _p, lo, hi in rows if lo and hi}
    assert grants == {"id:biwaq-v": (300000.0, 2000000.0), "id:biwaq-vi": (300000.0, 1200000.0)}


FACTS = Path(__file__).resolve().parent.parent.parent / "shared" / "facts" / "FACTS.md"


@pytest.mark.skipif(not FACTS.exists(), reason="../shared/facts is not beside the checkout")
def test_every_page_facts_md_cites_is_a_source_document(loaded: GraphStore) -> None:
    cited = set()
    for line in FACTS.read_text(encoding="utf-8").splitlines():
        columns = line.split(" | ")
        if len(columns) >= 5:
            cited |= set(re.findall(r"https?://[^\s;()']+", columns[3]))
    # Identifiers quoted inside a source's description are not pages that were read.
    cited = {u for u in cited if not u.startswith(("http://www.wikidata.org/", "https://ror.org/"))}

    def norm(url: str) -> str:
        return url.rstrip("/").replace("http://", "https://").replace("://www.", "://")

    query = PREFIXES + "SELECT DISTINCT ?url WHERE { ?doc a gk:SourceDocument ; gk:url ?url }"
    addresses = {norm(url) for (url,) in answer(run_query(loaded, query))}
    assert len(cited) > 100
    assert sorted(u for u in cited if norm(u) not in addresses) == []
