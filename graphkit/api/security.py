"""The security headers every response carries, and the Content-Security-Policy the pages run under.

Issue 11, finding 6: no page may be framed, sniffed or run a script that this server did not
serve as a file. The policy names no host but this one and allows no inline script and no
`eval`; the few style sheets the vendored libraries write into `<style>` elements at run time
are allowed one by one, by the SHA-256 of their text.
"""

from __future__ import annotations

import base64
import hashlib
from functools import cache
from pathlib import Path

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from graphkit.viz import vis_style_hashes

#: The installed package's static files.
STATIC = Path(__file__).resolve().parent.parent / "static"
#: YASGUI's column resizer writes this one style sheet (a template literal) when a table is drawn.
_YASGUI_STYLE_START = "r.createStyle(a,`"


def style_hash(text: str) -> str:
    """Return the CSP hash source (``sha256-…``) of an inline style sheet's text."""
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


@cache
def yasgui_style_hashes() -> tuple[str, ...]:
    """Return the hash of the style sheet YASGUI's results table writes into a `<style>` element.

    Raises:
        ValueError: the vendored bundle no longer writes it as expected (a new version).
    """
    text = (STATIC / "yasgui" / "yasgui.min.js").read_text(encoding="utf-8")
    start = text.find(_YASGUI_STYLE_START)
    if start < 0:
        raise ValueError("yasgui.min.js: the style sheet of its column resizer is not found.")
    start += len(_YASGUI_STYLE_START)
    sheet = text[start : text.index("`", start)]
    if "${" in sheet or "\\" in sheet:
        raise ValueError(
            "yasgui.min.js: the column resizer's style sheet is not plain text; its hash would be wrong."
        )
    return (style_hash(sheet),)


def content_security_policy() -> str:
    """Return the Content-Security-Policy of every response.

    Everything a page loads comes from this server (`'self'`): no CDN, no inline script, no
    `eval`. Page data travels in `<script type="application/json">` elements, which are not
    run. The exceptions are the style sheets vis-network writes into `<style>` elements as it
    starts, and the one YASGUI's results table writes: each is allowed by its SHA-256 hash,
    never by `'unsafe-inline'`.
    `img-src data:` is for the small icons the vendored style sheets (YASGUI, swagger-ui,
    vis-network) embed as data: URLs.
    """
    styles = " ".join(f"'{h}'" for h in (*vis_style_hashes(), *yasgui_style_hashes()))
    return "; ".join(
        (
            "default-src 'none'",
            "script-src 'self'",
            f"style-src 'self' {styles}",
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "manifest-src 'self'",
            "form-action 'self'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
        )
    )


def security_headers() -> list[tuple[bytes, bytes]]:
    """Return the headers every response gets (unless it set its own value)."""
    headers = {
        "Content-Security-Policy": content_security_policy(),
        "X-Frame-Options": "DENY",  # frame-ancestors 'none' for browsers without CSP 2
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "Cross-Origin-Opener-Policy": "same-origin",
        # No page needs these; a script that got in could not ask for them either.
        "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
    }
    return [(name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in headers.items()]


class SecurityHeaders:
    """Add the security headers to every response: pages, JSON, static files and errors.

    A plain ASGI middleware, outside everything else (even the handler that answers a bug
    with 500), so no response leaves without them.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.headers = security_headers()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def secured(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", ()))
                present = {name.lower() for name, _ in headers}
                headers += [(name, value) for name, value in self.headers if name not in present]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, secured)
