"""The anchor for the HTTP benchmark: plain rdflib served by rdflib-endpoint.

Usage: python bench/anchor_rdflib_endpoint.py DATA.nq PORT
Loads the N-Quads dump into an rdflib Dataset whose default graph is the union of the
named graphs (as graphkit's), and serves it with rdflib-endpoint's SparqlEndpoint.
"""

from __future__ import annotations

import sys

import rdflib
import uvicorn
from rdflib_endpoint import SparqlEndpoint


def main() -> None:
    dump, port = sys.argv[1], int(sys.argv[2])
    dataset = rdflib.Dataset(default_union=True)
    dataset.parse(dump, format="nquads")
    app = SparqlEndpoint(graph=dataset, cors_enabled=False, public_url=f"http://127.0.0.1:{port}/")
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning")


if __name__ == "__main__":
    main()
