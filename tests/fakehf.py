"""A stand-in for the Hugging Face Daily Papers API on 127.0.0.1: real recorded days, and faults.

It pages like the real API (`?date=D&limit=L&p=P`), answers HTTP 400 for a day it does not
know (the API's answer for a day not begun), and plays scripted faults per request.
"""

from __future__ import annotations

import json
import threading
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse

# What a fault does to one answer.
SERVER_ERROR = "500"
TOO_MANY = "429"
TIMEOUT = "timeout"
TRUNCATED = "truncated"
HTML = "html"
EMPTY = "empty"
SHORT = "short"
TYPE_CHANGED = "type-changed"


@dataclass
class FakeApi:
    days: dict[str, list[Any]] = field(default_factory=dict)
    # (date, page) -> faults to play, one per request, before answering normally.
    faults: dict[tuple[str, int], list[str]] = field(default_factory=lambda: defaultdict(list))
    # date -> a fault played on every request for it.
    always: dict[str, str] = field(default_factory=dict)
    requests: list[tuple[str, int]] = field(default_factory=list)
    delay: float = 1.0  # how long a "timeout" keeps the client waiting
    url: str = ""

    def answer(self, date: str, limit: int, page: int) -> tuple[int, str, str]:
        self.requests.append((date, page))
        queued = self.faults.get((date, page))
        fault = queued.pop(0) if queued else self.always.get(date)
        if fault == TIMEOUT:
            time.sleep(self.delay)
        if fault in (SERVER_ERROR, TOO_MANY):
            return int(fault), "application/json", '{"error": "try later"}'
        if fault == HTML:
            return 200, "text/html", "<html><body><h1>502 Bad Gateway</h1></body></html>"
        if date not in self.days:
            return 400, "application/json", '{"error": "date is in the future"}'
        entries = self.days[date]
        if fault == EMPTY:
            entries = []
        elif fault == SHORT:
            entries = entries[:3]
        elif fault == TYPE_CHANGED:
            entries = [_with_string_upvotes(entry) for entry in entries]
        body = json.dumps(entries[page * limit : (page + 1) * limit])
        if fault == TRUNCATED:
            body = body[: len(body) // 2]
        return 200, "application/json", body


def _with_string_upvotes(entry: Any) -> Any:
    changed = json.loads(json.dumps(entry))
    changed["paper"]["upvotes"] = str(changed["paper"].get("upvotes", 0))
    return changed


def _handler(api: FakeApi) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            query = parse_qs(urlparse(self.path).query)
            if urlparse(self.path).path != "/api/daily_papers":
                self.send_error(404)
                return
            date = query["date"][0]
            status, kind, body = api.answer(
                date, int(query.get("limit", ["50"])[0]), int(query.get("p", ["0"])[0])
            )
            data = body.encode("utf-8")
            try:
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(data)))
                if status == 429:
                    self.send_header("Retry-After", "0")
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up waiting (a timeout fault)

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler


@contextmanager
def serve(api: FakeApi) -> Iterator[FakeApi]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(api))
    server.daemon_threads = True
    # A short poll, so that shutting down (once a test) takes a moment, not half a second.
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    api.url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield api
    finally:
        server.shutdown()
        server.server_close()
