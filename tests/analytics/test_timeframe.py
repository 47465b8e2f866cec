"""Periods from `from`/`to`/`as_of` and the days a date literal covers."""

from __future__ import annotations

from datetime import date

import pytest

from graphkit.errors import BadRequest
from graphkit.namespaces import XSD
from graphkit.timeframe import Period, span


@pytest.mark.parametrize(
    ("value", "datatype", "days"),
    [
        ("2021-11-15", XSD + "date", (date(2021, 11, 15), date(2021, 11, 15))),
        ("2021-11-15T10:00:00Z", XSD + "dateTime", (date(2021, 11, 15), date(2021, 11, 15))),
        ("2019", XSD + "gYear", (date(2019, 1, 1), date(2019, 12, 31))),
        ("2024-02", XSD + "gYearMonth", (date(2024, 2, 1), date(2024, 2, 29))),
        ("2021Z", XSD + "gYear", (date(2021, 1, 1), date(2021, 12, 31))),
        ("2021-11-15", None, None),
        ("2021", XSD + "integer", None),
        ("2021-02-30", XSD + "date", None),
        ("soon", XSD + "gYear", None),
    ],
)
def test_span_covers_the_days_of_a_date(value: str, datatype: str | None, days: object) -> None:
    assert span(value, datatype) == days


@pytest.mark.parametrize(
    ("args", "period"),
    [
        ({"start": "2020"}, Period(date(2020, 1, 1), None)),
        ({"end": "2020"}, Period(None, date(2020, 12, 31))),
        ({"start": "2020", "end": "2020"}, Period(date(2020, 1, 1), date(2020, 12, 31))),
        ({"start": "2021-03", "end": "2021-03"}, Period(date(2021, 3, 1), date(2021, 3, 31))),
        ({"as_of": "2021-11-16"}, Period(date(2021, 11, 16), date(2021, 11, 16))),
        ({"as_of": "2021"}, Period(date(2021, 1, 1), date(2021, 12, 31))),
        ({}, None),
    ],
)
def test_parse_widens_years_and_months_to_their_span(args: dict[str, str], period: Period | None) -> None:
    assert Period.parse(**args) == period


@pytest.mark.parametrize(
    ("args", "parameter"),
    [
        ({"start": "yesterday"}, "from"),
        ({"end": "2021-13"}, "to"),
        ({"as_of": "2021-02-30"}, "as_of"),
        ({"as_of": "2021", "start": "2020"}, "as_of"),
        ({"start": "2022", "end": "2021"}, "to"),
        ({"start": " "}, "from"),
    ],
)
def test_parse_names_the_bad_parameter(args: dict[str, str], parameter: str) -> None:
    with pytest.raises(BadRequest) as raised:
        Period.parse(**args)
    assert raised.value.detail["parameter"] == parameter


def test_overlap_with_open_ends() -> None:
    year = Period(date(2020, 1, 1), date(2020, 12, 31))
    assert year.overlaps(date(2019, 5, 1), date(2020, 1, 1))
    assert year.overlaps(None, None)
    assert year.overlaps(date(2008, 1, 1), None)  # started long ago, still going
    assert not year.overlaps(date(2021, 1, 1), None)
    assert not year.overlaps(None, date(2019, 12, 31))
    assert Period(None, None).overlaps(date(1990, 1, 1), date(1990, 1, 1))
    assert year.describe() == {"from": "2020-01-01", "to": "2020-12-31"}
