"""The spaCy pipeline extraction runs on: a blank German or English one, nothing downloaded.

`build_nlp(lang)` returns ``spacy.blank(lang)`` with two changes to its tokenizer's rules
(a hyphen between letters splits a compound, ``BIWAQ-Programm`` → ``BIWAQ`` ``-``
``Programm``; a full stop after a four-digit year ends the token), the ``sentencizer``, and a
component that sets every token's ``norm_`` to a crude stem (lower case, German and English
inflection endings cut), so that a `PhraseMatcher` on ``NORM`` finds "des Bundesministeriums"
for the label "Bundesministerium" and "Europäischen Sozialfonds" for "Europäischer
Sozialfonds".
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from graphkit.errors import ConfigError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

#: Languages with a blank pipeline here.
LANGUAGES = ("de", "en")
#: What to install when spaCy is missing.
EXTRA_HINT = "graphkit extract needs spaCy: pip install 'graphkit[extract]'"

_ENDINGS = ("ern", "em", "en", "er", "es", "e", "n", "s")


def require_spacy() -> None:
    """Check that spaCy can be imported.

    Raises:
        ConfigError: it cannot (the message names the extra to install).
    """
    try:
        import spacy  # noqa: F401
    except ImportError:
        raise ConfigError(EXTRA_HINT) from None


def stem(word: str) -> str:
    """Return the crude stem a name's word is compared by: lower case without an inflection ending.

    Words of up to four letters stay whole (``Bau``, ``für``); longer ones lose one inflection
    ending (``Bundesministeriums`` → ``bundesministerium``, ``Europäischen`` → ``europäisch``).
    """
    lower = word.lower()
    if len(lower) <= 4 or not lower.isalpha():
        return lower
    for ending in _ENDINGS:
        if lower.endswith(ending) and len(lower) - len(ending) >= 4:
            return lower[: -len(ending)]
    return lower


def _set_stems(doc: Doc) -> Doc:
    for token in doc:
        token.norm_ = stem(token.text)
    return doc


@cache
def build_nlp(lang: str) -> Language:
    """Return the blank pipeline for `lang` (``de`` or ``en``), built once per process.

    Raises:
        ConfigError: spaCy is not installed, or `lang` has no pipeline here.
    """
    require_spacy()
    import spacy
    from spacy.language import Language
    from spacy.tokenizer import Tokenizer
    from spacy.util import compile_infix_regex, compile_suffix_regex

    if lang not in LANGUAGES:
        raise ConfigError(f"No extraction pipeline for language {lang!r}: use one of {', '.join(LANGUAGES)}.")
    if not Language.has_factory("graphkit_stems"):
        Language.component("graphkit_stems", func=_set_stems)
    nlp = spacy.blank(lang)
    tokenizer = nlp.tokenizer
    assert isinstance(tokenizer, Tokenizer)
    quotes = '"\u201c\u201d'  # " “ ”
    infixes = [
        *(nlp.Defaults.infixes or ()),
        rf"(?<=[\w{quotes}])-(?=[A-Za-zÄÖÜäöüß])",
        rf"(?<=\w)[{quotes}](?=-)",
    ]
    tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
    suffixes = [*(nlp.Defaults.suffixes or ()), r"(?<=\b[12][0-9]{3})\."]
    tokenizer.suffix_search = compile_suffix_regex(suffixes).search
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("graphkit_stems")
    return nlp
