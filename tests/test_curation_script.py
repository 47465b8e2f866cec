"""scripts/eurocities_members.py: the committed member data is what the script makes of the list."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest
import rdflib

from graphkit import bundled
from graphkit.namespaces import GK, GRAPH, ID
from tests.conftest import read_graphs

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "eurocities_members.py"
SHARED_LIST = ROOT.parent / "shared" / "facts" / "eurocities_members_from_website.txt"
COMMITTED = bundled.data_dir() / "eurocities" / "eurocities-members-2025-05-18.trig"

MINI = """# copy pasted from website
Luxembourg
luxembourg
Cologne
germany
Lille Metropole
france
Ambelokipi-Menemeni
greece
Mariupol (city government in exile)
ukraine
Ampelokipoi-Menemeni
greece
"""

RDF_STATEMENT = rdflib.RDF.Statement
QUOTE, LINE, AS_OF = (rdflib.URIRef(GK + term) for term in ("quote", "line", "asOf"))


def evidence_of(graph: rdflib.Graph) -> dict[tuple, set[tuple]]:
    """The (quote, line, asOf) of each reifier in `graph`, by the statement ``(s, p, o)`` it reifies."""
    found: dict[tuple, set[tuple]] = {}
    for r in graph.subjects(rdflib.RDF.type, RDF_STATEMENT):
        statement = tuple(
            graph.value(r, term) for term in (rdflib.RDF.subject, rdflib.RDF.predicate, rdflib.RDF.object)
        )
        found.setdefault(statement, set()).add(
            (str(graph.value(r, QUOTE)), graph.value(r, LINE).toPython(), graph.value(r, AS_OF))
        )
    return found


def load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("eurocities_members", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["eurocities_members"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def script() -> ModuleType:
    return load_script()


def graphs_of(path: Path) -> dict[str, rdflib.Graph]:
    return {name[len(GRAPH) :]: graph for name, graph in read_graphs([path]).items()}


@pytest.mark.skipif(not SHARED_LIST.exists(), reason="../shared/facts is not beside the checkout")
def test_the_committed_file_is_what_the_script_makes_of_the_shared_list(
    script: ModuleType, tmp_path: Path
) -> None:
    out = tmp_path / "members.trig"
    assert script.main([str(SHARED_LIST), "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == COMMITTED.read_text(encoding="utf-8"), (
        "run `python scripts/eurocities_members.py` and commit data/eurocities/"
    )


def test_the_committed_list_has_226_members_in_39_countries() -> None:
    graphs = graphs_of(COMMITTED)
    assert set(graphs) == {
        "eurocities-members-2025-05-18",
        "eurocities-members-2025-05-18-labels",
        "eurocities-members-2025-05-18-counts",
    }
    stated = graphs["eurocities-members-2025-05-18"]
    members = set(stated.objects(rdflib.URIRef(ID + "eurocities"), rdflib.URIRef(GK + "hasMember")))
    assert len(members) == 226  # 227 entries: Ampelokipoi-Menemeni is listed under two spellings
    assert rdflib.URIRef(ID + "ambelokipi-menemeni") not in members
    countries = {stated.value(m, rdflib.URIRef(GK + "country")) for m in members}
    assert len(countries) == 39
    for reused in ("berlin", "vantaa", "glasgow", "utrecht"):
        assert rdflib.URIRef(ID + reused) in members
    assert rdflib.URIRef(ID + "united-kingdom") in countries and rdflib.URIRef(ID + "germany") in countries
    counts = graphs["eurocities-members-2025-05-18-counts"]
    document = rdflib.URIRef(ID + "doc/eurocities-members-2025-05-18")
    assert counts.value(document, rdflib.URIRef(GK + "numberOfCities")).toPython() == 226
    assert stated.value(document, rdflib.URIRef(GK + "localCopy")) == rdflib.Literal(
        "facts/eurocities_members_from_website.txt"
    )


@pytest.mark.skipif(not SHARED_LIST.exists(), reason="../shared/facts is not beside the checkout")
def test_every_member_statement_quotes_its_line_of_the_list() -> None:
    lines = SHARED_LIST.read_text(encoding="utf-8").splitlines()
    stated = graphs_of(COMMITTED)["eurocities-members-2025-05-18"]
    eurocities = rdflib.URIRef(ID + "eurocities")
    as_of = rdflib.Literal("2025-05-18", datatype=rdflib.XSD.date)
    evidence = evidence_of(stated).get
    for r in stated.subjects(
        rdflib.RDF.type, RDF_STATEMENT
    ):  # each quote is the line (name or country) it names, as it stands
        assert lines[stated.value(r, LINE).toPython() - 1].strip() == str(stated.value(r, QUOTE))
    for member in stated.objects(eurocities, rdflib.URIRef(GK + "hasMember")):
        for p, o in ((rdflib.RDFS.label, None), (rdflib.URIRef(GK + "country"), None)):
            o = stated.value(member, p)
            assert evidence((member, p, o)), (member, p)
        member_of = evidence((member, rdflib.URIRef(GK + "memberOf"), eurocities))
        assert member_of and {a for _q, _l, a in member_of} == {as_of}
        assert evidence((eurocities, rdflib.URIRef(GK + "hasMember"), member)) == member_of
    vantaa = rdflib.URIRef(ID + "vantaa")
    line = lines.index("Vantaa") + 1
    assert evidence((vantaa, rdflib.URIRef(GK + "country"), rdflib.URIRef(ID + "finland"))) == {
        ("Vantaa", line, None),
        ("finland", line + 1, None),
    }


def test_a_member_listed_under_two_spellings_is_one_entity(script: ModuleType, tmp_path: Path) -> None:
    source = tmp_path / "mini.txt"
    source.write_text(MINI, encoding="utf-8")
    out = tmp_path / "mini.trig"
    assert script.main([str(source), "-o", str(out), "--as-of", "2026-01-31"]) == 0
    stated = graphs_of(out)["eurocities-members-2026-01-31"]
    evidence = evidence_of(stated).get
    one = rdflib.URIRef(ID + "ampelokipoi-menemeni")
    assert rdflib.URIRef(ID + "ambelokipi-menemeni") not in set(stated.subjects())
    assert set(stated.objects(one, rdflib.RDFS.label)) == {rdflib.Literal("Ampelokipoi-Menemeni", lang="en")}
    alt = rdflib.Literal("Ambelokipi-Menemeni", lang="en")
    assert set(stated.objects(one, rdflib.SKOS.altLabel)) == {alt}
    assert evidence((one, rdflib.SKOS.altLabel, alt)) == {("Ambelokipi-Menemeni", 8, None)}
    as_of = rdflib.Literal("2026-01-31", datatype=rdflib.XSD.date)
    assert evidence((one, rdflib.URIRef(GK + "memberOf"), rdflib.URIRef(ID + "eurocities"))) == {
        ("Ambelokipi-Menemeni", 8, as_of),
        ("Ampelokipoi-Menemeni", 12, as_of),
    }
    assert evidence((one, rdflib.URIRef(GK + "country"), rdflib.URIRef(ID + "greece"))) == {
        ("Ambelokipi-Menemeni", 8, None),
        ("greece", 9, None),
        ("Ampelokipoi-Menemeni", 12, None),
        ("greece", 13, None),
    }


def test_two_spellings_of_one_member_in_two_countries_are_refused(script: ModuleType) -> None:
    with pytest.raises(ValueError, match="listed in different countries"):
        script.build_members(script.read_list("Ambelokipi-Menemeni\ngreece\nAmpelokipoi-Menemeni\ncyprus\n"))


def test_a_small_list_gives_ids_kinds_labels_and_counts(script: ModuleType, tmp_path: Path) -> None:
    source = tmp_path / "mini.txt"
    source.write_text(MINI, encoding="utf-8")
    out = tmp_path / "mini.trig"
    assert (
        script.main(
            [str(source), "-o", str(out), "--as-of", "2026-01-31", "--url", "https://example.org/list"]
        )
        == 0
    )
    graphs = graphs_of(out)
    stated = graphs["eurocities-members-2026-01-31"]
    labels = graphs["eurocities-members-2026-01-31-labels"]
    counts = graphs["eurocities-members-2026-01-31-counts"]

    def node(name: str) -> rdflib.URIRef:
        return rdflib.URIRef(ID + name)

    kinds = {s: o for s, o in stated.subject_objects(rdflib.RDF.type)}
    assert kinds[node("luxembourg-city")] == rdflib.URIRef(GK + "City")  # not the country's id
    assert kinds[node("luxembourg")] == rdflib.URIRef(GK + "Country")
    assert kinds[node("lille-metropole")] == rdflib.URIRef(GK + "Region")
    assert kinds[node("mariupol")] == rdflib.URIRef(GK + "City")
    assert rdflib.Literal("Cologne", lang="en") in set(stated.objects(node("cologne"), rdflib.RDFS.label))
    assert set(labels.objects(node("cologne"), rdflib.RDFS.label)) == {rdflib.Literal("Köln", lang="de")}
    assert set(labels.objects(node("lille-metropole"), rdflib.RDFS.label)) == {
        rdflib.Literal("Lille Metropole", lang="de")
    }
    document = rdflib.URIRef(ID + "doc/eurocities-members-2026-01-31")
    assert stated.value(document, rdflib.URIRef(GK + "factsAsOf")) == rdflib.Literal(
        "2026-01-31", datatype=rdflib.XSD.date
    )
    assert counts.value(document, rdflib.URIRef(GK + "numberOfCities")).toPython() == 5  # 6 entries
    assert counts.value(document, rdflib.URIRef(GK + "numberOfCountries")).toPython() == 5
    assert stated.value(document, rdflib.URIRef(GK + "localCopy")) == rdflib.Literal("mini.txt")
    cologne_in = evidence_of(stated)[(node("cologne"), rdflib.URIRef(GK + "country"), node("germany"))]
    assert cologne_in == {("Cologne", 4, None), ("germany", 5, None)}
    certainty = rdflib.URIRef(GK + "certainty")
    assert [str(next(g.objects(None, certainty))) for g in (stated, labels, counts)] == [
        "stated",
        "curated",
        "inferred",
    ]


def test_a_country_without_names_stops_the_script(
    script: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "new.txt"
    source.write_text("Atlantis\natlantis\n", encoding="utf-8")
    assert script.main([str(source), "-o", str(tmp_path / "x.trig")]) == 1
    assert "unknown country 'atlantis'" in capsys.readouterr().err
    assert not (tmp_path / "x.trig").exists()


def test_an_odd_list_is_refused(script: ModuleType) -> None:
    with pytest.raises(ValueError, match="odd number of lines"):
        script.read_list("Aarhus\ndenmark\nBerlin\n")
