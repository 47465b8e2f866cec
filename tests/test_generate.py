"""The synthetic data generator: deterministic, sized, streamed, the same in both formats,
valid as curated data, and skewed like a real network."""

from __future__ import annotations

import io
import statistics
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest

from graphkit import bundled
from graphkit.generate import GenerateFormat, generate_dataset
from graphkit.ingest import check_files
from graphkit.namespaces import GK, ID, RDF, RDFS

SYNTAX = {GenerateFormat.NQUADS: ox.RdfFormat.N_QUADS, GenerateFormat.TRIG: ox.RdfFormat.TRIG}
TYPE, LABEL = ox.NamedNode(RDF + "type"), ox.NamedNode(RDFS + "label")


def generate(triples: int, *, seed: int = 1, fmt: GenerateFormat = GenerateFormat.NQUADS) -> bytes:
    out = io.BytesIO()
    generate_dataset(out, triples=triples, seed=seed, fmt=fmt)
    return out.getvalue()


def parse(data: bytes, fmt: GenerateFormat = GenerateFormat.NQUADS) -> list[ox.Quad]:
    return list(ox.parse(data, format=SYNTAX[fmt]))


@pytest.fixture(scope="module")
def quads() -> list[ox.Quad]:
    """10,000 quads of seed 1, as N-Quads."""
    return parse(generate(10_000))


def test_same_seed_gives_the_same_bytes() -> None:
    for fmt in GenerateFormat:
        first = generate(10_000, seed=3, fmt=fmt)
        assert generate(10_000, seed=3, fmt=fmt) == first
        assert generate(10_000, seed=4, fmt=fmt) != first


@pytest.mark.parametrize("triples", [10_000, 50_000])
def test_size_is_within_one_percent(triples: int) -> None:
    out = io.BytesIO()
    report = generate_dataset(out, triples=triples)
    written = parse(out.getvalue())
    assert abs(len(written) - triples) <= triples / 100
    assert len(set(written)) == len(written), "no quad is written twice"
    assert report.triples == len(written)
    assert report.bytes == len(out.getvalue())
    assert report.graphs == len({q.graph_name for q in written})
    assert report.entities == sum(1 for q in written if q.predicate == TYPE)


def test_nquads_and_trig_hold_the_same_quads() -> None:
    nquads = parse(generate(10_000))
    trig = parse(generate(10_000, fmt=GenerateFormat.TRIG), GenerateFormat.TRIG)
    assert set(trig) == set(nquads)
    assert len(trig) == len(nquads)


class _Writes(io.BytesIO):
    """Records the size of every write."""

    def __init__(self) -> None:
        super().__init__()
        self.sizes: list[int] = []

    def write(self, data: bytes) -> int:  # type: ignore[override]
        self.sizes.append(len(data))
        return super().write(data)


def test_output_is_written_one_graph_at_a_time() -> None:
    out = _Writes()
    report = generate_dataset(out, triples=50_000)
    assert len([s for s in out.sizes if s]) == report.graphs
    assert max(out.sizes) < 1_000_000, "no write holds more than one graph of a few thousand quads"


def test_every_graph_names_its_source_document(quads: list[ox.Quad]) -> None:
    source, certainty = ox.NamedNode(GK + "source"), ox.NamedNode(GK + "certainty")
    documents = {
        q.subject for q in quads if q.predicate == TYPE and q.object == ox.NamedNode(GK + "SourceDocument")
    }
    graphs = {q.graph_name for q in quads}
    sourced = {q.graph_name for q in quads if q.subject == q.graph_name and q.predicate == source}
    assert sourced == graphs
    assert {q.object for q in quads if q.predicate == source} <= documents
    assert {q.object for q in quads if q.predicate == certainty} == {ox.Literal("stated")}


def test_every_entity_has_one_label_per_language(quads: list[ox.Quad]) -> None:
    typed = {q.subject for q in quads if q.predicate == TYPE}
    labels = Counter(
        (q.subject, q.object.language)
        for q in quads
        if q.predicate == LABEL and isinstance(q.object, ox.Literal)
    )
    assert all(labels[(entity, lang)] == 1 for entity in typed for lang in ("de", "en"))
    assert set(labels.values()) == {1}


def test_degrees_are_skewed(quads: list[ox.Quad]) -> None:
    """Links between entities: a few hubs, most entities with a few links."""
    degree: Counter[str] = Counter()
    for q in quads:
        ends = [
            e.value for e in (q.subject, q.object) if isinstance(e, ox.NamedNode) and e.value.startswith(ID)
        ]
        if q.predicate != TYPE and len(ends) == 2:
            degree.update(ends)
    assert max(degree.values()) >= 20 * statistics.median(degree.values())


def test_too_few_triples_are_refused() -> None:
    with pytest.raises(ValueError, match="at least 5000"):
        generate_dataset(io.BytesIO(), triples=100)


@pytest.mark.slow
def test_generated_data_passes_validation_as_curated_data(tmp_path: Path) -> None:
    path = tmp_path / "synthetic.trig"
    path.write_bytes(generate(10_000, fmt=GenerateFormat.TRIG))
    _inputs, violations = check_files(None, [bundled.ontology_file(), path], curated=True)
    assert [v.describe() for v in violations] == []
