"""Citability: CITATION.cff, the data version everywhere, the source catalogue (terms, what was read)."""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import json
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest
import rdflib
import yaml
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from graphkit import bundled
from graphkit.cli import app
from graphkit.namespaces import GRAPH, ID
from graphkit.query import run_query
from graphkit.store import GraphStore
from tests.conftest import DATA

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CATALOGUE = bundled.data_dir() / "source-catalogue.trig"
VERSION = (bundled.data_dir() / "VERSION").read_text(encoding="utf-8").strip()
DOC = ID + "doc/"
DCTERMS = rdflib.Namespace("http://purl.org/dc/terms/")
PROV = rdflib.Namespace("http://www.w3.org/ns/prov#")
SPDX = rdflib.Namespace("http://spdx.org/rdf/terms#")
DCAT = rdflib.Namespace("http://www.w3.org/ns/dcat#")
OWL_VERSION = rdflib.URIRef("http://www.w3.org/2002/07/owl#versionInfo")
needs_shared = pytest.mark.skipif(
    not (SHARED / "facts" / "FACTS.md").is_file(), reason="no shared source folder beside the checkout"
)


def load_script() -> ModuleType:
    path = ROOT / "scripts" / "source_catalogue.py"
    spec = importlib.util.spec_from_file_location("source_catalogue", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["source_catalogue"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def catalogue() -> rdflib.Graph:
    dataset = rdflib.Dataset()
    dataset.parse(CATALOGUE, format="trig")
    return dataset.graph(rdflib.URIRef(GRAPH + "source-catalogue"))


# --- CITATION.cff and the version -----------------------------------------------------------


def test_citation_cff_is_valid_cff_1_2_0() -> None:
    """Checked against the CFF 1.2.0 JSON schema (tests/data, from the Citation File Format
    project, CC BY 4.0): cffconvert, the reference validator, pins jsonschema < 4."""
    import jsonschema_rs

    schema = json.loads((DATA / "citation-file-format-1.2.0.schema.json").read_text(encoding="utf-8"))
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    validator = jsonschema_rs.validator_for(schema)
    assert [e.message for e in validator.iter_errors(cff)] == []
    broken = {k: v for k, v in cff.items() if k != "authors"}
    assert list(validator.iter_errors(broken)), "the schema check must be able to fail"


def test_one_data_version_in_cff_catalogue_and_store(catalogue: rdflib.Graph, loaded: GraphStore) -> None:
    assert re.fullmatch(r"\d+\.\d+\.\d+", VERSION)
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert str(cff["version"]) == VERSION
    assert cff["license"] == "CC-BY-4.0"
    dataset = rdflib.URIRef(ID + "graphkit-dataset")
    assert [str(v) for v in catalogue.objects(dataset, OWL_VERSION)] == [VERSION]
    from graphkit.stats import read_release

    release = read_release(loaded)
    assert release is not None and release.version == VERSION
    assert release.license == "https://creativecommons.org/licenses/by/4.0/"
    assert release.citation and VERSION in release.citation


def test_stats_void_and_home_page_show_the_data_version(
    bundled_store_path: Path, api_client: TestClient
) -> None:
    body = json.loads(CliRunner().invoke(app, ["stats", "--json", "--store", str(bundled_store_path)]).output)
    assert body["data_version"] == VERSION and body["release"]["version"] == VERSION
    void = rdflib.Graph().parse(data=api_client.get("/.well-known/void").text, format="turtle")
    dataset = next(void.subjects(rdflib.URIRef("http://rdfs.org/ns/void#sparqlEndpoint"), None))
    assert str(void.value(dataset, OWL_VERSION)) == VERSION
    assert str(void.value(dataset, DCTERMS.license)) == "https://creativecommons.org/licenses/by/4.0/"
    assert VERSION in str(void.value(dataset, DCTERMS.bibliographicCitation))
    page = api_client.get("/", headers={"Accept": "text/html"}).text
    assert f'<strong class="data-version">{VERSION}</strong>' in page
    assert 'id="cite"' in page and f"version {VERSION}" in page and 'rel="license external"' in page
    assert '/id/graphkit-dataset">the dataset' in page
    dataset_page = api_client.get("/id/graphkit-dataset", headers={"Accept": "text/html"})
    assert dataset_page.status_code == 200 and VERSION in dataset_page.text


# --- the source catalogue -----------------------------------------------------------------


def test_every_source_document_has_its_terms_and_what_was_read(loaded: GraphStore) -> None:
    """Every document with a URL: rights holder, attribution in en and de, and a record of
    what was read with its SHA-256 and when (an EDTF date or interval)."""
    result = run_query(
        loaded,
        """PREFIX gk: <https://w3id.org/graphkit/ontology#>
        PREFIX dcterms: <http://purl.org/dc/terms/>
        PREFIX prov: <http://www.w3.org/ns/prov#>
        PREFIX spdx: <http://spdx.org/rdf/terms#>
        SELECT ?doc (COUNT(DISTINCT ?holder) AS ?holders) (COUNT(DISTINCT ?rights) AS ?attributions)
               (COUNT(DISTINCT ?record) AS ?records) (SAMPLE(?sha) AS ?sha256) (SAMPLE(?read) AS ?when)
        WHERE {
          ?doc a gk:SourceDocument ; gk:url ?url .
          OPTIONAL { ?doc dcterms:rightsHolder ?holder }
          OPTIONAL { ?doc dcterms:rights ?rights FILTER(LANG(?rights) IN ("en", "de")) }
          OPTIONAL { ?record prov:wasQuotedFrom ?doc ; spdx:checksum/spdx:checksumValue ?sha ;
                             dcterms:created ?read }
        } GROUP BY ?doc""",
        max_rows=1000,
    )
    assert len(result.rows) >= 100
    for row in result.rows:
        doc = row["doc"].value
        assert int(row["holders"].value) == 1, doc
        assert int(row["attributions"].value) == 2, doc
        assert int(row["records"].value) >= 1, doc
        assert re.fullmatch(r"[0-9a-f]{64}", row["sha256"].value), doc
        assert re.fullmatch(r"\d{4}(-\d\d){0,2}(/\d{4}(-\d\d){0,2})?", row["when"].value), doc


def test_share_alike_and_unlicensed_sources_carry_their_terms(catalogue: rdflib.Graph) -> None:
    licence = {str(s): str(o) for s, o in catalogue.subject_objects(DCTERMS.license)}
    assert licence[DOC + "wikipedia-eurocities"] == "https://creativecommons.org/licenses/by-sa/4.0/"
    assert licence[DOC + "wiki3-boroughs-and-localities-of-berlin"].startswith(
        "https://creativecommons.org/licenses/by-sa/"
    )
    assert licence[DOC + "ec-erdf-50-years"] == "https://creativecommons.org/licenses/by/4.0/"
    assert DOC + "eurocities-members-2025-05-18" not in licence  # the repository declares none
    members = rdflib.URIRef(DOC + "eurocities-members-2025-05-18")
    rights = " ".join(str(r) for r in catalogue.objects(members, DCTERMS.rights))
    assert "no licence" in rights.lower() or "keine lizenz" in rights.lower()
    assert DOC + "berlin-de-bezirkliche-buendnisse" not in licence  # public body: quotation right only


def test_the_member_list_files_are_not_redistributed() -> None:
    """Only facts of the unlicensed c-riq files are kept: no copy of them in data/."""
    shared_names = {"eurocities_members_from_website.txt", "eurocities_members-wikidata-enriched.json"}
    assert not [p for p in bundled.data_dir().rglob("*") if p.name in shared_names]


@needs_shared
def test_source_catalogue_is_up_to_date() -> None:
    """Regenerating gives the committed file: run `python scripts/source_catalogue.py` if not."""
    script = load_script()
    assert script.build(SHARED) == CATALOGUE.read_text(encoding="utf-8")


@needs_shared
def test_catalogue_hashes_match_the_shared_files(catalogue: rdflib.Graph) -> None:
    script = load_script()
    records = list(catalogue.subjects(rdflib.RDF.type, PROV.Entity))
    assert len(records) > 100
    for record in records:
        ident = str(catalogue.value(record, DCTERMS.identifier))
        path, _, lines = ident.partition(":")
        text = (SHARED / path).read_bytes()
        if lines:
            rows = text.decode("utf-8").split("\n")
            wanted = []
            for part in lines.split(","):
                first, _, last = part.partition("-")
                wanted += range(int(first), int(last or first) + 1)
            text = b"".join((rows[n - 1] + "\n").encode("utf-8") for n in wanted)
        checksum = catalogue.value(record, SPDX.checksum)
        assert str(catalogue.value(checksum, SPDX.checksumValue)) == hashlib.sha256(text).hexdigest(), ident
        assert int(catalogue.value(record, DCAT.byteSize)) == len(text), ident
        doc = str(catalogue.value(record, PROV.wasQuotedFrom))
        if lines:  # every row read cites the document's URL
            forms = script.cited_forms(_urls()[doc])
            assert all(script.row_cites(r, forms) for r in text.decode("utf-8").splitlines()), ident


@functools.cache
def _urls() -> dict[str, str]:
    """The gk:url of every source document in the data, as the generator reads them."""
    script = load_script()
    docs = script.read_documents(script.data_inputs(bundled.data_dir(), CATALOGUE))
    return {iri: d.url for iri, d in docs.items() if d.url}


def test_rows_cite_a_url_without_scheme_www_or_trailing_slash() -> None:
    script = load_script()
    forms = script.cited_forms("https://www.berlin.de/sen/arbeit/kooperationen/bezirkliche-buendnisse/")
    row = (
        "BBWA | exist in | all districts | "
        "http://berlin.de/sen/arbeit/kooperationen/bezirkliche-buendnisse | read verbatim"
    )
    assert script.row_cites(row, forms)
    longer = row.replace("buendnisse |", "buendnisse/other |")
    assert not script.row_cites(longer, forms)
    assert script.row_cites(
        "Berlin | Wikidata QID | Q64 | c-riq/city-vote:public-data/x.json (commit 00edd7b8) | read verbatim",
        script.cited_forms("https://github.com/c-riq/city-vote/blob/00edd7b8/public-data/x.json"),
    )
    assert script.line_ranges([104, 140, 141, 142, 150]) == "104,140-142,150"


def test_a_source_on_an_unknown_host_stops_the_generator_with_its_name() -> None:
    script = load_script()
    with pytest.raises(SystemExit, match=r"example\.org"):
        script.terms_of(script.Document(DOC + "x", url="https://example.org/page"))
