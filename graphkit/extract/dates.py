"""Dates and periods in German and English, normalised to ISO 8601 / EDTF with their precision.

``vom 11. November bis zum 10. Dezember 2020`` → ``2020-11-11/2020-12-10`` (day);
``15. bis 17. November`` → ``2021-11-15/2021-11-17`` when the document's year is 2021 (the
year is then marked as inferred); ``2019 bis 2022``, ``2021-2027`` → ``2019/2022`` (year);
``Herbst 2021`` → ``2021-23`` (season, EDTF level 1); ``am 11. November 2020``,
``25.03.2021`` → ``2020-11-11``; ``November 2021`` → ``2021-11`` (month); ``seit 2008`` →
``2008/..`` (an open end). English: ``from 15 to 17 November 2021``, ``15-17 November 2021``,
``November 15, 2021``, ``autumn 2021``, ``since 2008``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

MONTHS = {
    "januar": 1, "jänner": 1, "februar": 2, "märz": 3, "april": 4, "mai": 5, "juni": 6, "juli": 7,
    "august": 8, "september": 9, "oktober": 10, "november": 11, "dezember": 12,
    "january": 1, "february": 2, "march": 3, "may": 5, "june": 6, "july": 7, "october": 10,
    "december": 12,
}  # fmt: skip
#: EDTF level-1 season codes.
SEASONS = {
    "frühjahr": 21, "frühling": 21, "spring": 21, "sommer": 22, "summer": 22, "herbst": 23,
    "autumn": 23, "fall": 23, "winter": 24,
}  # fmt: skip

_M = "(?P<{}>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + ")"
_Y = r"(?P<{}>(?:1[89]|20)\d\d)"
_D = r"(?P<{}>[0-3]?\d)"
_DASH = r"\s*[-–]\s*"  # noqa: RUF001
_TO = r"(?:\s+bis(?:\s+(?:zum|zur|einschließlich))?\s+|\s+to\s+|\s+until\s+|\s+till\s+|" + _DASH + ")"


def _p(template: str) -> re.Pattern[str]:
    """Compile a rule written with {D1} {M1} {Y1} {D2} {M2} {Y2} for named day, month and year groups."""
    parts = {"D": _D, "M": _M, "Y": _Y}
    pattern = re.sub(
        r"\{(D|M|Y)(\d)\}", lambda m: parts[m.group(1)].format(m.group(1).lower() + m.group(2)), template
    )
    return re.compile(pattern, re.IGNORECASE)


#: (rule, pattern), most specific first: a span taken by one is not read again by a later one.
RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "day-range",
        _p(
            r"\b(?:vom\s+|from\s+)?{D1}\.?\s*(?:{M1}\s*)?(?:{Y1}\s*)?"
            + _TO
            + r"{D2}\.?\s*{M2}(?:,?\s*{Y2})?\b"
        ),
    ),
    ("iso-date", _p(r"\b{Y1}-(?P<mm>[01]\d)-(?P<dd>[0-3]\d)\b")),
    ("numeric-date", _p(r"\b{D1}\.(?P<mm>[01]?\d)\.{Y1}\b")),
    ("day", _p(r"\b(?:am\s+|on\s+)?{D1}\.?\s+{M1}(?:,?\s+{Y1})?\b")),
    ("month-day", _p(r"\b{M1}\s+{D1}(?:st|nd|rd|th)?,\s*{Y1}\b")),
    ("month-range", _p(r"\b{M1}" + _TO + r"{M2}\s+{Y1}\b")),
    ("year-range", _p(r"\b(?:von\s+|from\s+)?{Y1}" + _TO + r"{Y2}\b")),
    ("month", _p(r"\b{M1}\s+{Y1}\b")),
    (
        "season",
        re.compile(r"\b(?P<season>" + "|".join(SEASONS) + r")\s+(?P<y1>(?:1[89]|20)\d\d)\b", re.IGNORECASE),
    ),
    (
        "since",
        re.compile(r"\b(?P<word>seit|since|ab)\s+(?P<y1>(?:1[89]|20)\d\d)\b(?!\s*[-–])", re.IGNORECASE),  # noqa: RUF001
    ),
)


@dataclass(frozen=True, slots=True)
class DateFound:
    """A date or period found in a text.

    Attributes:
        start: offset of its first character in the text searched.
        end: offset after its last.
        text: the words as written.
        value: ISO 8601 / EDTF (``2020-11-11``, ``2020-11-11/2020-12-10``, ``2021-23``, ``2008/..``).
        begin: the first day, month or year (ISO), if there is one.
        until: the last day, month or year (ISO), if there is one.
        precision: ``day``, ``month``, ``season`` or ``year``.
        rule: the rule that found it.
        year_inferred: the year is not written: it is the document's.
    """

    start: int
    end: int
    text: str
    value: str
    begin: str | None
    until: str | None
    precision: str
    rule: str
    year_inferred: bool = False


def find_dates(text: str, *, year: int | None = None) -> list[DateFound]:
    """Return the dates and periods in `text`, in order, none overlapping.

    Args:
        year: the year of a date written without one ("15. bis 17. November"); without it
            such a date is left out.
    """
    taken: list[tuple[int, int]] = []
    found: list[DateFound] = []
    for rule, pattern in RULES:
        for match in pattern.finditer(text):
            if any(s < match.end() and match.start() < e for s, e in taken):
                continue
            date = _normalise(rule, match, year)
            if date is not None:
                taken.append((match.start(), match.end()))
                found.append(date)
    return sorted(found, key=lambda d: d.start)


def _normalise(rule: str, m: re.Match[str], year: int | None) -> DateFound | None:
    g = m.groupdict()
    text = m.group(0).strip()
    start = m.start() + (len(m.group(0)) - len(m.group(0).lstrip()))

    def found(
        value: str, begin: str | None, until: str | None, precision: str, inferred: bool = False
    ) -> DateFound:
        return DateFound(start, start + len(text), text, value, begin, until, precision, rule, inferred)

    if rule in {"iso-date", "numeric-date"}:
        month, day = int(g["mm"]), int(g.get("dd") or g["d1"])
        if not (1 <= month <= 12 and 1 <= day <= 31):
            return None
        iso = f"{int(g['y1']):04d}-{month:02d}-{day:02d}"
        return found(iso, iso, iso, "day")
    if rule == "day-range":
        y2 = g.get("y2") or g.get("y1")
        inferred = y2 is None
        if inferred and year is None:
            return None
        y_end = int(y2) if y2 else year
        assert y_end is not None
        m2 = MONTHS[g["m2"].lower()]
        m1 = MONTHS[g["m1"].lower()] if g.get("m1") else m2
        y_start = int(g["y1"]) if g.get("y1") else (y_end if m1 <= m2 else y_end - 1)
        first, last = f"{y_start:04d}-{m1:02d}-{int(g['d1']):02d}", f"{y_end:04d}-{m2:02d}-{int(g['d2']):02d}"
        return found(f"{first}/{last}", first, last, "day", inferred)
    if rule in {"day", "month-day"}:
        if not g.get("y1") and year is None:
            return None
        y = int(g["y1"]) if g.get("y1") else year
        iso = f"{y:04d}-{MONTHS[g['m1'].lower()]:02d}-{int(g['d1']):02d}"
        return found(iso, iso, iso, "day", not g.get("y1"))
    if rule == "month-range":
        y = int(g["y1"])
        first, last = f"{y:04d}-{MONTHS[g['m1'].lower()]:02d}", f"{y:04d}-{MONTHS[g['m2'].lower()]:02d}"
        return found(f"{first}/{last}", first, last, "month")
    if rule == "year-range":
        first, last = g["y1"], g["y2"]
        if int(last) < int(first):
            return None
        return found(f"{first}/{last}", first, last, "year")
    if rule == "month":
        iso = f"{int(g['y1']):04d}-{MONTHS[g['m1'].lower()]:02d}"
        return found(iso, iso, iso, "month")
    if rule == "season":
        return found(f"{g['y1']}-{SEASONS[g['season'].lower()]}", g["y1"], g["y1"], "season")
    if rule == "since":
        return found(f"{g['y1']}/..", g["y1"], None, "year")
    return None


def first_full_date(text: str) -> Iterator[int]:
    """Yield the year of each dated day in `text` (a document's date gives its undated days a year)."""
    for date in find_dates(text):
        if date.precision == "day" and not date.year_inferred and date.begin:
            yield int(date.begin[:4])
