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
# Hostile answers (issue 20): each must end in a clear message within the limits.
DRIP = "drip"  # a byte at a time, never done within a request's limit
DRIP_HEADERS = "drip-headers"  # the headers a byte at a time: the body never starts
ENDLESS = "endless"  # a body that never ends
REDIRECT_AWAY = "redirect-away"  # a redirect to another host
NOT_UTF8 = "not-utf8"
RATE_LIMITED = "rate-limited"  # 429 with the Hub's RateLimit header (t= seconds)
WAIT_AN_HOUR = "wait-an-hour"  # 503 with Retry-After: 3600
DEEP = "deep"  # JSON nested past Python's recursion limit
HUGE_INT = "huge-int"  # an integer of 5,000 digits
SURROGATE = "surrogate"  # a title holding a lone surrogate escape
STALL = "stall"  # a body promised longer than it is, then silence: the read times out mid-body


@dataclass
class FakeApi:
    days: dict[str, list[Any]] = field(default_factory=dict)
    # (date, page) -> faults to play, one per request, before answering normally.
    faults: dict[tuple[str, int], list[str]] = field(default_factory=lambda: defaultdict(list))
    # date -> a fault played on every request for it.
    always: dict[str, str] = field(default_factory=dict)
    requests: list[tuple[str, int]] = field(default_factory=list)
    authorizations: list[str | None] = field(default_factory=list)
    rate_wait: int = 1  # the t= of a RATE_LIMITED answer
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
        if fault in _HOSTILE:
            return _HOSTILE[fault]
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


_HOSTILE = {
    RATE_LIMITED: (429, "application/json", '{"error": "rate limited"}'),
    WAIT_AN_HOUR: (503, "application/json", '{"error": "down for maintenance"}'),
    DEEP: (200, "application/json", "[" * 100_000 + "]" * 100_000),
    HUGE_INT: (200, "application/json", '[{"paper": {"id": "1", "upvotes": ' + "9" * 5000 + "}}]"),
    SURROGATE: (200, "application/json", '[{"paper": {"id": "2505.00001", "title": "a\\ud800"}}]'),
}


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
            api.authorizations.append(self.headers.get("Authorization"))
            fault = _streamed_fault(api, date)
            if fault is not None:
                self._stream(fault, api)
                return
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
                    self.send_header("RateLimit", f'"api";r=0;t={api.rate_wait}')
                if status == 503:
                    self.send_header("Retry-After", "3600")
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up waiting (a timeout fault)

        def _stream(self, fault: str, api: FakeApi) -> None:
            try:
                if fault == REDIRECT_AWAY:  # the same server under another name: another host
                    self.send_response(302)
                    self.send_header(
                        "Location", api.url.replace("127.0.0.1", "localhost") + self.path
                    )
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                if fault == DRIP_HEADERS:
                    self.wfile.write(b"HTTP/1.1 200 OK\r\nX-Slow: ")
                    for _ in range(1_000_000):
                        self.wfile.write(b"x")
                        self.wfile.flush()
                        time.sleep(0.05)
                    return
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                if fault == NOT_UTF8:
                    body = '[{"paper": {"id": "2505.00001", "title": "caf\xe9"}}]'.encode("latin-1")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                    return
                if fault == STALL:
                    self.send_header("Content-Length", "100")
                    self.end_headers()
                    self.wfile.write(b"[")
                    self.wfile.flush()
                    time.sleep(api.delay)
                    return
                self.end_headers()
                chunk, pause = (b" ", 0.05) if fault == DRIP else (b" " * 65536, 0.0)
                self.wfile.write(b"[")
                for _ in range(1_000_000):
                    self.wfile.write(chunk)
                    self.wfile.flush()
                    time.sleep(pause)
            except (BrokenPipeError, ConnectionResetError):
                pass

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler


def _streamed_fault(api: FakeApi, date: str) -> str | None:
    """The next fault for `date` if it is one written as a stream (not one answer)."""
    queued = api.faults.get((date, 0))
    fault = queued[0] if queued else api.always.get(date)
    if fault not in (DRIP, DRIP_HEADERS, ENDLESS, REDIRECT_AWAY, NOT_UTF8, STALL):
        return None
    if queued:
        queued.pop(0)
    api.requests.append((date, 0))
    return fault


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
