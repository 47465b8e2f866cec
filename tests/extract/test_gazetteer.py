"""The graph's names found in sentences with their inflected forms; the shipped places file is current."""

from __future__ import annotations

from graphkit.extract.gazetteer import KnownName
from graphkit.extract.pipeline import Extractor
from graphkit.extract.places import PLACES_FILE, build_places, places_json
from graphkit.extract.text import document_from_text
from graphkit.namespaces import ID
from graphkit.store import GraphStore


def _entities(extractor: Extractor, text: str) -> dict[str, list[str]]:
    found = extractor.extract(document_from_text(text))
    return {c.fields["iri"]: c.fields["forms"] for c in found if c.kind == "entity" and c.fields["existing"]}


def test_inflected_forms_find_the_graphs_entities(extractor_de: Extractor) -> None:
    found = _entities(
        extractor_de,
        "Auf Einladung des Bundesministeriums des Innern, für Bau und Heimat trafen sich Vertreter der BBWA "
        "im BIWAQ-Programm, gefördert aus Mitteln des Europäischen Sozialfonds.",
    )
    assert found[ID + "bmi"] == ["Bundesministeriums des Innern, für Bau und Heimat"]
    assert found[ID + "bbwa"] == ["BBWA"]
    assert found[ID + "biwaq"] == ["BIWAQ"]
    assert found[ID + "esf"] == ["Europäischen Sozialfonds"]


def test_abbreviations_match_only_as_written(extractor_en: Extractor) -> None:
    found = _entities(extractor_en, "The EU funds cities; Eu and eu are no abbreviations here.")
    assert found[ID + "european-union"] == ["EU"]


def test_names_leave_out_topics_and_documents(graph_names: list[KnownName]) -> None:
    classes = {name.cls.rsplit("#", 1)[-1] for name in graph_names}
    assert {"Topic", "SourceDocument"}.isdisjoint(classes)
    assert {"City", "Country", "Ministry", "FundingProgramme"} <= classes


def test_places_file_is_current(loaded: GraphStore) -> None:
    """`places.json` is generated: rewrite it with `python -m graphkit.extract.places --store PATH`."""
    places = build_places(loaded)
    assert sum(p.kind == "city" for p in places) == 227
    assert sum(p.kind == "country" for p in places) == 39
    assert PLACES_FILE.read_text(encoding="utf-8") == places_json(places)


def test_places_are_found_without_a_store() -> None:
    from graphkit.extract.gazetteer import shipped_names

    extractor = Extractor("de", shipped_names())
    found = _entities(extractor, "Delegationen aus Wien, Glasgow und Finnland kamen nach Warschau.")
    assert {ID + "vienna", ID + "glasgow", ID + "finland", ID + "warsaw"} <= set(found)
