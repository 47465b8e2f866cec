"""Helpers for browser tests: what a page logged, waiting for the first drawing."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any


@dataclass
class PageLog:
    """What a page did: console errors, uncaught errors, dialogs, requested URLs."""

    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)


def watch(page: Any) -> PageLog:
    """Record a page's console errors, page errors, dialogs (dismissed) and requests."""
    log = PageLog()
    page.on("console", lambda m: log.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: log.errors.append(str(e)))
    page.on("request", lambda r: log.requests.append(r.url))

    def on_dialog(dialog: Any) -> None:
        log.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    return log


def wait_until(page: Any, expression: str, *, timeout: float = 20_000) -> None:
    """Poll `expression` in the page until it is true.

    Not `page.wait_for_function`: its polling evaluates strings, which the page's Content
    Security Policy (no 'unsafe-eval') rightly refuses.
    """
    deadline = time.monotonic() + timeout / 1000
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise TimeoutError(f"{expression!r} still false after {timeout / 1000:.0f} s")
        page.wait_for_timeout(25)


def wait_drawn(page: Any, timeout: float = 20_000) -> None:
    """Wait until the network's first drawing is done."""
    wait_until(page, "document.body.dataset.drawn === '1'", timeout=timeout)
