"""When entities and links hold: their dates read from the store, and a period that filters by them.

Every neighbourhood, view, path and network that takes a period (`from`/`to` or `as_of`,
`graphkit.timeframe.Period`) keeps what this module says is valid in it, by the same rules:

**Entities.** An entity's start is the earliest day its ``gk:startDate``/``schema:startDate``
values cover, its end the last day its ``gk:endDate``/``schema:endDate`` values cover; a
partial date (``2019``, ``2021-03``) covers its whole span. With only a start it lasts for
ever, with only an end it existed since ever. An entity with neither is *undated*.

**Links.** A link's validity comes from the evidence of its statements (their
``rdf:Statement`` reifications, `graphkit.reification`): a statement with
``gk:validFrom``/``gk:validUntil`` holds from the first day of the one to the last of the
other (open where one is missing); one with only ``gk:asOf`` holds on the days of that date
(one day, or the whole year of a gYear: a membership observed on 2025-05-18 is in a period
that contains that day); the link's validity spans all its dated statements. A link none of
whose statements carries a date holds as long as its ends do.

**In a period.** A dated entity or link is in a period when its [start, end] overlaps it
(`Period.overlaps`); an undated entity is in it with `undated` = ``include`` (the default)
and left out with ``exclude``. A link counts only when both its ends are in the period; one
without dates of its own then counts too (so ``undated=exclude`` keeps the dated entities
and every link between them that the period does not rule out).

Dates are read in batches of IRIs or links (`entity_dates`, `link_records`), or for the
whole store at once (`every_entity_date`, `every_link_record`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from graphkit.errors import InvalidParameter
from graphkit.model import Term
from graphkit.namespaces import GK, SCHEMA
from graphkit.projection import Projection
from graphkit.query import internal_query
from graphkit.snapshot import BATCH, select_for
from graphkit.sparql_text import with_block
from graphkit.timeframe import Period, span

_STARTS = (GK + "startDate", SCHEMA + "startDate")
_ENDS = (GK + "endDate", SCHEMA + "endDate")

#: A link as (subject, predicate, object) IRIs.
Link = tuple[str, str, str]
#: An entity's first and last day (None: open on that side).
Dates = tuple[date | None, date | None]


class Undated(StrEnum):
    """What a period does with entities and links that carry no date."""

    INCLUDE = "include"
    EXCLUDE = "exclude"


@dataclass(slots=True)
class LinkRecord:
    """What the store says about one link: the graphs stating it and its statements' dates."""

    graphs: set[str] = field(default_factory=set)
    spans: list[Dates] = field(default_factory=list)

    def validity(self) -> Dates | None:
        """The link's validity (see the module), or None if undated."""
        if not self.spans:
            return None
        starts = [s for s, _ in self.spans]
        ends = [e for _, e in self.spans]
        return (
            None if None in starts else min(s for s in starts if s is not None),
            None if None in ends else max(e for e in ends if e is not None),
        )


def _statement_span(row: dict[str, Term]) -> Dates | None:
    """A reification row's validity: validFrom/validUntil, else asOf as its days, else None."""

    def days(name: str) -> tuple[date, date] | None:
        term = row.get(name)
        return span(term.value, term.datatype) if term is not None else None

    first, last = days("validFrom"), days("validUntil")
    if first is not None or last is not None:
        return (first[0] if first else None, last[1] if last else None)
    return days("asOf")


def read_records(rows: Iterable[dict[str, Term]], into: dict[Link, LinkRecord]) -> None:
    """Add rows of the ``analytics-link-records`` query (s, p, o, g and dates) to `into`."""
    for row in rows:
        record = into.setdefault((row["s"].value, row["p"].value, row["o"].value), LinkRecord())
        record.graphs.add(row["g"].value)
        found = _statement_span(row)
        if found is not None and found not in record.spans:
            record.spans.append(found)


def link_records(projection: Projection, chosen: Iterable[Link]) -> dict[Link, LinkRecord]:
    """Return the records of some links (an empty record for a link the store has no graph for)."""
    found: dict[Link, LinkRecord] = {}
    pending = list(dict.fromkeys(chosen))
    for start in range(0, len(pending), BATCH):
        batch = pending[start : start + BATCH]
        rows = " ".join(
            f"({Term.iri(s).to_ntriples()} {Term.iri(p).to_ntriples()} {Term.iri(o).to_ntriples()})"
            for s, p, o in batch
        )
        text = with_block(internal_query("analytics-link-records"), f"VALUES (?s ?p ?o) {{ {rows} }}")
        read_records(projection.snapshot.run(text), found)
    for link in pending:
        found.setdefault(link, LinkRecord())
    return found


def every_link_record(projection: Projection) -> dict[Link, LinkRecord]:
    """Return the records of every link of the store that a graph states, in one query."""
    found: dict[Link, LinkRecord] = {}
    read_records(projection.snapshot.select("analytics-link-records"), found)
    return found


def read_dates(rows: Iterable[dict[str, Term]], into: dict[str, Dates]) -> None:
    """Add rows of the ``analytics-entity-dates`` query (node, p, date) to `into`."""
    for row in rows:
        literal = row["date"]
        days = span(literal.value, literal.datatype)
        if days is None:
            continue
        iri, predicate = row["node"].value, row["p"].value
        start, end = into.get(iri, (None, None))
        if predicate in _STARTS:
            start = days[0] if start is None else min(start, days[0])
        elif predicate in _ENDS:
            end = days[1] if end is None else max(end, days[1])
        into[iri] = (start, end)


def entity_dates(projection: Projection, iris: Iterable[str]) -> dict[str, Dates]:
    """Return the start and end of those of `iris` that have one (see the module)."""
    found: dict[str, Dates] = {}
    missing = list(dict.fromkeys(iris))
    if missing:
        read_dates(select_for(projection.snapshot, "analytics-entity-dates", "node", missing), found)
    return found


def every_entity_date(projection: Projection) -> dict[str, Dates]:
    """Return the start and end of every dated entity of the store, in one query."""
    found: dict[str, Dates] = {}
    read_dates(projection.snapshot.select("analytics-entity-dates"), found)
    return found


@dataclass(frozen=True, slots=True)
class TimeFilter:
    """A period and what it does with undated things: the `from`/`to`/`as_of` of a request.

    Attributes:
        period: the days that count.
        undated: whether entities and links without a date count.
    """

    period: Period
    undated: Undated = Undated.INCLUDE

    @classmethod
    def parse(
        cls,
        start: str | None = None,
        end: str | None = None,
        as_of: str | None = None,
        undated: str = Undated.INCLUDE.value,
        *,
        names: tuple[str, str] = ("from", "to"),
    ) -> TimeFilter | None:
        """Return the filter of a request's period parameters, or None when no period is given.

        Args:
            names: what the request calls `start` and `end` (`/api/path` says since/until),
                for error messages.

        Raises:
            InvalidParameter: see `Period.parse`; or `undated` is neither include nor exclude.
        """
        try:
            rule = Undated(undated)
        except ValueError:
            raise InvalidParameter(
                f"undated must be include or exclude, not {undated!r}.", parameter="undated", value=undated
            ) from None
        period = Period.parse(start, end, as_of, names=names)
        return None if period is None else cls(period, rule)

    def parameters(self, names: tuple[str, str] = ("from", "to")) -> dict[str, str]:
        """Return the filter as query parameters (ISO days; `undated` only when it excludes)."""
        found: dict[str, str] = {}
        if self.period.start is not None:
            found[names[0]] = self.period.start.isoformat()
        if self.period.end is not None:
            found[names[1]] = self.period.end.isoformat()
        if self.undated is Undated.EXCLUDE:
            found["undated"] = self.undated.value
        return found

    def holds(self, dated: Dates | None) -> bool:
        """Whether a thing with these dates (None: undated) is in the period."""
        if dated is None:
            return self.undated is Undated.INCLUDE
        return self.period.overlaps(*dated)

    def entities(self, projection: Projection, iris: Iterable[str]) -> set[str]:
        """Return those of `iris` that are in the period (read in batches)."""
        chosen = list(dict.fromkeys(iris))
        dates = entity_dates(projection, chosen)
        return {iri for iri in chosen if self.holds(dates.get(iri))}

    def holds_link(self, record: LinkRecord) -> bool:
        """Whether a link is valid in the period by its own dates (an undated one is)."""
        validity = record.validity()
        return validity is None or self.period.overlaps(*validity)

    def links(self, projection: Projection, found: Iterable[Link]) -> set[Link]:
        """Return those of the links that are valid in the period (their ends are not checked)."""
        records = link_records(projection, found)
        return {link for link, record in records.items() if self.holds_link(record)}


__all__ = [
    "Dates",
    "Link",
    "LinkRecord",
    "TimeFilter",
    "Undated",
    "entity_dates",
    "every_entity_date",
    "every_link_record",
    "link_records",
    "read_dates",
    "read_records",
]
