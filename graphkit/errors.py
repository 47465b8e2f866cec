"""The GraphkitError family: every error the core raises, with one JSON body shape."""

from __future__ import annotations

from typing import Any


class GraphkitError(Exception):
    """Base of every error graphkit raises on purpose.

    Attributes:
        status: the HTTP status an adapter should answer with.
        message: one sentence for a person.
        detail: structured facts (file, line, parameter, …) for a program.
    """

    status = 500
    code = "error"

    def __init__(self, message: str, **detail: Any) -> None:
        super().__init__(message)
        self.message = message
        self.detail = {k: v for k, v in detail.items() if v is not None}

    def __str__(self) -> str:
        return self.message


class BadRequest(GraphkitError):
    """The caller asked for something malformed (a bad parameter or value)."""

    status = 400
    code = "bad_request"


class InvalidParameter(BadRequest):
    """A request parameter has a value that cannot be used; detail names the parameter."""

    status = 422
    code = "invalid_parameter"


class NotFound(GraphkitError):
    """The thing asked for does not exist."""

    status = 404
    code = "not_found"


class QueryError(BadRequest):
    """A SPARQL query could not be parsed or is not allowed; detail has line/column."""

    code = "query_error"


class QueryRefused(QueryError):
    """A query is valid SPARQL but not allowed here (an update, SERVICE, LOAD, outside FROM)."""

    status = 403
    code = "query_refused"


class TooLarge(GraphkitError):
    """A request body or query text is larger than a limit allows (413); detail names the setting."""

    status = 413
    code = "too_large"


class QueryTimeout(GraphkitError):
    """A query ran past its time limit and was stopped."""

    status = 503
    code = "query_timeout"


class ServiceBusy(GraphkitError):
    """Every query worker is busy; the client should retry after `retry_after` seconds."""

    status = 503
    code = "busy"


class LoadError(GraphkitError):
    """A source file could not be read or parsed; detail has path and line."""

    status = 400
    code = "load_error"


class ValidationFailed(GraphkitError):
    """Data does not conform to the SHACL shapes; detail lists the violations."""

    status = 422
    code = "validation_failed"


class StoreError(GraphkitError):
    """The store could not be opened or written (locked, missing, read-only…)."""

    status = 503
    code = "store_error"


class ConfigError(GraphkitError):
    """A setting has a value graphkit cannot use."""

    status = 500
    code = "config_error"


def error_body(error: GraphkitError) -> dict[str, Any]:
    """Return the one JSON body every adapter uses for an error."""
    return {"error": {"code": error.code, "message": error.message, "detail": error.detail}}
