"""The OpenAPI description, completed where FastAPI cannot see: errors, protocol inputs, references.

FastAPI describes what a route declares. This adds, in one place:

- every error an operation can answer with, each in the one body (`ErrorOut`; an HTML page
  for browsers), with `Retry-After` on 503 and `Allow` on 405 (FastAPI's own 422 schema is
  replaced: our 422 has the one body too);
- the SPARQL 1.1 Protocol's parameters and bodies (its routes read them themselves);
- what a reference parameter may be (an id, a prefixed name, an IRI; a class, a predicate,
  a graph name), as patterns every value of which the code accepts;
- the media types a route really sends (not FastAPI's `application/json` stub for a route that
  returns a plain `Response`).

HEAD is answered on every GET route (`graphkit.api.app.HeadAsGet`) and, as HTTP has it, not
listed per operation.
"""

from __future__ import annotations

import copy
from typing import Any

from fastapi import FastAPI

from graphkit.api.schemas import ErrorOut
from graphkit.namespaces import PREFIXES
from graphkit.results import GRAPH_FORMATS, MEDIA_TYPES, SOLUTION_FORMATS

# --- references ------------------------------------------------------------------------------
# Written in the syntax ECMA-262 and Python share (JSON Schema's patterns are ECMA-262), from
# RFC 3987: every string that matches is a reference the code accepts. The patterns leave out
# a little the code accepts too (IP-literal hosts, characters outside the BMP, private-use
# characters in a query): they promise, they do not fence.

#: iunreserved: ASCII letters, digits, -._~ and the BMP part of RFC 3987's ucschar (each class
#: below starts with its "-", where ECMA-262 and Python both read it as itself).
_UNRESERVED = r"A-Za-z0-9._~\u00A0-\uD7FF\uF900-\uFDCF\uFDF0-\uFFEF"
_SUB_DELIMS = "!$&'()*+,;="
_PCHAR = f"[-{_UNRESERVED}{_SUB_DELIMS}:@]"
#: An absolute IRI with an authority (``https://…``): scheme, host, port, path, query, fragment
#: (percent escapes are accepted too, but not promised).
IRI = (
    f"[A-Za-z][-A-Za-z0-9+.]*://[-{_UNRESERVED}{_SUB_DELIMS}]*(?::[0-9]*)?(?:/{_PCHAR}*)*"
    f"(?:\\?[-{_UNRESERVED}{_SUB_DELIMS}:@/?]*)?(?:#[-{_UNRESERVED}{_SUB_DELIMS}:@/?]*)?"
)
#: A local name after a known prefix (``gk:City``, ``id:doc/bbwa-eurocities-2021``).
_LOCAL = f"[A-Za-z0-9_][-{_UNRESERVED}/]*"
PREFIXED = "(?:" + "|".join(sorted(PREFIXES)) + "):" + _LOCAL
#: An own id: the local part of an IRI under the id namespace (``bbwa``, ``doc/…``).
OWN_ID = "[A-Za-z0-9_][-A-Za-z0-9._~]*(?:/[A-Za-z0-9_][-A-Za-z0-9._~]*)*"
#: ``~`` and the unpadded base64url of an IRI (the id of an IRI outside the id namespace).
FOREIGN_ID = "~(?:[-A-Za-z0-9_]{4})*(?:[-A-Za-z0-9_]{4}|[-A-Za-z0-9_]{2,3})"
#: A bare term name, read in graphkit's ontology (``City``, ``fundedBy``).
_NAME = "[A-Za-z_][-A-Za-z0-9_.]*"


def _any_of(*patterns: str) -> str:
    return "^(?:" + "|".join(patterns) + ")$"


ENTITY_REF = _any_of(OWN_ID, FOREIGN_ID, PREFIXED, IRI)
CLASS_REF = _any_of(_NAME, FOREIGN_ID, PREFIXED, IRI)
#: A bare property name: what may follow graphkit's namespace (``…/ontology#``) in an IRI.
_FRAGMENT_NAME = f"[-{_UNRESERVED}{_SUB_DELIMS}@/?]+"
PREDICATE_REF = _any_of(_FRAGMENT_NAME, PREFIXED, IRI)
GRAPH_REF = _any_of(OWN_ID, PREFIXED, IRI, f"<{IRI}>")

_ENTITY = {
    "type": "string",
    "pattern": ENTITY_REF,
    "description": "An id (`bbwa`, `doc/…`), a `~` id (the base64url of an IRI outside the id "
    "namespace), a prefixed name (`id:bbwa`) or an absolute IRI.",
}
#: Schema of each reference parameter, by (location, name).
REFERENCES: dict[tuple[str, str], dict[str, Any]] = {
    ("path", "id"): _ENTITY,
    ("query", "from"): _ENTITY,
    ("query", "to"): _ENTITY,
    ("query", "focus"): _ENTITY,
    ("query", "type"): {
        "type": "string",
        "pattern": CLASS_REF,
        "description": "A class in the store: a name in graphkit's ontology (`City`), a prefixed name "
        "(`gk:City`), a `~` id or an IRI.",
    },
    ("query", "predicate"): {
        "type": "string",
        "pattern": PREDICATE_REF,
        "description": "A property: a name in graphkit's ontology (`fundedBy`), a prefixed name with a "
        "known prefix (`gk:fundedBy`) or an IRI.",
    },
    ("query", "exclude_predicate"): {
        "type": "string",
        "pattern": PREDICATE_REF,
        "description": "A property: a name in graphkit's ontology (`fundedBy`), a prefixed name with a "
        "known prefix (`gk:fundedBy`) or an IRI.",
    },
    ("query", "graph"): {
        "type": "string",
        "pattern": GRAPH_REF,
        "description": "A named graph: `graph:name`, a bare name, an IRI or `<IRI>`.",
    },
}

#: Parameters whose values the schema cannot fully judge: the server checks them against the
#: store or a grammar, and a value that fails gets 400/422 naming the parameter
#: (`detail.parameter`). Everything else the schema allows is accepted (tests/api/test_schemathesis.py).
CHECKED_BEYOND_SCHEMA: dict[str, str] = {
    "id": "a `~` id must be the one base64url spelling of a valid IRI, and an IRI must be one the "
    "store's parser accepts (RFC 3987)",
    "from": "as `id`; as a period's start, a real day, month or year",
    "to": "as `id`; as a period's end, a real day, month or year not before `from`",
    "focus": "as `id`",
    "q": "it must hold a letter or a digit",
    "type": "it must name a class of the store",
    "predicate": "it must expand to a valid IRI",
    "graph": "it must expand to a valid IRI; `graph` or `default` must be given",
    "query": "SPARQL 1.1 syntax, within the server's size and nesting limits",
    "update": "SPARQL 1.1 Update syntax",
    "format": "it must fit the query's kind (solutions or a graph)",
    "default-graph-uri": "a graph of the store",
    "named-graph-uri": "a graph of the store",
    "as_of": "it must be a real day, month or year, and not come with a period's start or end",
    "since": "it must be a real day, month or year",
    "until": "it must be a real day, month or year not before `since`",
    "k": "not with `limit`",
    "pivots": "for `measure=betweenness` only",
    "exclude_predicate": "as `predicate`",
    "candidates": "the body of `/api/candidates/…` must be a candidates file as `graphkit extract` "
    "writes it (every candidate's id, kind, fields and evidence; the message names the line)",
}


# --- errors ----------------------------------------------------------------------------------

ERROR_DESCRIPTIONS = {
    400: "Bad request: a malformed value, query or body (the message says which).",
    403: "Refused: a SPARQL feature this endpoint does not run (SERVICE, LOAD, a graph outside the "
    "store), or a write without the update token.",
    404: "Not found: no such entity or graph.",
    405: "The default graph cannot be written (`Allow` lists the methods it answers).",
    406: "Not acceptable: nothing in `Accept` fits the result.",
    413: "Too large: the query or the body is over the server's limit.",
    422: "Invalid parameter (`detail.parameter` names it), or data that fails the checks "
    "(`detail` lists the violations).",
    503: "Unavailable for now: every query worker is busy, the query ran past its time limit, or "
    "the store cannot be read; `Retry-After` says when to try again.",
}

#: The errors each operation can answer with. Every one can be 503 (the store, the workers).
ERRORS: dict[str, tuple[int, ...]] = {
    "GET /sparql": (400, 403, 406, 413, 503),
    "POST /sparql": (400, 403, 406, 413, 422, 503),
    "GET /api/search": (400, 422, 503),
    "GET /api/entities/{id}": (404, 422, 503),
    "GET /api/entities/{id}/neighbourhood": (404, 422, 503),
    "GET /api/path": (404, 422, 503),
    "GET /id/{id}": (404, 422, 503),
    "GET /entities/{id}": (404, 422, 503),
    "GET /api/stats": (422, 503),
    "GET /.well-known/void": (400, 406, 503),
    "GET /healthz": (503,),
    "GET /graph": (404, 422, 503),
    "GET /api/graphs": (503,),
    "GET /rdf-graphs": (400, 404, 422, 503),
    "PUT /rdf-graphs": (400, 403, 405, 413, 422, 503),
    "POST /rdf-graphs": (400, 403, 405, 413, 422, 503),
    "DELETE /rdf-graphs": (400, 403, 404, 405, 422, 503),
    "GET /api/analytics/centrality": (400, 404, 413, 422, 503),
    "GET /api/analytics/communities": (400, 404, 422, 503),
    "GET /api/analytics/components": (400, 404, 422, 503),
    "GET /api/analytics/brokers": (400, 404, 422, 503),
    "GET /api/analytics/projection": (400, 404, 422, 503),
    "GET /api/analytics/export": (400, 404, 413, 422, 503),
    "POST /api/candidates/parse": (400, 413, 422, 503),
    "POST /api/candidates/yaml": (400, 413, 422, 503),
    "POST /api/candidates/check": (400, 413, 422, 503),
    "POST /api/candidates/load": (400, 403, 413, 422, 503),
}

# --- what routes send and read that FastAPI cannot see -------------------------------------------

_GRAPH_MEDIA = [MEDIA_TYPES[f] for f in GRAPH_FORMATS]
_RESULT_MEDIA = [MEDIA_TYPES[f] for f in (*SOLUTION_FORMATS, *GRAPH_FORMATS)]
_IRIS = {"type": "array", "items": {"type": "string"}}
_FORMAT = {
    "type": "string",
    "enum": [str(f) for f in (*SOLUTION_FORMATS, *GRAPH_FORMATS)],
    "description": "Result format instead of `Accept`: json, xml, csv, tsv (SELECT, ASK) or turtle, "
    "ntriples, jsonld, rdfxml (CONSTRUCT, DESCRIBE).",
}
_DATASET = [
    {
        "name": "default-graph-uri",
        "in": "query",
        "schema": _IRIS,
        "description": "Graphs of the store whose merge is the query's default graph.",
    },
    {
        "name": "named-graph-uri",
        "in": "query",
        "schema": _IRIS,
        "description": "Graphs of the store the query may name with GRAPH.",
    },
    {"name": "format", "in": "query", "schema": _FORMAT},
]
_TEXT = {"schema": {"type": "string"}}

#: A candidates file as the review page sends it: the mapping its YAML holds (checked beyond this
#: schema: `candidates` in CHECKED_BEYOND_SCHEMA).
_CANDIDATES_JSON = {
    "required": True,
    "description": "A candidates file as JSON: the mapping its YAML holds.",
    "content": {
        "application/json": {
            "schema": {
                "type": "object",
                "required": ["graphkit-candidates", "candidates"],
                "properties": {
                    "graphkit-candidates": {"type": "integer", "enum": [1]},
                    "documents": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["id"],
                            "properties": {"id": {"type": "string", "minLength": 1}},
                        },
                    },
                    "candidates": {"type": "array", "items": {"type": "object"}},
                },
            }
        }
    },
}
_CANDIDATES_YAML = {
    "required": True,
    "description": "A candidates file (YAML, as `graphkit extract` writes it).",
    "content": {"application/yaml": _TEXT, "text/plain": _TEXT},
}

#: Parameters, bodies and 200 media types of the operations whose routes read the request
#: themselves (the SPARQL protocol) or answer with a plain `Response`.
EXTRAS: dict[str, dict[str, Any]] = {
    "GET /sparql": {
        "parameters": [
            {
                "name": "query",
                "in": "query",
                "schema": {"type": "string"},
                "description": "A SPARQL 1.1 query (SELECT, ASK, CONSTRUCT, DESCRIBE). Without it: "
                "the editor for browsers, else the Service Description.",
            },
            *_DATASET,
        ],
        "media": [*_RESULT_MEDIA, "text/html"],
    },
    "POST /sparql": {
        "parameters": _DATASET,
        "requestBody": {
            "required": True,
            "content": {
                "application/x-www-form-urlencoded": {
                    "schema": {
                        "type": "object",
                        "properties": {
                            "query": {"type": "string", "description": "A SPARQL 1.1 query."},
                            "update": {
                                "type": "string",
                                "description": "A SPARQL 1.1 Update (needs the update token).",
                            },
                            "default-graph-uri": _IRIS,
                            "named-graph-uri": _IRIS,
                            "format": _FORMAT,
                        },
                        "anyOf": [{"required": ["query"]}, {"required": ["update"]}],
                    }
                },
                "application/sparql-query": _TEXT,
                "application/sparql-update": _TEXT,
            },
        },
        "media": _RESULT_MEDIA,
    },
    "GET /.well-known/void": {"media": _GRAPH_MEDIA},
    "GET /id/{id}": {"media": ["text/html", *_GRAPH_MEDIA]},
    "GET /entities/{id}": {"media": ["text/html", *_GRAPH_MEDIA]},
    "POST /api/candidates/parse": {"requestBody": _CANDIDATES_YAML},
    "POST /api/candidates/yaml": {"requestBody": _CANDIDATES_JSON, "media": ["application/yaml"]},
    "POST /api/candidates/check": {"requestBody": _CANDIDATES_JSON},
    "POST /api/candidates/load": {"requestBody": _CANDIDATES_JSON},
    "PUT /rdf-graphs": {"requestBody": {"required": True, "content": {m: _TEXT for m in _GRAPH_MEDIA}}},
    "POST /rdf-graphs": {"requestBody": {"required": True, "content": {m: _TEXT for m in _GRAPH_MEDIA}}},
}
#: Writes to a graph that was not there answer 201 with its address.
_CREATED = {
    "description": "The graph was created.",
    "headers": {"Location": {"schema": {"type": "string"}, "description": "The graph's URL."}},
}


def _error(status: int) -> dict[str, Any]:
    response: dict[str, Any] = {
        "description": ERROR_DESCRIPTIONS[status],
        "content": {
            "application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}},
            "text/html": {"schema": {"type": "string"}, "example": "<!doctype html>…"},
        },
    }
    if status == 503:
        response["headers"] = {
            "Retry-After": {"schema": {"type": "integer", "minimum": 0}, "description": "Seconds to wait."}
        }
    if status == 405:
        response["headers"] = {
            "Allow": {"schema": {"type": "string"}, "description": "The methods the resource answers."}
        }
    return response


def _constrain(parameter: dict[str, Any]) -> None:
    """Give a reference parameter its pattern (an array parameter: each item)."""
    schema = REFERENCES.get((parameter["in"], parameter["name"]))
    if schema is None:
        return
    described = parameter.get("schema", {})
    items = [s for s in described.get("anyOf", [described]) if s.get("type") in ("string", "array")]
    for option in items:
        target = option["items"] if option["type"] == "array" else option
        target.update({k: v for k, v in schema.items() if k != "description"})
    if "description" in schema and "description" not in parameter:
        parameter["description"] = schema["description"]


def _declare_checks(parameter: dict[str, Any]) -> None:
    """Say in a parameter's description what the server checks beyond its schema."""
    checked = CHECKED_BEYOND_SCHEMA.get(parameter["name"])
    if checked is not None:
        described = parameter.get("description", "").rstrip()
        declared = f"Checked beyond this schema ({checked}): 422 or 400 names it."
        parameter["description"] = f"{described} {declared}".strip()


def complete(spec: dict[str, Any]) -> dict[str, Any]:
    """Add the errors, the protocol's inputs and the references' patterns to FastAPI's `spec`."""
    schemas = spec.setdefault("components", {}).setdefault("schemas", {})
    error_schema = ErrorOut.model_json_schema(ref_template="#/components/schemas/{model}")
    schemas.update(error_schema.pop("$defs", {}))
    schemas["ErrorOut"] = error_schema
    schemas.pop("HTTPValidationError", None)
    schemas.pop("ValidationError", None)
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            key = f"{method.upper()} {path}"
            extras = copy.deepcopy(EXTRAS.get(key, {}))  # each app's description its own
            operation["parameters"] = [*operation.get("parameters", []), *extras.get("parameters", [])]
            if not operation["parameters"]:
                del operation["parameters"]
            for parameter in operation.get("parameters", []):
                _constrain(parameter)
                _declare_checks(parameter)
            if "requestBody" in extras:
                operation["requestBody"] = extras["requestBody"]
            responses = operation["responses"]
            ok = responses.get("200", {}).get("content", {})
            if "media" in extras:
                responses["200"]["content"] = {m: {} for m in extras["media"]}
            elif ok.get("application/json") == {"schema": {}} and len(ok) > 1:
                del ok["application/json"]  # FastAPI's stub for a route that sends a plain Response
            if method in ("put", "post") and path == "/rdf-graphs":
                responses["201"] = _CREATED
            responses.pop("422", None)  # FastAPI's, with its own body
            for status in ERRORS[key]:
                error = _error(status)
                own = responses.get(str(status), {}).get("description")
                if own:
                    error["description"] = own
                responses[str(status)] = error
    return spec


def install_openapi(app: FastAPI) -> None:
    """Make `app.openapi()` (and /openapi.json) return the completed description, built once."""

    describe = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = complete(describe())
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
