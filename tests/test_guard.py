"""The guard's screen: which texts skip rdflib's parse, and that none of them could reach out."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pyparsing import ParseException

from graphkit.errors import QueryError, QueryRefused
from graphkit.guard import check_query, check_query_parsed, screen_data_update, screen_query
from graphkit.sparql_grammar import parse_query, parse_update

SCREENED = [
    "SELECT ?p ?o WHERE { <https://w3id.org/graphkit/id/berlin> ?p ?o }",
    "ask { ?s ?p ?o }",
    "PREFIX gk: <https://w3id.org/graphkit/ontology#>\n# a comment\nBASE <http://e/>\n"
    "CONSTRUCT WHERE { ?s a gk:City }",
    "PREFIX : <http://e/>DESCRIBE :x",
    "  \n\t# only a comment first\nSELECT * {}",
    "SELECT ?x WHERE { ?x ?p }",  # not SPARQL: the store's parser says so, then rdflib
    # The prologue holds no keyword, whatever its comments and IRIs say.
    "# Which services load data from where?\nPREFIX load: <http://e/service/from#>\nSELECT * { ?s ?p ?o }",
]

#: Texts the screen must leave to the parser: the words anywhere, in any case or disguise.
PARSED = [
    "SELECT * WHERE { SERVICE <http://e/sparql> { ?s ?p ?o } }",
    'SELECT ?x WHERE { BIND("service" AS ?x) }',
    "SELECT * WHERE { ?s <http://e/Loaded> ?o }",
    "SELECT * WHERE { ?s ?p ?o } # from here on",
    "PREFIX from: <http://e/> SELECT * WHERE { ?s from:x ?o }",
    "PREFIX e: <http://e/> SELECTFROM <http://e/g> WHERE { ?s ?p ?o }",
    "PREFIX # a comment between\n e: <http://e/> SELECT * WHERE { ?s ?p ?o }",
    "PREFIX ex: <http://e/> SELECT * WHERE { ?s ex:fromDate ?o }",
    "SELECT * WHERE { SERV\\u0049CE <http://e/> { ?s ?p ?o } }",
    "SELECT * WHERE { \u017fERVICE <http://e/> { ?s ?p ?o } }",  # the long s upper-cases to S
    "SELECT * WHERE { SERV\u0131CE <http://e/> { ?s ?p ?o } }",  # the dotless i upper-cases to I
    "SELECT * FROM <http://e/g> WHERE { ?s ?p ?o }",
    "INSERT DATA { GRAPH <http://g> { <http://a> <http://b> <http://c> } }",
    "PREFIX e: <http://e/> CLEAR ALL",
    "WITH <http://g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "PREFIX ex: <http://e/>",
    "",
]


@pytest.mark.parametrize("text", SCREENED)
def test_a_query_that_cannot_reach_out_is_screened(text: str) -> None:
    checked = check_query(text)
    assert (checked.operation, checked.parsed, checked.dataset) == ("query", False, ())
    assert screen_query(text) == checked


@pytest.mark.parametrize("text", PARSED)
def test_anything_else_is_parsed(text: str) -> None:
    assert screen_query(text) is None
    try:
        checked = check_query(text)
    except (QueryError, QueryRefused):
        return
    assert checked.parsed


def test_updates_are_never_screened() -> None:
    checked = check_query("SELECT * WHERE { ?s ?p ?o }", allow_update=True)
    assert checked.parsed and checked.operation == "query"


# --- the screen against rdflib's parse, on generated texts --------------------------------

TOKENS = [
    "SELECT", "select", "ASK", "CONSTRUCT", "DESCRIBE", "WHERE", "PREFIX", "BASE", "INSERT", "DATA",
    "DELETE", "WITH", "GRAPH", "CLEAR", "ALL", "SERVICE", "SeRvIcE", "LOAD", "FROM", "NAMED", "\u017fervice",
    "SERV\\u0049CE", "LO\\u0041D", "{", "}", "(", ")", ".", ";", ",", "*", "?s", "?p", "?o", "?service",
    "e:", "e:x", ":", "<http://e/>", "<http://e/x>", "<", ">", '"', "'", '"s"', "'''", "#", "\n", "\r", " ",
    "\\", "a", "1", "_:b", "@en", "^^", "VALUES", "UNDEF", "FILTER", "EXISTS", "OPTIONAL", "UNION",
]  # fmt: skip


def _reaches_out(text: str) -> bool | None:
    """What rdflib reads in `text`: SERVICE, LOAD, FROM or an update (True), none (False), nothing (None)."""
    for parse in (parse_query, parse_update):
        try:
            tree = parse(text)
        except ParseException:
            continue
        found = repr(tree)
        return parse is parse_update or any(
            name in found for name in ("ServiceGraphPattern", "Load", "DatasetClause")
        )
    return None


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(TOKENS), min_size=1, max_size=14))
def test_a_screened_text_never_reaches_out(tokens: list[str]) -> None:
    text = " ".join(tokens)
    try:
        screened = screen_query(text)
    except QueryError:  # an invalid \\u escape
        return
    if screened is not None:
        assert _reaches_out(screened.text) is not True


# --- limits checked before any parser runs (issue 11, findings 2 to 4) ---------------------

DEEP = "SELECT * WHERE " + "{" * 60 + "?s ?p ?o" + "}" * 60  # 145 bytes: was a 500 (RecursionError)


@pytest.mark.parametrize("reach_out", ["", " # from"])
def test_a_query_nested_60_braces_deep_is_refused_naming_the_limit(reach_out: str) -> None:
    from graphkit.query_limits import MAX_DEPTH

    for check in (check_query, check_query_parsed, screen_query):
        with pytest.raises(QueryError, match=f"nested deeper than {MAX_DEPTH}") as refused:
            check(DEEP + reach_out)
        assert refused.value.detail["limit"] == MAX_DEPTH


@pytest.mark.parametrize(
    "text",
    [
        "SELECT * WHERE { FILTER(" + "(" * 40 + "1" + ")" * 40 + ") }",
        "SELECT * WHERE { ?s ?p " + "[ ?p " * 40 + "1" + " ]" * 40 + " }",
        "SELECT * WHERE { " + "<< " * 40 + ">> " * 40 + "}",
        # Brackets hidden where an IRI could start: a parser may read `<` as less-than.
        "SELECT * WHERE { FILTER(?a <" + "(" * 40 + "?b" + ")" * 40 + "> 3) }",
        # \u escapes are expanded before the count (as both parsers do).
        "SELECT * WHERE " + "\\u007B" * 40 + "?s ?p ?o" + "}" * 40,
    ],
)
def test_deep_nesting_of_every_kind_is_refused(text: str) -> None:
    with pytest.raises(QueryError, match="nested deeper than"):
        check_query(text + " # from")


@pytest.mark.parametrize(
    "text",
    [
        'SELECT * WHERE { ?s ?p ?o FILTER(REGEX(?o, "' + "(" * 100 + '")) }',  # in a string
        "SELECT * WHERE { ?s ?p ?o } # " + "{" * 100,  # in a comment
        "SELECT * WHERE { " + " ".join(f"<http://e/a_({i})>" for i in range(100)) + " }",  # IRIs
        "SELECT * WHERE { FILTER(" + "(" * 30 + "1" + ")" * 30 + ") }",  # at the limit
    ],
)
def test_brackets_that_do_not_nest_are_not_counted(text: str) -> None:
    from graphkit.query_limits import MAX_DEPTH, nesting_depth

    assert nesting_depth(text) <= MAX_DEPTH
    check_query(text)  # a syntax error would be a QueryError too; these texts are valid or screened


def test_the_deepest_allowed_query_parses_with_rdflib_without_recursion_error() -> None:
    from graphkit.query_limits import MAX_DEPTH

    depth = MAX_DEPTH - 2  # inside the WHERE braces and FILTER's own parenthesis
    text = "SELECT * WHERE { FILTER(" + "(" * depth + "1" + ")" * depth + ") } # from"
    assert check_query(text).parsed


def test_rdflib_recursion_is_graphkits_error() -> None:
    import sys

    from graphkit.sparql_grammar import parse_query

    deep = "SELECT * WHERE { FILTER(" + "(" * 2000 + "1" + ")" * 2000 + ") }"
    before = sys.getrecursionlimit()
    with pytest.raises(QueryError, match="nested too deeply"):
        parse_query(deep)
    assert sys.getrecursionlimit() == before


def test_nesting_is_measured_in_linear_time() -> None:
    import time

    from graphkit.query_limits import nesting_depth

    texts = [
        "(" * 500_000 + ")" * 500_000,
        "SELECT * WHERE { VALUES (?a ?b) { " + "(1 2) " * 150_000 + "} }",
        "SELECT * WHERE { VALUES ?a { " + '"x" ' * 250_000 + "} }",
    ]
    for text in texts:
        started = time.process_time()
        nesting_depth(text)
        assert time.process_time() - started < 5, len(text)  # ~0.5 s on a 2-core CI box


def test_the_size_limit_counts_utf8_bytes_and_names_its_setting() -> None:
    from graphkit.errors import TooLarge
    from graphkit.query_limits import check_size

    check_size("ä" * 50, limit=100)
    with pytest.raises(TooLarge, match="GRAPHKIT_MAX_QUERY_BYTES") as refused:
        check_size("ä" * 51, limit=100)
    assert refused.value.status == 413
    assert refused.value.detail == {"setting": "GRAPHKIT_MAX_QUERY_BYTES", "limit": 100}


def test_only_short_texts_are_cached() -> None:
    from graphkit.guard import CACHED_CHARS

    short = "SELECT * WHERE { ?s ?p ?o } # from"
    assert check_query(short) is check_query(short)
    long = "SELECT * WHERE { ?s ?p ?o } # from" + " " * CACHED_CHARS
    assert check_query(long) is not check_query(long)


# --- data-only updates: recognised on their skeleton, not parsed ------------------------------


def test_a_whole_graph_update_is_screened_with_the_graphs_it_writes() -> None:
    text = (
        "DROP SILENT GRAPH <http://a/g> ;\nDROP SILENT GRAPH <http://a/h> ;\nINSERT DATA {\n"
        'GRAPH <http://a/g> {\n<http://x> <http://p> "a } { LOAD <http://evil> # not a comment"@de .\n'
        '_:b <http://p> """many\nlines { }""" .\n}\n}'
    )
    checked = screen_data_update(text)
    assert checked is not None and checked.parsed is False and checked.operation == "update"
    assert checked.graphs == frozenset({"http://a/g", "http://a/h"})


@pytest.mark.parametrize(
    "text",
    [
        "INSERT DATA { <http://x> <http://p> 1 }",  # the default graph: the parser refuses it
        "LOAD <http://x> INTO GRAPH <http://g>",
        "INSERT DATA { GRAPH <http://g> { <http://a> <http://b> <http://c> } } ; DELETE WHERE { ?s ?p ?o }",
        "INSERT { GRAPH <http://g> { ?s ?p ?o } } WHERE { SERVICE <http://x> { ?s ?p ?o } }",
        "INSERT DATA { GRAPH <http://g> { <http://a> <http://b> <http://c> } <http://a> <http://b> 1 }",
        "SELECT * { ?s ?p ?o }",
    ],
)
def test_anything_else_goes_to_the_parser(text: str) -> None:
    assert screen_data_update(text) is None


def test_a_default_graph_write_is_still_refused() -> None:
    with pytest.raises(QueryRefused):
        check_query("INSERT DATA { <http://x> <http://p> 1 }", allow_update=True)
