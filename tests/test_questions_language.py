"""The competency questions in the page's language: each bundled query's header asks it in
English (first line) and in German (``# de: …``); the pages, the SPARQL editor and
`graphkit queries --lang` show the language asked for."""

from __future__ import annotations

import html
import json
import re
from typing import Any

import pytest
from typer.testing import CliRunner

from graphkit import bundled
from graphkit.cli import app
from graphkit.query import list_named_queries, read_questions

HTML = {"Accept": "text/html"}
ENGLISH = list_named_queries()
GERMAN = list_named_queries(lang="de")


def home_questions(page: str) -> tuple[str, list[str]]:
    """The opening tag of the home page's question list, and the questions in it."""
    found = re.search(r'(<ul class="queries"[^>]*>)(.*?)</ul>', page, re.S)
    assert found, "no question list on the home page"
    return found[1], [html.unescape(q) for q in re.findall(r"<a [^>]*>(.*?)</a>", found[2], re.S)]


def editor_questions(page: str) -> list[str]:
    """The questions on the SPARQL editor's example buttons."""
    return [
        html.unescape(q)
        for q in re.findall(r'<button type="button" class="example"[^>]*>(.*?)</button>', page, re.S)
    ]


@pytest.mark.parametrize("name", sorted(ENGLISH))
def test_every_bundled_query_asks_its_question_in_german_on_the_second_line(name: str) -> None:
    lines = (bundled.queries_dir() / f"{name}.rq").read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("# ") and not lines[0].startswith("# de:")
    assert lines[1].startswith("# de: ")
    german = GERMAN[name]
    assert german == lines[1].removeprefix("# de: ").strip()
    assert german != ENGLISH[name] and german.endswith("?")


def test_the_first_line_stays_the_english_question() -> None:
    for name, question in ENGLISH.items():
        first = (bundled.queries_dir() / f"{name}.rq").read_text(encoding="utf-8").splitlines()[0]
        assert first == f"# {question}"


def test_a_language_without_a_translation_falls_back_to_english() -> None:
    assert list_named_queries(lang="fr") == ENGLISH
    assert list_named_queries(lang="en") == ENGLISH


def test_read_questions_reads_only_the_leading_comment() -> None:
    text = (
        "# Which city?\n# de: Welche Stadt?\n# a note, not a question\n"
        "SELECT * WHERE { ?s ?p ?o }\n# fr: Quelle ville ?\n"
    )
    assert read_questions(text) == {"en": "Which city?", "de": "Welche Stadt?"}
    assert read_questions("# Which city?\nSELECT * WHERE { ?s ?p ?o }") == {"en": "Which city?"}
    assert read_questions("") == {}


def test_the_german_home_page_asks_the_german_questions(api_client: Any) -> None:
    opening, shown = home_questions(api_client.get("/?lang=de", headers=HTML).text)
    assert shown == list(GERMAN.values())
    assert "lang=" not in opening  # in the page's language, not marked as English


def test_the_english_home_page_asks_the_english_questions(api_client: Any) -> None:
    _, shown = home_questions(api_client.get("/?lang=en", headers=HTML).text)
    assert shown == list(ENGLISH.values())


def test_the_german_sparql_editor_offers_the_german_questions(api_client: Any) -> None:
    page = api_client.get("/sparql?lang=de", headers=HTML).text
    assert '<html lang="de">' in page
    assert editor_questions(page) == list(GERMAN.values())
    assert '<ul lang="en">' not in page


def test_the_english_sparql_editor_offers_the_english_questions(api_client: Any) -> None:
    page = api_client.get("/sparql?lang=en", headers=HTML).text
    assert editor_questions(page) == list(ENGLISH.values())
    assert not set(GERMAN.values()) & set(editor_questions(page))


def test_the_editor_loads_each_query_file_as_it_is(api_client: Any) -> None:
    page = api_client.get("/sparql?lang=de", headers=HTML).text
    found = re.search(r'<script type="application/json" id="examples">(.*?)</script>', page, re.S)
    assert found
    examples = {ex["name"]: ex for ex in json.loads(found[1])}
    for name in ENGLISH:
        assert examples[name]["query"] == (bundled.queries_dir() / f"{name}.rq").read_text(encoding="utf-8")
        assert examples[name]["question"] == GERMAN[name]


@pytest.mark.parametrize(("lang", "questions"), [("de", GERMAN), ("en", ENGLISH)])
def test_graphkit_queries_lists_the_questions_in_the_language_asked(
    lang: str, questions: dict[str, str]
) -> None:
    result = CliRunner().invoke(app, ["queries", "--lang", lang])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert [line.split(maxsplit=1)[0] for line in lines] == list(questions)
    assert [line.split(maxsplit=1)[1] for line in lines] == list(questions.values())
