"""Network analytics: choose a network from the store, measure it, find its communities.

- `graphkit.timeframe`: periods (`from`/`to`/`as_of`) and the days a date covers;
- `graphkit.analytics.network`: `NetworkSpec` → `select_network` → `Network` (networkx);
- `graphkit.analytics.measures`: centralities, components, communities, brokers;
- `graphkit.analytics.projections`: one-mode projections of two-mode relations.
"""

from __future__ import annotations

from graphkit.analytics.network import Network, NetworkSpec, Undated, select_network
from graphkit.timeframe import Period, span

__all__ = ["Network", "NetworkSpec", "Period", "Undated", "select_network", "span"]
