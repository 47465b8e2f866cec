"""Malformed input in every format either loads or raises graphkit's own error naming the file.

Hypothesis mutates a small valid document of each format (truncates it, flips, inserts and
deletes bytes, repeats a slice, glues on random bytes), or gives random bytes, plain and
gzipped, and feeds it to the loader (`read_quads`, through the screen of
`graphkit.screen` and `graphkit.xml_screen`) and to the XML prolog screen alone. Nothing
but a `LoadError` may come out, and its message starts with the file name (and the line,
where it names one). A load into a real store of a mutated file leaves the store as it was
when it is refused. Example counts are bounded so the file runs in seconds.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graphkit.config import Settings
from graphkit.errors import LoadError, ValidationFailed
from graphkit.formats import RdfFormat
from graphkit.ingest import load_inputs
from graphkit.loader import Input, read_quads
from graphkit.screen import Limits
from graphkit.store import GraphStore, open_store
from graphkit.xml_screen import screen_prolog

EX = "http://example.org/"
SEEDS: dict[RdfFormat, bytes] = {
    RdfFormat.TURTLE: (
        f'@prefix ex: <{EX}> .\nex:a ex:p ex:b , "x"@en ;\n  ex:q [ ex:r ( 1 2.5 "y" ) ] .\n'
        f'ex:b ex:s """long\nstring""" .\n'
    ).encode(),
    RdfFormat.NTRIPLES: (
        f'<{EX}a> <{EX}p> <{EX}b> .\n<{EX}a> <{EX}q> "x\\n\\u00e9"@de .\n_:b <{EX}r> "1" .\n'
    ).encode(),
    RdfFormat.NQUADS: (f'<{EX}a> <{EX}p> <{EX}b> <{EX}g> .\n<{EX}a> <{EX}q> "x" .\n').encode(),
    RdfFormat.TRIG: (
        f'@prefix ex: <{EX}> .\nex:g {{ ex:a ex:p ex:b ; ex:q [ ex:r "z" ] . }}\nex:c ex:p ( ex:d ) .\n'
    ).encode(),
    RdfFormat.RDFXML: (
        b'<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [\n<!ENTITY ex "http://example.org/">\n]>\n'
        b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">\n'
        b'<rdf:Description rdf:about="&ex;a"><ex:p rdf:resource="&ex;b"/>'
        b'<ex:q xml:lang="en">x &amp; y</ex:q><ex:r rdf:parseType="Literal"><b>z</b></ex:r>'
        b"</rdf:Description>\n</rdf:RDF>\n"
    ),
    RdfFormat.JSONLD: (
        f'{{"@context": {{"ex": "{EX}"}},\n "@graph": [{{"@id": "ex:a", "ex:p": {{"@id": "ex:b"}},\n'
        ' "ex:q": [{"@value": "x", "@language": "en"}, 2]}]}\n'
    ).encode(),
}
NAMES = {
    RdfFormat.TURTLE: "fuzz.ttl",
    RdfFormat.NTRIPLES: "fuzz.nt",
    RdfFormat.NQUADS: "fuzz.nq",
    RdfFormat.TRIG: "fuzz.trig",
    RdfFormat.RDFXML: "fuzz.rdf",
    RdfFormat.JSONLD: "fuzz.jsonld",
}
#: Small limits, so the fuzzer reaches them too.
LIMITS = Limits(max_token_bytes=4096, max_file_bytes=1 << 20, max_gzip_ratio=100, max_nesting=16)
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

_INTERESTING = st.sampled_from(
    [b"<", b">", b"&", b";", b"\"", b"'", b"\"\"\"", b"(", b"[", b"{", b"}", b"<<", b">>", b"\\", b"\n",
     b"\xff", b"\x00", b"\xef\xbb\xbf", b"<!ENTITY a \"&b;\">", b"<!DOCTYPE x [", b"]>", b"&ex;", b"%p;",
     b"@prefix", b"\"@context\": \"http://127.0.0.1:9/\"", b"\\u0000", b"^^", b"@en", b"_:", b"."]
)  # fmt: skip


@st.composite
def mutated(draw: st.DrawFn, seed: bytes) -> bytes:
    """Return `seed` changed a few times (or random bytes, now and then)."""
    if draw(st.integers(0, 9)) == 0:
        return draw(st.binary(max_size=300))
    data = bytearray(seed)
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["truncate", "insert", "delete", "replace", "repeat", "append"]))
        at = draw(st.integers(0, len(data)))
        if kind == "truncate":
            del data[at:]
        elif kind == "insert":
            data[at:at] = draw(st.one_of(_INTERESTING, st.binary(min_size=1, max_size=8)))
        elif kind == "delete":
            del data[at : at + draw(st.integers(1, 8))]
        elif kind == "replace" and at < len(data):
            data[at] = draw(st.integers(0, 255))
        elif kind == "repeat":
            piece = bytes(data[at : at + draw(st.integers(1, 16))])
            data[at:at] = piece * draw(st.integers(1, 300))
        else:
            data += draw(st.binary(max_size=32))
    return bytes(data)


def _read(name: str, data: bytes, fmt: RdfFormat, *, gzipped: bool = False) -> None:
    """Read the bytes as the loader does; only a LoadError naming the file may come out."""
    source = Input(name, None, data, fmt, gzipped, EX + "graph", limits=LIMITS)
    try:
        for _quad in read_quads(source, track_subjects=True):
            pass
    except LoadError as error:
        assert error.message.startswith(name), error.message
        assert error.detail.get("path") == name or error.detail.get("parameter")
        line = error.detail.get("line")
        if line is not None:
            assert error.message.startswith(f"{name}:{line}"), error.message


@pytest.mark.parametrize("fmt", list(RdfFormat), ids=[f.value for f in RdfFormat])
def test_the_seed_documents_load(fmt: RdfFormat) -> None:
    source = Input(NAMES[fmt], None, SEEDS[fmt], fmt, False, EX + "graph", limits=LIMITS)
    assert list(read_quads(source))


@pytest.mark.parametrize("fmt", list(RdfFormat), ids=[f.value for f in RdfFormat])
def test_mutated_input_loads_or_raises_graphkits_error_with_the_file(fmt: RdfFormat) -> None:
    @FUZZ
    @given(mutated(SEEDS[fmt]))
    def check(data: bytes) -> None:
        _read(NAMES[fmt], data, fmt)

    check()


@pytest.mark.parametrize("fmt", [RdfFormat.TURTLE, RdfFormat.NQUADS, RdfFormat.RDFXML, RdfFormat.JSONLD])
def test_mutated_gzip_loads_or_raises_graphkits_error_with_the_file(fmt: RdfFormat) -> None:
    @FUZZ
    @given(st.data())
    def check(data: st.DataObject) -> None:
        packed = gzip.compress(data.draw(mutated(SEEDS[fmt])))
        if data.draw(st.booleans()):
            packed = data.draw(mutated(packed))  # broken gzip: truncated, flipped, glued
        _read(NAMES[fmt] + ".gz", packed, fmt, gzipped=True)

    check()


@FUZZ
@given(mutated(SEEDS[RdfFormat.RDFXML]), st.booleans())
def test_the_xml_prolog_screen_returns_or_raises_graphkits_error(data: bytes, complete: bool) -> None:
    try:
        prolog = screen_prolog(data, "fuzz.rdf", complete=complete)
    except LoadError as error:
        assert error.message.startswith("fuzz.rdf"), error.message
        return
    if prolog is not None:
        assert b"<!DOCTYPE" not in prolog.text  # the parser never sees a DOCTYPE
        assert all(b"&" not in value and b"<" not in value for value in prolog.entities.values())


@pytest.fixture(scope="module")
def kept_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GraphStore]:
    store = open_store(Settings(store=tmp_path_factory.mktemp("fuzz") / "store"))
    seed = Input("kept.nt", None, SEEDS[RdfFormat.NTRIPLES], RdfFormat.NTRIPLES, False, EX + "kept")
    load_inputs(store, [seed], validate=False)
    yield store
    store.close()


def test_a_refused_mutated_load_leaves_the_store_as_it_was(kept_store: GraphStore) -> None:
    @settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.sampled_from(list(RdfFormat)), st.data())
    def check(fmt: RdfFormat, data: st.DataObject) -> None:
        body = data.draw(mutated(SEEDS[fmt]))
        source = Input(NAMES[fmt], None, body, fmt, False, EX + "fuzzed", limits=LIMITS)
        before = kept_store.dump_nquads()
        try:
            load_inputs(kept_store, [source], validate=False)
        except (LoadError, ValidationFailed) as error:
            assert error.message.startswith(NAMES[fmt]) or isinstance(error, ValidationFailed)
            assert kept_store.dump_nquads() == before
        else:  # it loaded: take it out again, so the next example starts from the same store
            from graphkit.ingest import drop_graphs

            drop_graphs(kept_store, sorted(set(source.stats.quads)))

    check()


WIDE: dict[RdfFormat, bytes] = {
    RdfFormat.JSONLD: (
        b'{"@context": {"ex": "http://example.org/"}, "@graph": [\n'
        + b",\n".join(b'{"@id": "ex:a%d", "ex:p": [{"@value": "x"}]}' % i for i in range(3000))
        + b"\n]}\n"
    ),
    RdfFormat.TURTLE: b"@prefix ex: <http://example.org/> .\n"
    + b"".join(b"ex:a%d ex:p [ ex:q ( 1 2 ) ] .\n" % i for i in range(3000)),
    RdfFormat.RDFXML: (
        b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">\n'
        + b"".join(
            b'<rdf:Description rdf:about="http://example.org/a%d"><ex:p>x</ex:p></rdf:Description>\n' % i
            for i in range(3000)
        )
        + b"</rdf:RDF>\n"
    ),
}


@pytest.mark.parametrize("fmt", list(WIDE), ids=[f.value for f in WIDE])
def test_wide_shallow_documents_load_under_a_low_nesting_limit(fmt: RdfFormat) -> None:
    """Many brackets per chunk (the bracket-by-bracket scan) but never deep: nothing is refused."""
    source = Input(NAMES[fmt], None, WIDE[fmt], fmt, False, EX + "graph", limits=Limits(max_nesting=8))
    assert sum(1 for _ in read_quads(source)) >= 3000
