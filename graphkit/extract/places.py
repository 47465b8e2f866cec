"""The gazetteer of European cities and countries shipped with the package (`places.json`).

It is generated, not typed in: `build_places(store)` reads the graph's countries and the
cities (and city regions) that name their country, each with its German and English label
(`places.rq`); ``python -m graphkit.extract.places --store PATH`` rewrites the file from a
store loaded with the bundled data, and a test checks that the shipped file is current.
Extraction without a store still finds these places; with a store, the store's own names
come first (`graphkit.extract.gazetteer`).
"""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from graphkit.namespaces import GK

if TYPE_CHECKING:
    from graphkit.store import GraphStore

#: The shipped file.
PLACES_FILE = Path(__file__).with_name("places.json")
COUNTRY = GK + "Country"
CITY = GK + "City"


@dataclass(frozen=True, slots=True)
class Place:
    """A city or country with its names: ``{"de": "Wien", "en": "Vienna"}``."""

    iri: str
    kind: str
    names: dict[str, str]
    country: str | None = None

    @property
    def cls(self) -> str:
        """The class of the place: gk:Country or gk:City."""
        return COUNTRY if self.kind == "country" else CITY


def build_places(store: GraphStore) -> list[Place]:
    """Return the graph's countries and member cities with their German and English labels, sorted."""
    from graphkit.query import run_query

    sparql = Path(__file__).with_name("places.rq").read_text(encoding="utf-8")
    kinds: dict[str, str] = {}
    names: dict[str, dict[str, str]] = {}
    countries: dict[str, str | None] = {}
    for row in run_query(store, sparql, max_rows=100_000).rows:
        place = row["place"].value
        kinds[place] = row["kind"].value
        names.setdefault(place, {}).setdefault(row["lang"].value, row["name"].value)
        countries[place] = row["country"].value if "country" in row else countries.get(place)
    return [
        Place(iri=iri, kind=kinds[iri], names=dict(sorted(names[iri].items())), country=countries[iri])
        for iri in sorted(kinds)
    ]


def places_json(places: list[Place]) -> str:
    """Return the text of `places.json` for `places` (stable: sorted, one place a line)."""
    lines = [json.dumps(asdict(p), ensure_ascii=False, sort_keys=True) for p in places]
    return "[\n" + ",\n".join(lines) + "\n]\n"


@cache
def shipped_places() -> tuple[Place, ...]:
    """Return the places of the shipped `places.json`."""
    entries = json.loads(PLACES_FILE.read_text(encoding="utf-8"))
    return tuple(Place(**entry) for entry in entries)


def main(argv: list[str] | None = None) -> None:
    """Rewrite `places.json` from a store: ``python -m graphkit.extract.places --store PATH``."""
    from graphkit.config import Settings
    from graphkit.store import open_store

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--store", required=True, help="a store loaded with the bundled data")
    parser.add_argument("--output", type=Path, default=PLACES_FILE)
    args = parser.parse_args(argv)
    store = open_store(Settings(store=args.store), read_only=True)
    try:
        places = build_places(store)
    finally:
        store.close()
    args.output.write_text(places_json(places), encoding="utf-8")
    print(
        f"{args.output}: {sum(p.kind == 'city' for p in places)} cities, "
        f"{sum(p.kind == 'country' for p in places)} countries"
    )


if __name__ == "__main__":
    main()
