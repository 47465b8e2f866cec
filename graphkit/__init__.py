"""graphkit: a knowledge graph of urban social-innovation networks.

``kg = graphkit.open(path)`` opens a store for Python use (see `graphkit.kg`); the name is
resolved on first use, so ``import graphkit`` stays cheap and no module of the package
shadows the builtin ``open``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from graphkit.kg import KnowledgeGraph
    from graphkit.kg import open_graph as open

#: Names this package gives on first use: name → (module, attribute).
_LAZY = {
    "open": ("graphkit.kg", "open_graph"),
    "KnowledgeGraph": ("graphkit.kg", "KnowledgeGraph"),
}


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module 'graphkit' has no attribute {name!r}")
    from importlib import import_module

    module, attribute = _LAZY[name]
    return getattr(import_module(module), attribute)


def __dir__() -> list[str]:
    return sorted([*globals(), *_LAZY])


__all__ = ["KnowledgeGraph", "__version__", "open"]
