"""New organisations, programmes, events and persons; relations read from cue phrases."""

from __future__ import annotations

from graphkit.extract.candidates import Candidate, Kind
from graphkit.extract.pipeline import Extractor
from graphkit.extract.text import document_from_text


def _read(extractor: Extractor, text: str) -> list[Candidate]:
    return extractor.extract(document_from_text(text))


def _new(found: list[Candidate]) -> dict[str, str]:
    return {
        c.fields["label"]: c.fields["class"]
        for c in found
        if c.kind is Kind.ENTITY and not c.fields["existing"]
    }


def test_bodies_programmes_and_events_are_proposed(extractor_de: Extractor) -> None:
    found = _new(
        _read(
            extractor_de,
            "Die Senatsverwaltung für Stadtentwicklung und Wohnen und die Bürgerstiftung Neukölln luden zur "
            "Zukunftswerkstatt ein. Das Programm „Starke Nachbarschaften“ wird vom Jobcenter Neukölln "
            "begleitet.",
        )
    )
    assert found["Senatsverwaltung für Stadtentwicklung und Wohnen"] == "gk:StateDepartment"
    assert found["Bürgerstiftung Neukölln"] == "gk:Organisation"
    assert found["Zukunftswerkstatt"] == "gk:Event"
    assert found["Starke Nachbarschaften"] == "gk:FundingProgramme"
    assert found["Jobcenter Neukölln"] == "gk:PublicAuthority"


def test_abbreviations_with_their_expansion_in_either_order(extractor_de: Extractor) -> None:
    found = _read(
        extractor_de,
        "Das Förderprogramm Soziale Teilhabe im Kiez (STK) startet. STK ergänzt das Programm "
        "„Nachbarschaft, Arbeit, Teilhabe - NAT“.",
    )
    entities = {c.fields["label"]: c for c in found if c.kind is Kind.ENTITY}
    assert entities["Soziale Teilhabe im Kiez"].fields["short"] == "STK"
    assert entities["Soziale Teilhabe im Kiez"].fields["forms"] == ["Soziale Teilhabe im Kiez", "STK"]
    assert entities["Nachbarschaft, Arbeit, Teilhabe"].fields["short"] == "NAT"


def test_persons_keep_their_title(extractor_en: Extractor) -> None:
    found = _read(
        extractor_en, "The keynote by Prof. Jane Example opened the Urban Inclusion Conference 2024."
    )
    people = [c for c in found if c.kind is Kind.ENTITY and c.fields["class"] == "gk:Person"]
    assert [(p.fields["label"], p.fields["title"]) for p in people] == [("Jane Example", "Prof.")]
    relations = [
        (c.fields["subject"], c.fields["predicate"], c.fields["object"])
        for c in found
        if c.kind is Kind.RELATION
    ]
    assert relations == [
        ("entity-urban-inclusion-conference-2024", "gk:keynoteSpeaker", "entity-jane-example")
    ]


def test_funding_cues_give_fund_and_cofinancer(extractor_de: Extractor) -> None:
    found = _read(
        extractor_de,
        "Projekte im Förderprogramm Lokales Soziales Kapital (LSK) werden aus Mitteln des Europäischen "
        "Sozialfonds und der Senatsverwaltung für Integration, Arbeit und Soziales gefördert.",
    )
    relations = {
        (c.fields["subject"], c.fields["predicate"], c.fields["object"])
        for c in found
        if c.kind is Kind.RELATION
    }
    assert relations == {
        ("entity-lsk", "gk:financedFromFund", "entity-esf"),
        ("entity-lsk", "gk:cofinancedBy", "entity-senias"),
    }


def test_organiser_from_an_invitation_names_the_event_of_the_sentence_before(extractor_de: Extractor) -> None:
    found = _read(
        extractor_de,
        "Im Mai fand die Quartiers-Fachtagung 2024 statt. Auf Einladung des Bundesinstituts für Bau-, Stadt- "
        "und Raumforschung (BBSR) trafen sich etwa 80 Teilnehmende.",
    )
    relations = {
        (c.fields["subject"], c.fields["predicate"], c.fields["object"])
        for c in found
        if c.kind is Kind.RELATION
    }
    assert ("entity-quartiers-fachtagung-2024", "gk:organizedBy", "entity-bbsr") in relations
    (count,) = [c for c in found if c.kind is Kind.COUNT]
    assert (count.fields["value"], count.fields["qualifier"], count.fields["subject"]) == (
        80,
        "gk:about",
        "entity-quartiers-fachtagung-2024",
    )
