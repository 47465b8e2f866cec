"""Text as search compares it: case- and diacritics-folded words."""

from __future__ import annotations

import re
import unicodedata

WORD = re.compile(r"\w+")


def fold(text: str) -> str:
    """Return `text` case- and diacritics-folded for matching (``Bündnisse`` → ``bundnisse``)."""
    if text.isascii():  # nothing to decompose: most labels, and the fast path of the label index
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.casefold().replace("ß", "ss"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    """Return the folded words of `text`."""
    return WORD.findall(fold(text))
