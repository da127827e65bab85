"""The fetcher's HTTP client: every request bounded in time and bytes, the whole run too.

`requests` alone bounds neither: its read timeout restarts with every byte (a server that drips
never times out), a body is read whole into memory however long, and urllib3's retries obey any
`Retry-After`. Here each answer must arrive whole within `request_seconds` and `max_bytes`, the
run ends at its deadline, a wait the server asks for (`Retry-After`, or the `t=` of the Hub's
`RateLimit` header on a 429) is honoured only up to `max_wait` and within the deadline, a
redirect is followed only on the same host (never from https to http), and the body must be
UTF-8. Every refusal says which limit was hit. A token (the Hub's, from HF_TOKEN) is sent to the
Hub over https only, and never shown.
"""

from __future__ import annotations

import queue
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import requests
import urllib3

from generator.errors import FetchError

_RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_MAX_REDIRECTS = 5
_RATE_LIMIT_WAIT = re.compile(r"(?:^|[;,\s])t=(\d+)", re.ASCII)
_CHUNK = 65536


@dataclass(frozen=True)
class Limits:
    """What one fetch may cost. The defaults fit the publish workflow's 20-minute job."""

    timeout: float = 30.0  # seconds without a byte before a request is given up (socket)
    request_seconds: float = 90.0  # one answer, from asking to its last byte
    run_seconds: float = 15 * 60.0  # the whole run: days fetched by then are saved
    max_bytes: int = 32 * 1024 * 1024  # one answer (a real page of 100 papers: about 0.4 MB)
    max_wait: float = 120.0  # the longest wait a server may ask for before a retry
    retries: int = 4
    backoff: float = 2.0  # seconds; doubled after every retry
    token: str | None = field(default=None, repr=False)  # never printed
    token_origins: tuple[str, ...] = ("https://huggingface.co",)  # where the token may go


class DeadlineError(FetchError):
    """The whole run's deadline passed: the days not fetched yet are not tried."""


@dataclass(frozen=True)
class Answer:
    status: int
    url: str
    text: str


class Client:
    """GETs within `Limits`; `sleep` and `clock` can be replaced (tests of waiting)."""

    def __init__(
        self,
        limits: Limits,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        note: Callable[[str], None] = lambda _: None,
    ) -> None:
        self.limits, self.clock, self.sleep = limits, clock, sleep
        self.note = note  # told of each wait before a retry: they add up to half a minute
        self.deadline = clock() + limits.run_seconds
        self.http = requests.Session()
        self.http.headers["User-Agent"] = "paper-archive fetcher (+https://github.com)"

    def left(self) -> float:
        return self.deadline - self.clock()

    def get(self, url: str, params: dict[str, str], what: str) -> Answer:
        """The answer to GET `url`, after retrying what may pass; FetchError says what failed."""
        delay = self.limits.backoff
        for attempt in range(self.limits.retries + 1):
            last = attempt == self.limits.retries
            try:
                answer = self._follow(url, params, what)
            except _PassingError as error:
                if last:
                    raise FetchError(
                        f"{what}: no answer after retries ({attempt + 1} tries, {error})"
                    ) from None
                self._wait(delay, what)
                delay *= 2
                continue
            if answer.status not in _RETRY_STATUSES or last:
                return _decoded(answer, what)
            self._wait(self._asked_wait(answer, delay, what), what)
            delay *= 2
        raise AssertionError("unreachable")  # pragma: no cover

    def _asked_wait(self, answer: _Raw, delay: float, what: str) -> float:
        asked = _server_wait(answer.headers)
        if asked is None:
            return delay
        if asked > self.limits.max_wait:
            raise FetchError(
                f"{what}: HTTP {answer.status}, and the server asks to wait {asked:.0f} s, "
                f"longer than the {self.limits.max_wait:.0f} s a retry may wait"
            )
        return asked

    def _wait(self, seconds: float, what: str) -> None:
        if seconds >= self.left():
            raise DeadlineError(
                f"{what}: the run's deadline ({self.limits.run_seconds:.0f} s) would pass "
                f"before a retry in {seconds:.0f} s"
            )
        self.note(f"{what}: trying again in {seconds:.1f} s")
        self.sleep(seconds)

    def _follow(self, url: str, params: dict[str, str] | None, what: str) -> _Raw:
        """One request, following redirects on the same host only."""
        for _ in range(_MAX_REDIRECTS + 1):
            raw = self._request(url, params, what)
            if raw.status not in _REDIRECTS:
                return raw
            target = urljoin(raw.url, raw.headers.get("Location", ""))
            refused = redirect_problem(url, target)
            if refused:
                raise FetchError(f"{what}: {refused}: not followed")
            url, params = target, None
        raise FetchError(f"{what}: more than {_MAX_REDIRECTS} redirects")

    def _request(self, url: str, params: dict[str, str] | None, what: str) -> _Raw:
        if self.left() <= 0:
            raise DeadlineError(
                f"{what}: the run's deadline ({self.limits.run_seconds:.0f} s) passed"
            )
        started = self.clock()
        response = self._headers(url, params, what)
        with response:
            body = self._body(response, started, what)
            return _Raw(response.status_code, response.url, dict(response.headers), body)

    def _headers(self, url: str, params: dict[str, str] | None, what: str) -> requests.Response:
        """The answer's status and headers within the request's limit. The socket's timeout
        restarts with every byte, so a server that drips its headers would hold a plain call
        for ever: the call runs in a thread of its own, abandoned (a daemon) past the limit."""
        found: queue.Queue[requests.Response | Exception] = queue.Queue(maxsize=1)

        def call() -> None:
            try:
                found.put(
                    self.http.get(
                        url,
                        params=params,
                        headers=self._credentials(url),
                        timeout=self.limits.timeout,
                        stream=True,
                        allow_redirects=False,
                    )
                )
            except Exception as error:  # handed to the caller, which names it
                found.put(error)

        threading.Thread(target=call, daemon=True).start()
        limit, left = self.limits.request_seconds, self.left()
        try:
            answer = found.get(timeout=max(0.0, min(limit, left)))
        except queue.Empty:
            if left < limit:
                raise DeadlineError(
                    f"{what}: the run's deadline ({self.limits.run_seconds:.0f} s) passed "
                    "while waiting for the answer"
                ) from None
            raise FetchError(
                f"{what}: no answer's headers within {limit:.0f} s (the limit of one request)"
            ) from None
        if isinstance(answer, requests.RequestException):
            raise _PassingError(f"request failed ({type(answer).__name__})")
        if isinstance(answer, Exception):
            raise answer
        return answer

    def _credentials(self, url: str) -> dict[str, str]:
        """The token's header, for the Hub over https only: a fork's ARCHIVE_FETCH_URL (another
        host, or plain http) must never receive the maintainer's HF_TOKEN."""
        parts = urlsplit(url)
        if self.limits.token and f"{parts.scheme}://{parts.netloc}" in self.limits.token_origins:
            return {"Authorization": f"Bearer {self.limits.token}"}
        return {}

    def _body(self, response: requests.Response, started: float, what: str) -> bytes:
        """The body, read as it comes (read1: a dripping server cannot hold one read)."""
        limits, parts, size = self.limits, [], 0
        try:
            while chunk := response.raw.read1(_CHUNK, decode_content=True):
                size += len(chunk)
                if size > limits.max_bytes:
                    raise FetchError(f"{what}: answer larger than {limits.max_bytes:,} bytes")
                now = self.clock()
                if now - started > limits.request_seconds:
                    raise FetchError(
                        f"{what}: no whole answer within {limits.request_seconds:.0f} s "
                        "(the limit of one request)"
                    )
                if now > self.deadline:
                    raise DeadlineError(
                        f"{what}: the run's deadline ({limits.run_seconds:.0f} s) passed "
                        "while the answer was arriving"
                    )
                parts.append(chunk)
        except (
            requests.RequestException,
            urllib3.exceptions.HTTPError,
            OSError,
            ValueError,
        ) as error:
            # urllib3's own errors (a read timeout mid-body) are no RequestException: read1
            # reads the raw stream past requests' wrapping.
            raise _PassingError(f"the answer broke off ({type(error).__name__})") from None
        return b"".join(parts)


def redirect_problem(url: str, target: str) -> str | None:
    """Why a redirect from `url` to `target` is not followed: another host (or scheme than
    http(s)), or https to http (the token and the answer would travel in clear)."""
    here, there = urlsplit(url), urlsplit(target)
    if there.netloc != here.netloc or there.scheme not in ("http", "https"):
        return f"redirected to another host ({target})"
    if here.scheme == "https" and there.scheme != "https":
        return f"redirected from https to {target}"
    return None


@dataclass(frozen=True)
class _Raw:
    status: int
    url: str
    headers: dict[str, str]
    body: bytes


class _PassingError(Exception):
    """A failure worth retrying: no connection, a timeout, an answer cut short."""


def _server_wait(headers: dict[str, str]) -> float | None:
    """The wait the server asks for: the Hub's `RateLimit: "api";r=0;t=42`, or Retry-After."""
    lowered = {key.lower(): value for key, value in headers.items()}
    found = _RATE_LIMIT_WAIT.search(lowered.get("ratelimit", ""))
    if found:
        return float(found.group(1))
    retry_after = lowered.get("retry-after", "").strip()
    # Delay-seconds are ASCII digits (RFC 9110); str.isdigit() would take '²' too.
    return float(retry_after) if retry_after.isascii() and retry_after.isdigit() else None


def _decoded(raw: _Raw, what: str) -> Answer:
    try:
        text = raw.body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise FetchError(
            f"{what}: the answer is not UTF-8 (byte {error.start} of {len(raw.body)})"
        ) from None
    return Answer(raw.status, raw.url, text)
