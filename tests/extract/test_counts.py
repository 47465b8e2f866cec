"""Participant and country counts with their qualifiers."""

from __future__ import annotations

import pytest

from graphkit.extract.counts import find_counts
from graphkit.namespaces import GK


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Fast 200 Teilnehmende aus 22 europäischen Ländern",
            [(200, "almost", "participantCount"), (22, None, "numberOfCountries")],
        ),
        ("trafen sich etwa 160 Vertreter*innen der Kommunen", [(160, "about", "participantCount")]),
        (
            "von mehr als 200 größeren europäischen Städten in 38 Ländern",
            [(200, "moreThan", "numberOfCities"), (38, None, "numberOfCountries")],
        ),
        (
            "around 160 participants from more than 20 countries",
            [(160, "about", "participantCount"), (20, "moreThan", "numberOfCountries")],
        ),
        ("stellvertretend für alle zwölf BBWA-Geschäftsstellen", [(12, None, None)]),
        ("in einem dreiteiligen, virtuellen Format", [(3, None, "numberOfParts")]),
    ],
)
def test_counts_carry_their_qualifier(text: str, expected: list[tuple[int, str | None, str | None]]) -> None:
    found = [
        (c.value, c.qualifier and c.qualifier.removeprefix(GK), c.predicate and c.predicate.removeprefix(GK))
        for c in find_counts(text)
    ]
    assert found == expected


@pytest.mark.parametrize(
    "text",
    ["am 11. November 2020", "ab 2:32:00 der Aufzeichnung", "Covid-19 und lokale Ökonomie", "2019 bis 2022"],
)
def test_dates_and_times_are_no_counts(text: str) -> None:
    assert find_counts(text) == []
