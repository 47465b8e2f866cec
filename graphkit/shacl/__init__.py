"""SHACL on pyoxigraph: shapes compiled to SPARQL, giving the violations pySHACL gives, fast.

`compiler` reads a shapes graph into check records (`checks`), `sparql` writes the queries,
`exact` re-checks in Python what SPARQL cannot decide exactly (ill-typed literals, ordering,
regular expressions) with pySHACL's rules, and `native` runs it all and builds the
`Violation`s. Shapes using a feature that is not compiled are handed back for pySHACL.
"""

from __future__ import annotations

from graphkit.shacl.native import CompiledShapes, compile_shapes, run_shapes

__all__ = ["CompiledShapes", "compile_shapes", "run_shapes"]
