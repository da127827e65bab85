"""A real browser (Playwright driving Debian's Chromium) and a local HTTP server, for the
benchmarks and the browser tests."""

from __future__ import annotations

import functools
import http.server
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

# Debian's Chromium; elsewhere (a GitHub runner has Google Chrome) set $CHROMIUM.
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    # Bytes of file bodies served, for benchmarks: every request counts, web workers' included
    # (the page's own network events miss those).
    served: list[int] = [0]  # noqa: RUF012 - one counter shared by every request

    def log_message(self, format: str, *args: object) -> None:
        pass

    def copyfile(self, source: Any, outputfile: Any) -> None:
        data = source.read()
        outputfile.write(data)
        self.served[0] += len(data)


@contextmanager
def serve(root: Path, served: list[int] | None = None) -> Iterator[str]:
    """Serve `root` over HTTP on 127.0.0.1 (a free port); yields the base URL. `served[0]`
    counts the bytes of every file sent."""
    counting = type("_Counting", (_QuietHandler,), {"served": [0] if served is None else served})
    handler = functools.partial(counting, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def launch(playwright: object) -> object:
    """Debian's Chromium, headless, with no network of its own."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)  # type: ignore[attr-defined]
