"""Request bodies and query strings read within a limit: refused by what they declare, or as they arrive.

A body is never buffered whole before it is measured. Its `Content-Length` is checked first;
a body without one (chunked) is read chunk by chunk and refused as soon as it passes the
limit, so a 16 MB query costs the server at most the limit, not the body. The error is the
one JSON body (413 `too_large`) and names the setting that sets the limit.
"""

from __future__ import annotations

from fastapi import Request

from graphkit.errors import TooLarge

#: URL encoding writes a byte as up to three (%XX): a form or query string holding a query
#: of `max_query_bytes` may be this many times longer, plus room for its other parameters.
ENCODED = 3
_OTHER_PARAMETERS = 8 * 1024


def encoded_limit(max_query_bytes: int) -> int:
    """Return the longest form body or query string that may hold a query of `max_query_bytes`."""
    return ENCODED * max_query_bytes + _OTHER_PARAMETERS


def _too_large(limit: int, setting: str, what: str) -> TooLarge:
    return TooLarge(
        f"The {what} is larger than {limit:,} bytes ({setting}); send a smaller one.",
        setting=setting,
        limit=limit,
    )


def check_query_string(request: Request, *, limit: int, setting: str) -> None:
    """Refuse a query string longer than `limit` bytes before it is parsed.

    Raises:
        TooLarge: it is (413).
    """
    if len(request.scope.get("query_string", b"")) > limit:
        raise _too_large(limit, setting, "query string")


async def read_body(request: Request, *, limit: int, setting: str, what: str = "request body") -> bytes:
    """Return the request body, refusing it (unread) by its Content-Length or as soon as it passes `limit`.

    Raises:
        TooLarge: the body is (or says it is) larger than `limit` bytes (413).
    """
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise _too_large(limit, setting, what)
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise _too_large(limit, setting, what)
        chunks.append(chunk)
    return b"".join(chunks)


__all__ = ["ENCODED", "check_query_string", "encoded_limit", "read_body"]
