"""Periods of time and the days a date literal covers: the rules every `from`/`to`/`as_of` follows.

A `Period` is a span of whole days with inclusive bounds; either bound may be open (None).
Users write a bound as a year (``2021``), a month (``2021-03``) or a day (``2021-03-25``);
a year or month bound covers its whole span, so ``from=2020`` starts on 2020-01-01 and
``to=2020`` ends on 2020-12-31 (``from=2020&to=2020`` is the year 2020). ``as_of=D`` is the
one-day period [D, D] (or the span of D, for a year or month), and cannot be combined with
``from``/``to``.

Data dates are literals of ``xsd:date``, ``xsd:dateTime`` (its day; the time zone is
ignored), ``xsd:gYearMonth`` or ``xsd:gYear``: `span` gives the days each covers, so a partial
date covers its whole span (``"2019"^^xsd:gYear`` is 2019-01-01 … 2019-12-31). A value of
another datatype, or one that is not a valid date, has no span and counts as undated.

A thing with a start and an end lies in a period when [start, end] overlaps it: it begins
on or before the period's last day and ends on or after its first day. An open end (no
start, or no end) extends without limit on that side. Which start and end an entity or a
link has, and what happens to things without any date, is `graphkit.analytics.network`'s
business (see its module docstring).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from graphkit.errors import InvalidParameter
from graphkit.namespaces import XSD

#: A period bound as users write it: a year, a month or a day.
_BOUND = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
#: A date literal's lexical form without its time zone (Z or ±hh:mm).
_ZONE = re.compile(r"(Z|[+-]\d{2}:\d{2})$")
#: Datatypes whose literals are dates, by how much of a date they carry.
DATE_TYPES = {
    XSD + "date": 3,
    XSD + "dateTime": 3,
    XSD + "dateTimeStamp": 3,
    XSD + "gYearMonth": 2,
    XSD + "gYear": 1,
}


def _days(year: int, month: int | None, day: int | None) -> tuple[date, date]:
    """Return the first and last day of a year, a month or a day (ValueError if there is none)."""
    if month is None:
        return date(year, 1, 1), date(year, 12, 31)
    if day is None:
        return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
    found = date(year, month, day)
    return found, found


def span(value: str, datatype: str | None) -> tuple[date, date] | None:
    """Return the first and last day a date literal covers, or None if it is no date.

    Args:
        value: the literal's lexical form (``2021-11-15``, ``2019``, ``2021-03``,
            ``2021-11-15T10:00:00Z``).
        datatype: its datatype IRI (``xsd:date``, ``xsd:dateTime``, ``xsd:gYearMonth``,
            ``xsd:gYear``); any other (or None) gives None.
    """
    parts = DATE_TYPES.get(datatype or "")
    if parts is None:
        return None
    text = value.strip()
    if parts == 3 and "T" in text:
        text = text.split("T", 1)[0]
    text = _ZONE.sub("", text)
    pieces = text.split("-")
    if len(pieces) != parts or not all(p.isdigit() for p in pieces) or len(pieces[0]) != 4:
        return None
    numbers: list[int | None] = [int(p) for p in pieces]
    year, month, day = [*numbers, None, None][:3]
    assert year is not None
    try:
        return _days(year, month, day)
    except ValueError:
        return None


def _parse_bound(text: str, parameter: str) -> tuple[date, date]:
    match = _BOUND.fullmatch(text.strip())
    if match is None:
        raise InvalidParameter(
            f"{parameter}={text!r} is not a date: write a year (2021), a month (2021-03) "
            "or a day (2021-03-25).",
            parameter=parameter,
            value=text,
        )
    year, month, day = (int(g) if g is not None else None for g in match.groups())
    assert year is not None
    try:
        return _days(year, month, day)
    except ValueError:
        raise InvalidParameter(
            f"{parameter}={text!r} is no day of the calendar.", parameter=parameter, value=text
        ) from None


@dataclass(frozen=True, slots=True)
class Period:
    """A span of days with inclusive bounds; None is an open bound (see the module).

    Attributes:
        start: the first day, or None (open: since ever).
        end: the last day, or None (open: for ever).
    """

    start: date | None = None
    end: date | None = None

    @classmethod
    def parse(
        cls,
        start: str | None = None,
        end: str | None = None,
        as_of: str | None = None,
        *,
        names: tuple[str, str] = ("from", "to"),
    ) -> Period | None:
        """Return the period of the `from`, `to` and `as_of` parameters, or None if all are None.

        Args:
            start: the `from` parameter: its first day starts the period.
            end: the `to` parameter: its last day ends the period.
            as_of: one day (or year, or month): the period of just that span.
            names: what the caller calls `start` and `end` (`/api/path`, whose `from` and `to`
                are its ends, says ``since`` and ``until``), for error messages.

        Raises:
            BadRequest: a value is no year, month or day (`detail.parameter` names it), `as_of`
                comes with `from` or `to`, or `from` is after `to`.
        """
        first_name, last_name = names
        given = {first_name: start, last_name: end, "as_of": as_of}
        for name, value in given.items():
            if value is not None and not value.strip():
                raise InvalidParameter(
                    f"{name} is empty: give a year, a month or a day.", parameter=name, value=""
                )
        if as_of is not None:
            if start is not None or end is not None:
                raise InvalidParameter(
                    f"as_of cannot be combined with {first_name} or {last_name}.",
                    parameter="as_of",
                    value=as_of,
                )
            day_one, day_last = _parse_bound(as_of, "as_of")
            return cls(day_one, day_last)
        if start is None and end is None:
            return None
        first: date | None = _parse_bound(start, first_name)[0] if start is not None else None
        last: date | None = _parse_bound(end, last_name)[1] if end is not None else None
        if first is not None and last is not None and first > last:
            raise InvalidParameter(
                f"{first_name}={start} is after {last_name}={end}.", parameter=last_name, value=end
            )
        return cls(first, last)

    def overlaps(self, start: date | None, end: date | None) -> bool:
        """Whether a thing from `start` to `end` (None: open on that side) lies in the period."""
        begins_in_time = start is None or self.end is None or start <= self.end
        lasts_long_enough = end is None or self.start is None or end >= self.start
        return begins_in_time and lasts_long_enough

    def describe(self) -> dict[str, str | None]:
        """Return the period as JSON: ``{"from": ISO day or None, "to": ISO day or None}``."""
        return {
            "from": self.start.isoformat() if self.start else None,
            "to": self.end.isoformat() if self.end else None,
        }


__all__ = ["DATE_TYPES", "Period", "span"]
