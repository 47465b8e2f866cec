"""The issue's measure: the two source documents against the curated facts of `data/`.

How the expected sets are built and how candidates are matched: see `evaluation.py`.
Thresholds (issue 16): entity recall ≥ 90 %, precision ≥ 80 %, relation recall ≥ 70 %,
every date and count found with its qualifier. A second figure (printed, not asserted)
measures the same with the document's own graphs left out of the gazetteer: what the
patterns find in a document the graph does not know yet.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from graphkit.extract.pipeline import Extractor, build_extractor
from graphkit.extract.text import read_document
from graphkit.namespaces import GRAPH
from graphkit.store import GraphStore

from .evaluation import measure, read_expected

SOURCES = [
    ("000_a69ab9d00e4684dc.txt", "bbwa-eurocities-2021"),
    ("002_3a617df06ec068d5.txt", "biwaq-themenwerkstatt-2020"),
]


@pytest.mark.parametrize(("file", "graph"), SOURCES)
def test_source_document_meets_the_issue_thresholds(
    seeds: Path, loaded: GraphStore, extractor_de: Extractor, file: str, graph: str
) -> None:
    expected = read_expected(loaded, graph, extractor_de)
    candidates = extractor_de.extract(read_document(seeds / file))
    figures = measure(candidates, expected, extractor_de)
    print("\n" + figures.report(graph))
    assert figures.entity_recall >= 0.9, figures.report(graph)
    assert figures.entity_precision >= 0.8, figures.report(graph)
    assert figures.relation_recall >= 0.7, figures.report(graph)
    assert figures.dates_missing == [], figures.report(graph)
    assert figures.counts_missing == [], figures.report(graph)


def test_held_out_figures_are_printed(seeds: Path, loaded: GraphStore, extractor_de: Extractor) -> None:
    """The gazetteer without the documents' own graphs (stated, inferred, curation): printed only."""
    own = [GRAPH + name + suffix for _, name in SOURCES for suffix in ("", "-inferred", "-curation")]
    held_out = build_extractor("de", store=loaded, without_graphs=own)
    for file, graph in SOURCES:
        expected = read_expected(loaded, graph, extractor_de)
        figures = measure(held_out.extract(read_document(seeds / file)), expected, extractor_de)
        print("\nheld out: " + figures.report(graph))
        assert figures.entity_recall > 0
