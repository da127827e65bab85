"""The fetcher against hostile answers on 127.0.0.1: each ends in a clear message naming the day
and the limit hit, within the limits, with every day that arrived whole saved (issue 20)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.commands.cli import main
from generator.content.client import Client, Limits, _server_wait, redirect_problem
from generator.content.fetch import FetchOptions, fetch
from generator.content.store import load_stored_day
from generator.errors import FetchError
from tests import fakehf
from tests.content.test_fetch import MONDAY, RECORDED, TODAY, TUESDAY

QUICK = Limits(timeout=0.5, request_seconds=1.0, run_seconds=20.0, retries=1, backoff=0.01)


@pytest.fixture
def api() -> Iterator[fakehf.FakeApi]:
    days = {str(date): entries for date, entries in RECORDED.items()}
    with fakehf.serve(fakehf.FakeApi(days=days)) as served:
        yield served


def run(content: Path, api: fakehf.FakeApi, limits: Limits = QUICK) -> str:
    """Fetch both days with Monday's answers hostile; the error message (the run must fail)."""
    options = FetchOptions(base_url=api.url, page_size=100, limits=limits)
    with pytest.raises(FetchError) as error:
        fetch(content, [MONDAY, TUESDAY], options, TODAY)
    return str(error.value)


def tuesday_saved(content: Path) -> bool:
    day = load_stored_day(content, TUESDAY)
    return day is not None and len(day.papers) == len(RECORDED[TUESDAY])


@pytest.mark.parametrize(
    ("fault", "message"),
    [
        (fakehf.DRIP, "no whole answer within 1 s (the limit of one request)"),
        (fakehf.DRIP_HEADERS, "no answer's headers within 1 s (the limit of one request)"),
        (fakehf.REDIRECT_AWAY, "redirected to another host (http://localhost:"),
        (fakehf.NOT_UTF8, "the answer is not UTF-8 (byte"),
        (fakehf.WAIT_AN_HOUR, "the server asks to wait 3600 s, longer than the 120 s"),
        (fakehf.DEEP, "JSON nested too deeply"),
        (fakehf.HUGE_INT, "Exceeds the limit (4300 digits)"),
        (fakehf.SURROGATE, "entry 1: 'title' holds a lone surrogate"),
        # urllib3's ReadTimeoutError mid-body: a traceback that lost every day, once.
        (
            fakehf.STALL,
            "no answer after retries (2 tries, the answer broke off (ReadTimeoutError))",
        ),
    ],
)
def test_a_hostile_answer_is_named_and_the_other_days_are_saved(
    tmp_path: Path, api: fakehf.FakeApi, fault: str, message: str
) -> None:
    api.always[str(MONDAY)] = fault
    started = time.monotonic()
    shown = run(tmp_path, api)
    assert time.monotonic() - started < 15
    assert f"{MONDAY} page 0" in shown and message in shown
    assert load_stored_day(tmp_path, MONDAY) is None
    assert tuesday_saved(tmp_path)


def test_an_endless_answer_stops_at_the_byte_cap(tmp_path: Path, api: fakehf.FakeApi) -> None:
    api.always[str(MONDAY)] = fakehf.ENDLESS
    shown = run(tmp_path, api, replace(QUICK, max_bytes=2_000_000, request_seconds=60))
    assert f"{MONDAY} page 0: answer larger than 2,000,000 bytes" in shown
    assert tuesday_saved(tmp_path)


def test_the_run_deadline_stops_the_run_and_saves_what_arrived(
    tmp_path: Path, api: fakehf.FakeApi
) -> None:
    api.always[str(TUESDAY)] = fakehf.DRIP
    options = FetchOptions(
        base_url=api.url, limits=replace(QUICK, run_seconds=1.5, request_seconds=60)
    )
    started = time.monotonic()
    with pytest.raises(FetchError) as error:
        fetch(tmp_path, [MONDAY, TUESDAY, TODAY], options, TODAY)
    assert time.monotonic() - started < 10
    assert "the run's deadline (2 s) passed" in str(error.value)
    assert f"not fetched: {TUESDAY}, {TODAY}" in str(error.value)
    assert load_stored_day(tmp_path, MONDAY) is not None


def test_a_rate_limit_wait_is_honoured(tmp_path: Path, api: fakehf.FakeApi) -> None:
    api.faults[(str(MONDAY), 0)] = [fakehf.RATE_LIMITED]
    api.rate_wait = 1
    options = FetchOptions(base_url=api.url, limits=QUICK)
    started = time.monotonic()
    fetch(tmp_path, [MONDAY], options, TODAY)
    assert time.monotonic() - started >= 1.0  # t=1, not the Retry-After: 0 beside it
    assert api.requests == [(str(MONDAY), 0), (str(MONDAY), 0)]


def test_a_rate_limit_past_the_deadline_fails_at_once(tmp_path: Path, api: fakehf.FakeApi) -> None:
    api.always[str(MONDAY)] = fakehf.RATE_LIMITED
    api.rate_wait = 60
    started = time.monotonic()
    shown = run(tmp_path, api, replace(QUICK, run_seconds=30))
    assert time.monotonic() - started < 5
    assert "the run's deadline (30 s) would pass before a retry in 60 s" in shown


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from(["RateLimit", "Retry-After", "X"]), st.text(max_size=30)))
def test_a_server_wait_is_a_number_or_none_whatever_the_headers(headers: dict[str, str]) -> None:
    wait = _server_wait(headers)
    assert wait is None or wait >= 0


def test_the_token_is_not_sent_elsewhere_and_never_shown(
    tmp_path: Path,
    api: fakehf.FakeApi,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    secret = "hf_secretsecretsecret"
    monkeypatch.setenv("HF_TOKEN", secret)
    api.always[str(MONDAY)] = fakehf.NOT_UTF8  # fails at once (no retries) with a message
    args = ["fetch", "--content", str(tmp_path), "--date", str(MONDAY), "--base-url", api.url]
    assert main(["--traceback", *args]) == 1
    # A local http address is no Hub: HF_TOKEN never goes to a fork's ARCHIVE_FETCH_URL.
    assert api.authorizations and set(api.authorizations) == {None}
    shown = capsys.readouterr()
    assert secret not in shown.out + shown.err
    assert secret not in repr(Limits(token=secret))
    assert not any(secret in path.read_text() for path in tmp_path.rglob("*") if path.is_file())


def test_the_token_goes_to_its_origin_only(api: fakehf.FakeApi) -> None:
    limits = replace(QUICK, token="hf_secret", token_origins=(api.url,))
    Client(limits).get(f"{api.url}/api/daily_papers", {"date": str(MONDAY)}, "probe")
    other = api.url.replace("127.0.0.1", "localhost")
    Client(limits).get(f"{other}/api/daily_papers", {"date": str(MONDAY)}, "probe")
    assert api.authorizations == ["Bearer hf_secret", None]


@pytest.mark.parametrize(
    ("url", "target", "problem"),
    [
        ("https://h.org/a", "https://h.org/b", None),
        ("http://h.org/a", "https://h.org/b", None),
        ("https://h.org/a", "http://h.org/b", "redirected from https to http://h.org/b"),
        ("https://h.org/a", "https://evil.org/b", "redirected to another host"),
        ("https://h.org/a", "file://h.org/etc/passwd", "redirected to another host"),
    ],
)
def test_redirects_stay_on_the_host_and_never_leave_https(
    url: str, target: str, problem: str | None
) -> None:
    found = redirect_problem(url, target)
    assert found == problem if problem is None else found is not None and problem in found


def test_no_token_no_authorization(tmp_path: Path, api: fakehf.FakeApi) -> None:
    Client(QUICK).get(f"{api.url}/api/daily_papers", {"date": str(MONDAY)}, "probe")
    assert api.authorizations == [None]


@pytest.mark.parametrize("days", ["-3", "0", "x"])
def test_fetch_days_must_be_positive(days: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["fetch", "--days", days])
    assert stopped.value.code == 2
    assert "not a whole number of 1 or more" in capsys.readouterr().err
