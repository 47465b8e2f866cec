"""Response models of `/api/analytics/…` (the keys are a contract, as in `graphkit.api.schemas`)."""

from __future__ import annotations

from pydantic import BaseModel, Field

from graphkit.analytics.answers import Outcome, Row
from graphkit.analytics.network import Network


class PeriodOut(BaseModel):
    start: str | None = Field(alias="from", description="First day of the period (ISO), null if open.")
    to: str | None = Field(description="Last day of the period (ISO), null if open.")

    model_config = {"populate_by_name": True}


class NetworkOut(BaseModel):
    """The network an answer was computed on: what was asked for, and its size."""

    focus: str | None = Field(description="IRI of the entity at the centre; null for the whole graph.")
    depth: int | None = Field(description="Links from the focus (null without a focus).")
    types: list[str] = Field(description="Only entities of these classes (IRIs); all when empty.")
    predicates: list[str] = Field(description="Only links of these properties (IRIs); all when empty.")
    excluded: list[str] = Field(description="Never links of these properties (IRIs).")
    classification: bool = Field(description="Whether classification links (types, topics…) count.")
    period: PeriodOut | None = Field(description="Only entities and links valid in this period.")
    undated: str = Field(description="With a period: `include` or `exclude` what carries no date.")
    nodes: int = Field(description="Entities in the network.")
    links: int = Field(description="Links in the network (a link and its inverse are one).")

    @classmethod
    def of(cls, network: Network) -> NetworkOut:
        described = network.spec.describe()
        period = described.get("period")
        return cls.model_validate(
            {
                **described,
                "period": PeriodOut.model_validate(period) if isinstance(period, dict) else None,
                "nodes": network.graph.number_of_nodes(),
                "links": network.graph.number_of_edges(),
            }
        )


class AnalyticsRowOut(BaseModel):
    id: str = Field(description="The entity's id (a projection: the link's first end, by id).")
    label: str = Field(description="Its label in the content language (see `lang`).")
    cls: str = Field(description="IRI of its most specific class (empty if it has none).")
    class_label: str = Field(description="The label of that class.")
    value: float = Field(
        description="The measure's value; the community or component (0 the biggest); a broker's "
        "participation coefficient; a projection link's weight (partners shared)."
    )
    communities: list[int] | None = Field(default=None, description="Brokers: the communities it links.")
    target: str | None = Field(default=None, description="Projections: the link's other end.")
    target_label: str | None = Field(default=None, description="Projections: the other end's label.")
    shared: list[str] | None = Field(default=None, description="Projections: ids of the shared partners.")

    @classmethod
    def of(cls, row: Row) -> AnalyticsRowOut:
        return cls(
            id=row.id,
            label=row.label,
            cls=row.cls,
            class_label=row.class_label,
            value=row.value,
            communities=row.communities,
            target=row.target,
            target_label=row.target_label,
            shared=row.shared,
        )


class SummaryOut(BaseModel):
    nodes: int | None = Field(default=None, description="Nodes measured (a projection: in the projection).")
    links: int | None = Field(default=None, description="Links measured (a projection: in the projection).")
    modularity: float | None = Field(
        default=None, description="Communities and brokers: the partition's modularity."
    )
    sizes: list[int] | None = Field(
        default=None, description="Communities and components: the size of each, biggest first."
    )


class AnalyticsOut(BaseModel):
    """One analysis of one network: ranked rows, at most `limit` of them."""

    kind: str = Field(description="centrality, communities, components, brokers or projection.")
    network: NetworkOut
    parameters: dict[str, object] = Field(description="The analysis's parameters (measure, method, seed…).")
    summary: SummaryOut
    rows: list[AnalyticsRowOut] = Field(
        description="Best first (communities and components: by index), ties by id."
    )
    total: int = Field(description="Rows there are in all.")
    limit: int = Field(description="Most rows returned.")
    truncated: bool = Field(description="Whether rows were left out (`total` > `limit`).")

    @classmethod
    def of(cls, network: Network, outcome: Outcome, *, limit: int) -> AnalyticsOut:
        return cls(
            kind=outcome.kind.value,
            network=NetworkOut.of(network),
            parameters=outcome.parameters,
            summary=SummaryOut.model_validate(outcome.summary),
            rows=[AnalyticsRowOut.of(r) for r in outcome.rows[:limit]],
            total=len(outcome.rows),
            limit=limit,
            truncated=len(outcome.rows) > limit,
        )


__all__ = ["AnalyticsOut", "AnalyticsRowOut", "NetworkOut", "PeriodOut", "SummaryOut"]
