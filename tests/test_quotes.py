"""Every curated statement carries the words of its source, found at their line of its local record.

The local records (the seed news items, FACTS.md, the member list) are in ../shared beside the
checkout; CI always has them (there the test fails rather than skip without them).
"""

from __future__ import annotations

import os
from pathlib import Path

import pyoxigraph as ox
import pytest

from graphkit import bundled
from graphkit.loader import expand_inputs
from graphkit.quote_audit import EXEMPT_GRAPHS, audit, bundled_store, normalised

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"

needs_shared = pytest.mark.skipif(
    not (SHARED / "facts" / "FACTS.md").exists() and not os.environ.get("CI"),
    reason="../shared is not beside the checkout",
)


@pytest.fixture(scope="module")
def bundled_quads() -> ox.Store:
    return bundled_store()


@needs_shared
def test_every_curated_statement_has_a_quote_found_at_its_line(bundled_quads: ox.Store) -> None:
    problems = audit(bundled_quads, SHARED, data_files=bundled.data_files())
    shown = "\n".join(str(p) for p in problems[:40])
    assert problems == [], f"{len(problems)} statement(s) without a correct quote, e.g.\n{shown}"


@needs_shared
def test_the_seed_graphs_quote_the_seed_news_items(bundled_quads: ox.Store) -> None:
    """The two news items are the ground truth: their graphs quote them, sentence by sentence."""
    query = """
        PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
        PREFIX gk: <https://w3id.org/graphkit/ontology#>
        SELECT ?g (COUNT(DISTINCT ?r) AS ?quotes) WHERE {
          GRAPH ?g { ?r a rdf:Statement ; gk:quote ?q }
          VALUES ?g { <https://w3id.org/graphkit/graph/bbwa-eurocities-2021>
                      <https://w3id.org/graphkit/graph/biwaq-themenwerkstatt-2020> }
        } GROUP BY ?g
    """
    counts = {row["g"].value: int(row["quotes"].value) for row in bundled_quads.query(query)}
    assert len(counts) == 2 and min(counts.values()) >= 50, counts


def _graph(body: str) -> bytes:
    return (
        """
        @prefix gk: <https://w3id.org/graphkit/ontology#> .
        @prefix : <https://w3id.org/graphkit/id/> .
        @prefix doc: <https://w3id.org/graphkit/id/doc/> .
        @prefix graph: <https://w3id.org/graphkit/graph/> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        graph:t {
          graph:t gk:source doc:seed ; gk:certainty "stated" .
          doc:seed a gk:SourceDocument ; gk:localCopy "seeds/000_a69ab9d00e4684dc.txt" .
        """
        + body
        + "}"
    ).encode()


def _audit(tmp_path: Path, body: str) -> list[str]:
    (tmp_path / "seeds").mkdir(exist_ok=True)
    (tmp_path / "seeds" / "000_a69ab9d00e4684dc.txt").write_text(
        "Titel\n\nFast 200 Teilnehmende aus ganz Europa\nnahmen teil.\n", encoding="utf-8"
    )
    path = tmp_path / "t.trig"
    path.write_bytes(_graph(body))
    store = bundled_store(expand_inputs([path], curated=True))
    return [p.message for p in audit(store, tmp_path)]


def test_the_audit_accepts_a_quote_at_its_line_even_across_a_line_break(tmp_path: Path) -> None:
    body = (
        ':forum gk:participantCount 200 {| gk:quote "Europa nahmen  teil"@de ; gk:line 3 ;'
        " gk:qualifier gk:almost |} ."
    )
    assert _audit(tmp_path, body) == []


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (":forum gk:participantCount 200 .", "no quote supports this statement"),
        (':forum rdfs:label "Forum"@de .', "no quote supports this statement"),
        (':forum gk:participantCount 200 {| gk:quote "Fast 200"@de ; gk:line 4 |} .', "is not at seeds/"),
        (':forum gk:participantCount 200 {| gk:quote "Fast 300"@de ; gk:line 3 |} .', "is not at seeds/"),
        (':forum gk:participantCount 200 {| gk:quote "Fast 200"@de |} .', "has no gk:line"),
        (':forum gk:participantCount 200 {| gk:quote "Fast 200"@de ; gk:line 99 |} .', "past the end"),
    ],
)
def test_the_audit_finds_missing_and_misplaced_quotes(tmp_path: Path, body: str, message: str) -> None:
    found = _audit(tmp_path, body)
    assert any(message in m for m in found), found


def test_a_facts_md_quote_must_be_on_a_row_that_cites_the_page(tmp_path: Path) -> None:
    (tmp_path / "facts").mkdir()
    (tmp_path / "facts" / "FACTS.md").write_text(
        "X | has | 3 things | https://www.example.org/a/ | read verbatim\n"
        "X | has | 4 things | https://example.org/b | read verbatim\n",
        encoding="utf-8",
    )
    body = """
      graph:p { graph:p gk:source doc:a ; gk:certainty "stated" .
        doc:a a gk:SourceDocument ; gk:localCopy "facts/FACTS.md" ;
          gk:url "http://example.org/a"^^<http://www.w3.org/2001/XMLSchema#anyURI> .
        :x gk:numberOfParts 3 {| gk:quote "3 things" ; gk:line 1 |} .
        :x gk:numberOfParts 4 {| gk:quote "4 things" ; gk:line 2 |} . }
    """
    path = tmp_path / "p.trig"
    path.write_text(
        "@prefix gk: <https://w3id.org/graphkit/ontology#> .\n"
        "@prefix : <https://w3id.org/graphkit/id/> .\n"
        "@prefix doc: <https://w3id.org/graphkit/id/doc/> .\n"
        "@prefix graph: <https://w3id.org/graphkit/graph/> .\n" + body,
        encoding="utf-8",
    )
    store = bundled_store(expand_inputs([path], curated=True))
    messages = [p.message for p in audit(store, tmp_path)]
    assert messages == ["facts/FACTS.md:2 does not cite http://example.org/a"], messages


def test_exempt_graphs_say_why() -> None:
    assert all(len(reason) > 20 for reason in EXEMPT_GRAPHS.values())


def test_white_space_and_soft_hyphens_do_not_count() -> None:
    assert normalised("Bezirk\u00adliche  Bündnisse\n für") == "Bezirkliche Bündnisse für"
