"""The content language of an answer: asked for, remembered, or preferred by the client.

Labels come in the languages of `graphkit.labelling.LANGUAGES` (English and German). An
explicit choice wins, then the choice a page remembered (a cookie), then the best language
of an HTTP `Accept-Language` header (q-values honoured, ``de-DE`` counts as ``de``), else
English.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from graphkit.labelling import LANGUAGES

if TYPE_CHECKING:
    from graphkit.projection import Projection

#: The cookie a page remembers its language in.
LANG_COOKIE = "gk_lang"
DEFAULT = "en"


def ranked(header: str | None) -> list[tuple[str, float]]:
    """Return the values of an HTTP `Accept`-style header with their q-values, best first.

    Values are lower-cased; empty ones, ``q=0`` and malformed q-values (read as 0) are left
    out; equal q-values keep the header's order. `Accept` (media ranges, see
    `graphkit.api.negotiation`) and `Accept-Language` share this grammar.
    """
    found: list[tuple[str, float, int]] = []
    for index, part in enumerate((header or "").split(",")):
        fields = [f.strip() for f in part.split(";")]
        value = fields[0].lower()
        quality = 1.0
        for param in fields[1:]:
            if param.lower().startswith("q="):
                try:
                    quality = float(param[2:])
                except ValueError:
                    quality = 0.0
        if value and quality > 0:
            found.append((value, quality, index))
    found.sort(key=lambda item: (-item[1], item[2]))
    return [(value, quality) for value, quality, _ in found]


def parse_accept_language(header: str | None) -> list[str]:
    """Return the languages of an `Accept-Language` header we have labels in, best first.

    Each range counts by its primary tag (``de-DE`` → ``de``); ``*`` stands for English.
    Ranges with ``q=0`` and malformed q-values are left out; equal q-values keep the header's order.
    """
    tags = (value.split("-")[0] for value, _ in ranked(header))
    return list(dict.fromkeys(DEFAULT if tag == "*" else tag for tag in tags if tag in (*LANGUAGES, "*")))


def content_language(asked: str | None, *, cookie: str | None = None, accept: str | None = None) -> str:
    """Return the language to answer in: `asked`, else `cookie`, else the best of `accept`, else en.

    A cookie or header value we have no labels for is passed over (a bad explicit `asked`
    value is the caller's to refuse).
    """
    if asked:
        return asked
    if cookie and cookie.strip().lower() in LANGUAGES:
        return cookie.strip().lower()
    preferred = parse_accept_language(accept)
    return preferred[0] if preferred else DEFAULT


def in_languages(projection: Projection, iri: str) -> dict[str, str]:
    """Return the label of any IRI (a class, a property) in each language of labels."""
    return {lang: projection.label(iri, lang) for lang in LANGUAGES}


__all__ = ["DEFAULT", "LANG_COOKIE", "content_language", "in_languages", "parse_accept_language"]
