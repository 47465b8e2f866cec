"""The server's pages speak the page's language: every UI word from the table, `<html lang>` right,
a language switch in the header."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from graphkit import ui_text
from graphkit.ui_text import TEXT
from tests.test_ui_text import KEY

TEMPLATES = Path(ui_text.__file__).parent / "templates"
HTML = {"Accept": "text/html"}
# Page → the templates it is made of.
PAGES = {
    "/": ("index", "base", "macros"),
    "/id/bbwa": ("entity", "base", "macros"),
    "/search?q=biwaq": ("search", "base", "macros"),
    "/sparql": ("sparql", "base", "macros"),
    "/id/no-such-entity": ("error", "base", "macros"),
}


# Not the page's own words: scripts, styles, the sources' words (quotes, code names), and
# text marked as being in another language (the English citation, English error messages).
SKIPPED = ("script", "style", "q", "code")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class VisibleText(HTMLParser):
    """The page's own text a reader sees (and hears: placeholders, labels, titles)."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.html_lang: str | None = None
        self._open: list[tuple[str, bool]] = []  # open elements, and whether their text is skipped

    def _skipping(self) -> bool:
        return any(skip for _, skip in self._open)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "html":
            self.html_lang = found.get("lang")
            return
        other_language = bool(found.get("lang")) and found.get("lang") != self.html_lang
        skip = tag in SKIPPED or other_language
        if not (skip or self._skipping()):
            self.parts += [str(found[n]) for n in ("placeholder", "aria-label", "title") if found.get(n)]
        if tag not in VOID:
            self._open.append((tag, skip))

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self._open) - 1, -1, -1):
            if self._open[i][0] == tag:
                del self._open[i:]
                break

    def handle_data(self, data: str) -> None:
        if not self._skipping():
            self.parts.append(data)

    @property
    def text(self) -> str:
        return re.sub(r"\s+", " ", " ".join(self.parts))


def read(html: str) -> VisibleText:
    parser = VisibleText()
    parser.feed(html)
    return parser


def keys_of(templates: tuple[str, ...]) -> set[str]:
    """The table's keys the templates use; a key completed at run time stands for all it starts."""
    used: set[str] = set()
    for name in templates:
        for key in KEY.findall((TEMPLATES / f"{name}.html.j2").read_text(encoding="utf-8")):
            used |= {k for k in TEXT if k.startswith(key)} if key.endswith(".") else {key}
    return used


def english_patterns(keys: set[str]) -> dict[str, re.Pattern[str]]:
    """The English texts of `keys` that German says otherwise, as patterns: a placeholder
    stands for one word (`line {line}` finds "line 16")."""
    patterns = {}
    for key in sorted(keys):
        english = TEXT[key]["en"]
        if english == TEXT[key]["de"]:
            continue
        parts = [re.escape(p.strip()) for p in re.split(r"\{[^}]*\}", english)]
        body = r"\s*\S+\s*".join(parts).strip(r"\s*") if "{" in english else re.escape(english.strip(" ,."))
        patterns[key] = re.compile(r"(?<!\w)" + body + r"(?!\w)")
    return patterns


def english_left(text: str, keys: set[str]) -> list[str]:
    return [key for key, pattern in english_patterns(keys).items() if pattern.search(text)]


@pytest.mark.parametrize("path", list(PAGES))
def test_a_german_page_has_no_english_ui_word(api_client: Any, path: str) -> None:
    sep = "&" if "?" in path else "?"
    response = api_client.get(path + sep + "lang=de", headers=HTML)
    assert response.headers["content-type"].startswith("text/html")
    page = read(response.text)
    assert page.html_lang == "de"
    assert english_left(page.text, keys_of(PAGES[path])) == []
    assert TEXT["nav.graph"]["de"] in page.text


@pytest.mark.parametrize("path", list(PAGES))
def test_an_english_page_says_it_in_english(api_client: Any, path: str) -> None:
    sep = "&" if "?" in path else "?"
    page = read(api_client.get(path + sep + "lang=en", headers=HTML).text)
    assert page.html_lang == "en"
    assert TEXT["nav.graph"]["en"] in page.text and TEXT["pages.footer.sparql"]["en"] in page.text
    assert TEXT["pages.footer.sparql"]["de"] not in page.text


def test_the_german_entity_page_says_who_says_what_in_german(api_client: Any) -> None:
    text = read(api_client.get("/id/bbwa?lang=de", headers=HTML).text).text
    for key in ("pages.entity.statements", "pages.entity.property", "pages.entity.sources"):
        assert TEXT[key]["de"] in text
    assert re.search(r"Zeile \d+", text) and not re.search(r"\bline \d+", text)
    assert "erschlossen" in text  # a statement from an inferred graph


def test_the_header_switches_language_on_the_same_page(api_client: Any) -> None:
    html = api_client.get("/search?q=biwaq&lang=de", headers=HTML).text
    switch = re.search(r'<nav class="languages"[^>]*>(.*?)</nav>', html, re.S)
    assert switch
    links = dict(re.findall(r'<a href="([^"]+)" hreflang="(\w+)"', switch.group(1)))
    assert sorted(links.values()) == ["de", "en"]
    by_lang = {lang: href.replace("&amp;", "&") for href, lang in links.items()}
    assert by_lang["en"].startswith("?") and "q=biwaq" in by_lang["en"] and "lang=en" in by_lang["en"]
    assert "lang=de" in by_lang["de"]
    assert re.search(r'hreflang="de"[^>]*aria-current="true"', switch.group(1))
    assert not re.search(r'hreflang="en"[^>]*aria-current', switch.group(1))
    # Following the switch gives the English page.
    assert read(api_client.get("/search" + by_lang["en"], headers=HTML).text).html_lang == "en"


@pytest.mark.parametrize(
    ("headers", "cookies"),
    [({"Accept-Language": "de-DE,de;q=0.9,en;q=0.5"}, {}), ({}, {"gk_lang": "de"})],
    ids=["accept-language", "cookie"],
)
def test_a_page_without_lang_takes_the_remembered_or_preferred_language(
    api_client: Any, headers: dict[str, str], cookies: dict[str, str]
) -> None:
    api_client.cookies.clear()
    for name, value in cookies.items():
        api_client.cookies.set(name, value)
    try:
        for path in ("/", "/sparql", "/docs", "/id/no-such-entity"):
            page = read(api_client.get(path, headers={**HTML, **headers}).text)
            assert page.html_lang == "de", path
    finally:
        api_client.cookies.clear()


def test_the_api_docs_page_is_titled_in_its_language(api_client: Any) -> None:
    html = api_client.get("/docs?lang=de", headers=HTML).text
    assert f"<title>{TEXT['pages.docs.title']['de']}</title>" in html and '<html lang="de">' in html
