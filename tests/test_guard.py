"""The guard's screen: which texts skip rdflib's parse, and that none of them could reach out."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pyparsing import ParseException

from graphkit.errors import QueryError, QueryRefused
from graphkit.guard import check_query, screen_query
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
