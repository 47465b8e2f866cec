"""German and English dates and periods, normalised to ISO 8601 / EDTF with their precision."""

from __future__ import annotations

import pytest

from graphkit.extract.dates import find_dates


@pytest.mark.parametrize(
    ("text", "value", "precision"),
    [
        ("Vom 11. November bis zum 10. Dezember 2020 fand", "2020-11-11/2020-12-10", "day"),
        ("vom 15. bis 17. November von der", "2021-11-15/2021-11-17", "day"),
        ("der Förderrunde 2019 bis 2022 statt", "2019/2022", "year"),
        ("in der ESF-Förderperiode 2021-2027.", "2021/2027", "year"),
        ("soll im Herbst 2021 fortgeführt werden", "2021-23", "season"),
        ("Auftaktveranstaltung am 11. November 2020 folgte", "2020-11-11", "day"),
        ("Datum 25.03.2021", "2021-03-25", "day"),
        ("Seit 2008 legt", "2008/..", "year"),
        ("from 15 to 17 November 2021 in Berlin", "2021-11-15/2021-11-17", "day"),
        ("in November 2021 the forum", "2021-11", "month"),
        ("on 8–10 June 2022", "2022-06-08/2022-06-10", "day"),  # noqa: RUF001
        ("published November 15, 2021", "2021-11-15", "day"),
        ("in autumn 2021", "2021-23", "season"),
    ],
)
def test_dates_are_normalised(text: str, value: str, precision: str) -> None:
    found = find_dates(text, year=2021)
    assert [(d.value, d.precision) for d in found] == [(value, precision)]
    assert text[found[0].start : found[0].end] == found[0].text


def test_a_date_without_a_year_takes_the_documents_and_says_so() -> None:
    (date,) = find_dates("vom 15. bis 17. November", year=2021)
    assert date.year_inferred and date.begin == "2021-11-15" and date.until == "2021-11-17"
    assert find_dates("vom 15. bis 17. November") == []


@pytest.mark.parametrize("text", ["ab dem Zeitpunkt 2:32:00", "Themenwerkstatt 2020", "Covid-19"])
def test_times_names_and_numbers_are_no_dates(text: str) -> None:
    assert find_dates(text, year=2021) == []
