"""Participant, country and other counts with their qualifiers ("etwa 160", "more than 20").

``fast 200 Teilnehmende aus 22 Ländern`` gives two counts: 200 participants (qualifier
gk:almost) and 22 countries. A count is a number — digits or a number word (``zwölf``,
``twelve``) — followed, after at most two adjectives, by the noun it counts; the noun gives the
graphkit property where it is a known one (participants → gk:participantCount, countries →
gk:numberOfCountries, cities → gk:numberOfCities). ``dreiteilig`` ("in three parts") is
gk:numberOfParts 3.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from graphkit.namespaces import GK

#: Qualifier words → the ontology's value qualifiers (longest first when matching).
QUALIFIERS = {
    "etwa": "about", "rund": "about", "ca.": "about", "circa": "about", "ungefähr": "about",
    "about": "about", "around": "about", "approximately": "about", "some": "about", "roughly": "about",
    "fast": "almost", "knapp": "almost", "beinahe": "almost", "nahezu": "almost", "nearly": "almost",
    "almost": "almost", "mehr als": "moreThan", "über": "moreThan", "weit über": "moreThan",
    "more than": "moreThan", "over": "moreThan", "mindestens": "atLeast", "at least": "atLeast",
    "bis zu": "upTo", "up to": "upTo", "weniger als": "lessThan", "less than": "lessThan",
    "fewer than": "lessThan",
}  # fmt: skip
NUMBER_WORDS = {
    "ein": 1, "eine": 1, "einen": 1, "zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "sechs": 6,
    "sieben": 7, "acht": 8, "neun": 9, "zehn": 10, "elf": 11, "zwölf": 12, "zwanzig": 20,
    "dreißig": 30, "hundert": 100, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "twenty": 20, "thirty": 30, "hundred": 100,
}  # fmt: skip
#: Noun stems → the property a count of them is.
NOUNS = (
    (r"teilnehm|participant|attendee|besucher|gäste|guests|delegate|vertreter", GK + "participantCount"),
    (r"länder|country|countries|staaten", GK + "numberOfCountries"),
    (r"städte|cities|kommunen|municipalit", GK + "numberOfCities"),
)

_QUALIFIER = "|".join(re.escape(q) for q in sorted(QUALIFIERS, key=len, reverse=True))
_WORDS = "|".join(
    sorted((w for w in NUMBER_WORDS if len(w) > 3 and not w.startswith("ein")), key=len, reverse=True)
)
_COUNT = re.compile(
    rf"(?:(?P<all>\b(?i:alle|all)\b)\s+|(?P<qualifier>(?<!\w)(?i:{_QUALIFIER}))\s+)?"
    rf"(?P<number>(?<![:\d.,-])(?:\b\d{{1,3}}(?:[.,]\d{{3}})+\b|\b\d+\b(?![.:]\d)(?!\.\s)|\b(?i:{_WORDS})\b))"
    r"(?:(?:\s+[a-zäöüß][\w-]*){0,2}\s+(?P<noun>[A-ZÄÖÜ][\w*/-]*)|\s+(?P<enoun>[a-z][\w-]*))"
)
_PARTS = re.compile(
    r"\b(?P<word>" + _WORDS.replace("|", "|") + r"|zwei|drei|vier|fünf|sechs)teilig\w*", re.IGNORECASE
)
_MONTHS_OR_UNITS = re.compile(
    r"(januar|februar|märz|april|mai|juni|juli|august|september|oktober|november|dezember|january|february|"
    r"march|may|june|july|october|december|uhr|prozent|percent|euro|eur|mio|millionen|million|jahre?n?|years?|"
    r"bis|to|und|and|stunden?|hours?|minuten|minutes|tage?n?|days?|wochen|weeks?)$",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class CountFound:
    """A count found in a text.

    Attributes:
        start: offset of its first character (the qualifier's, if there is one).
        end: offset after the noun counted.
        text: the words as written ("fast 200 Teilnehmende").
        value: the number.
        qualifier: gk:about, gk:almost, gk:moreThan… or None for an exact number.
        noun: the word counted.
        predicate: the graphkit property a count of that noun is, if known.
        rule: ``number-noun`` or ``parts-adjective``.
    """

    start: int
    end: int
    text: str
    value: int
    qualifier: str | None
    noun: str
    predicate: str | None
    rule: str


def find_counts(text: str) -> list[CountFound]:
    """Return the counts in `text`, in order."""
    found: list[CountFound] = []
    for match in _COUNT.finditer(text):
        raw, noun = match.group("number"), match.group("noun") or match.group("enoun")
        if _MONTHS_OR_UNITS.match(noun) or (
            re.fullmatch(r"(19|20)\d\d", raw) and not match.group("qualifier")
        ):
            continue
        if raw.isdigit() or re.fullmatch(r"\d{1,3}(?:[.,]\d{3})+", raw):
            value = int(re.sub(r"[.,]", "", raw))
        else:
            value = NUMBER_WORDS[raw.lower()]
            if not (noun[:1].isupper() or noun.lower() in {"cities", "countries", "participants"}):
                continue
        qualifier = match.group("qualifier")
        predicate = next((p for stem, p in NOUNS if re.match(stem, noun, re.IGNORECASE)), None)
        found.append(
            CountFound(
                match.start(),
                match.end(),
                match.group(0),
                value,
                GK + QUALIFIERS[qualifier.lower()] if qualifier else None,
                noun,
                predicate,
                "number-noun",
            )
        )
    for match in _PARTS.finditer(text):
        found.append(
            CountFound(
                match.start(), match.end(), match.group(0), NUMBER_WORDS[match.group("word").lower()],
                None, match.group(0), GK + "numberOfParts", "parts-adjective",
            )
        )  # fmt: skip
    return sorted(found, key=lambda c: c.start)
