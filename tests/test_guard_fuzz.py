"""Property-based fuzzing of the query pre-check: any text passes or gets graphkit's own error.

`check_query`, `check_query_parsed` and `screen_query` run on every /sparql request before
anything else; whatever a client sends, they must answer with a `GraphkitError` (a syntax
error with its line and column) or let the text through, never raise anything else
(`RecursionError`, pyparsing's exceptions, `UnicodeError`…). Example counts are bounded by
the "guard-fuzz" profile so that CI stays fast.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graphkit.errors import GraphkitError, QueryError
from graphkit.guard import check_query, check_query_parsed, screen_query
from graphkit.query_limits import check_nesting

settings.register_profile(
    "guard-fuzz", max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
FUZZ = settings.get_profile("guard-fuzz")

TOKENS = [
    "SELECT", "ASK", "CONSTRUCT", "DESCRIBE", "WHERE", "PREFIX", "BASE", "INSERT", "DELETE", "DATA",
    "LOAD", "SERVICE", "FROM", "NAMED", "GRAPH", "OPTIONAL", "UNION", "MINUS", "FILTER", "BIND", "AS",
    "VALUES", "UNDEF", "REGEX", "ORDER", "BY", "LIMIT", "EXISTS", "NOT", "{", "}", "(", ")", "[", "]",
    "<<", ">>", "<<(", ")>>", ".", ";", ",", "*", "|", "/", "^", "!", "?", "+", "=", "<", ">", "&&",
    "?s", "?p", "?o", "$x", "e:", "e:x", ":", "a", "<http://e/>", "<http://e/a(b)>", '"s"', "'t'",
    '"""', "'''", '"\\"', "#", "#c\n", "\n", "\r", "\t", " ", "\\u007B", "\\u0022", "\\uD800", "\\U0010FFFF",
    "\\", "1", "1.5e3", "_:b", "@en", "^^", "\x00", "\ufeff", "\u017f",
]  # fmt: skip

texts = st.one_of(
    st.text(max_size=200),
    st.lists(st.sampled_from(TOKENS), max_size=40).map(" ".join),
    st.lists(st.sampled_from(TOKENS), max_size=40).map("".join),
    # Deep nesting of any bracket, with or without a word that forces rdflib's parse.
    st.tuples(
        st.sampled_from(["{", "(", "[", "<< ", "FILTER(", "{ SELECT * WHERE ", "?s ?p [ ?q "]),
        st.integers(min_value=0, max_value=400),
        st.sampled_from(["", " # from", " FROM <http://e/>"]),
    ).map(lambda t: "SELECT * WHERE " + t[0] * t[1] + "?s ?p ?o" + t[2]),
)


def _assert_graphkits_own(error: GraphkitError) -> None:
    assert error.status in (400, 403, 413), error
    if isinstance(error, QueryError) and error.message.startswith("SPARQL syntax error (line"):
        assert {"line", "column"} <= set(error.detail), error.detail


@FUZZ
@given(texts, st.booleans())
def test_the_precheck_passes_or_raises_graphkits_error(text: str, allow_update: bool) -> None:
    for check in (check_query, check_query_parsed):
        try:
            check(text, allow_update=allow_update)
        except GraphkitError as error:
            _assert_graphkits_own(error)
    try:
        screen_query(text)
    except GraphkitError as error:
        _assert_graphkits_own(error)


@FUZZ
@given(texts)
def test_a_text_the_screen_lets_through_is_within_the_nesting_limit(text: str) -> None:
    try:
        screened = screen_query(text)
    except GraphkitError:
        return
    if screened is not None:
        check_nesting(screened.text)  # raises if the screen missed a deep text


@pytest.mark.parametrize("depth", [33, 60, 1000, 100_000])
def test_no_depth_reaches_a_parser(depth: int) -> None:
    for text in ("SELECT * WHERE " + "{" * depth, "SELECT * WHERE { FILTER(" + "(" * depth + " # from"):
        with pytest.raises(QueryError, match="nested deeper than"):
            check_query(text)
