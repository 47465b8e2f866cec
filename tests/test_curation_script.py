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
Mariupol (city government in exile)
ukraine
"""


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


def test_the_committed_list_has_227_members_in_39_countries() -> None:
    graphs = graphs_of(COMMITTED)
    assert set(graphs) == {
        "eurocities-members-2025-05-18",
        "eurocities-members-2025-05-18-labels",
        "eurocities-members-2025-05-18-counts",
    }
    stated = graphs["eurocities-members-2025-05-18"]
    members = set(stated.objects(rdflib.URIRef(ID + "eurocities"), rdflib.URIRef(GK + "hasMember")))
    assert len(members) == 227
    countries = {stated.value(m, rdflib.URIRef(GK + "country")) for m in members}
    assert len(countries) == 39
    for reused in ("berlin", "vantaa", "glasgow", "utrecht"):
        assert rdflib.URIRef(ID + reused) in members
    assert rdflib.URIRef(ID + "united-kingdom") in countries and rdflib.URIRef(ID + "germany") in countries


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
    assert counts.value(document, rdflib.URIRef(GK + "numberOfCities")).toPython() == 4
    assert counts.value(document, rdflib.URIRef(GK + "numberOfCountries")).toPython() == 4
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
