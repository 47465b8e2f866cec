"""Which network to analyse, from what a person typed: the options every analytics surface takes.

The CLI (`graphkit analyze`, `graphkit export --format graphml…`) and the API
(`/api/analytics/…`) take the same options and turn them into a `NetworkSpec` here, so a
value means the same everywhere and a bad one is refused naming the same parameter:

- ``focus``: an id, IRI, prefixed name or name (`Projection.resolve`); none = the whole graph;
- ``depth``: links from the focus, 1 to 4;
- ``type`` (repeatable): only entities of these classes (`Projection.resolve_class`);
- ``predicate`` / ``exclude_predicate`` (repeatable): only / never these links
  (`Projection.resolve_predicate`);
- ``classification``: also classification links (types, topics, concepts, source documents);
- ``from`` / ``to`` or ``as_of``: a period (`Period.parse`: a year, a month or a day);
- ``undated``: ``include`` or ``exclude`` what carries no date when a period is given.
"""

from __future__ import annotations

from dataclasses import dataclass

from graphkit.analytics.network import NetworkSpec, Undated
from graphkit.errors import InvalidParameter
from graphkit.projection import Projection
from graphkit.timeframe import Period

#: The most links a network may reach from its focus.
MAX_DEPTH = 4


@dataclass(frozen=True, slots=True)
class NetworkOptions:
    """The network options as given (references and dates still text)."""

    focus: str | None = None
    depth: int = 2
    types: tuple[str, ...] = ()
    predicates: tuple[str, ...] = ()
    excluded: tuple[str, ...] = ()
    classification: bool = False
    start: str | None = None
    end: str | None = None
    as_of: str | None = None
    undated: str = Undated.INCLUDE.value


def network_spec(projection: Projection, options: NetworkOptions) -> NetworkSpec:
    """Return the `NetworkSpec` the options describe, every reference resolved in `projection`.

    Raises:
        InvalidParameter: a value cannot be used (detail names the parameter: depth, type,
            predicate, exclude_predicate, from, to, as_of, undated).
        NotFound: no entity has the focus's id, IRI or name.
        BadRequest: a date that does not parse, `as_of` with `from`/`to`, `from` after `to`
            (`Period.parse`, naming the parameter).
    """
    if not 1 <= options.depth <= MAX_DEPTH:
        raise InvalidParameter(
            f"depth must be 1 to {MAX_DEPTH}, not {options.depth}.", parameter="depth", value=options.depth
        )
    try:
        undated = Undated(options.undated)
    except ValueError:
        raise InvalidParameter(
            f"undated must be include or exclude, not {options.undated!r}.",
            parameter="undated",
            value=options.undated,
        ) from None
    period = Period.parse(options.start, options.end, options.as_of)
    return NetworkSpec(
        focus=projection.resolve(options.focus, parameter="focus") if options.focus else None,
        depth=options.depth,
        types=frozenset(projection.resolve_class(t) for t in options.types),
        predicates=frozenset(projection.resolve_predicate(p) for p in options.predicates),
        excluded=frozenset(
            projection.resolve_predicate(p, parameter="exclude_predicate") for p in options.excluded
        ),
        classification=options.classification,
        period=period,
        undated=undated,
    )


__all__ = ["MAX_DEPTH", "NetworkOptions", "network_spec"]
