"""The fetcher against a real HTTP server on 127.0.0.1 replaying recorded days, with faults."""

from __future__ import annotations

import datetime as dt
import json
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from generator.archive.model import TagFix
from generator.commands.cli import main
from generator.content.client import Limits
from generator.content.fetch import FetchOptions, FetchReport, dates_to_fetch, fetch
from generator.content.store import load_stored_day, save_day
from generator.errors import ArchiveError, FetchError
from tests import fakehf
from tests.conftest import HF, ROOT, tree_digest

MONDAY, TUESDAY = dt.date(2025, 6, 2), dt.date(2025, 6, 3)
TODAY = dt.date(2025, 6, 4)
RECORDED = {date: json.loads((HF / f"{date}.json").read_text()) for date in (MONDAY, TUESDAY)}


@pytest.fixture
def api() -> Iterator[fakehf.FakeApi]:
    days = {str(date): entries for date, entries in RECORDED.items()}
    with fakehf.serve(fakehf.FakeApi(days=days, delay=0.6)) as served:
        yield served


def options(api: fakehf.FakeApi, **changes: float) -> FetchOptions:
    # Small pages, so the recorded days (20 and 29 papers) take several pages each.
    limits = replace(Limits(timeout=0.3, retries=2, backoff=0.01), **changes)
    return FetchOptions(base_url=api.url, page_size=10, limits=limits)


def run_fetch(content: Path, api: fakehf.FakeApi, *dates: dt.date) -> FetchReport:
    return fetch(content, list(dates), options(api), TODAY)


def stored_ids(content: Path, date: dt.date) -> list[str]:
    day = load_stored_day(content, date)
    return [] if day is None else list(day.paper_ids)


@pytest.fixture
def stored(tmp_path: Path, api: fakehf.FakeApi) -> Path:
    """Both recorded days, fetched once."""
    run_fetch(tmp_path, api, MONDAY, TUESDAY)
    api.requests.clear()
    return tmp_path


def test_fetches_every_page_of_every_day(tmp_path: Path, api: fakehf.FakeApi) -> None:
    report = run_fetch(tmp_path, api, MONDAY, TUESDAY)
    assert report.written == [MONDAY, TUESDAY]
    assert report.papers.new == 20 + 29
    # 20 papers in pages of 10: the third page comes back empty, so paging stops there.
    assert [p for d, p in api.requests if d == str(MONDAY)] == [0, 1, 2]
    assert [p for d, p in api.requests if d == str(TUESDAY)] == [0, 1, 2]
    expected = [entry["paper"]["id"] for entry in RECORDED[TUESDAY]]
    assert stored_ids(tmp_path, TUESDAY) == expected


def test_fetching_again_changes_nothing(stored: Path, api: fakehf.FakeApi) -> None:
    before = tree_digest(stored)
    report = run_fetch(stored, api, MONDAY, TUESDAY)
    assert report.written == []
    assert (report.papers.new, report.papers.updated, report.papers.unchanged) == (0, 0, 49)
    assert tree_digest(stored) == before


def test_refetch_refreshes_upvotes_and_keeps_tag_fixes(stored: Path, api: fakehf.FakeApi) -> None:
    day = load_stored_day(stored, MONDAY)
    assert day is not None
    fix = TagFix(add=("agents",), remove=())
    save_day(stored, replace(day, papers=(replace(day.papers[0], tag_fix=fix), *day.papers[1:])))
    api.days[str(MONDAY)][0]["paper"]["upvotes"] = 4321
    report = run_fetch(stored, api, MONDAY)
    again = load_stored_day(stored, MONDAY)
    assert again is not None
    assert (again.papers[0].upvotes, again.papers[0].tag_fix) == (4321, fix)
    assert report.papers.updated == 1


def test_new_papers_later_in_the_day_are_added(tmp_path: Path, api: fakehf.FakeApi) -> None:
    full = api.days[str(TUESDAY)]
    api.days[str(TUESDAY)] = full[:12]
    run_fetch(tmp_path, api, TUESDAY)
    api.days[str(TUESDAY)] = full
    report = run_fetch(tmp_path, api, TUESDAY)
    assert report.papers.new == len(full) - 12
    assert len(stored_ids(tmp_path, TUESDAY)) == len(full)


@pytest.mark.parametrize("fault", [fakehf.SERVER_ERROR, fakehf.TOO_MANY, fakehf.TIMEOUT])
def test_passing_faults_are_retried(tmp_path: Path, api: fakehf.FakeApi, fault: str) -> None:
    api.faults[(str(MONDAY), 1)] = [fault, fault]
    told: list[str] = []
    report = fetch(tmp_path, [MONDAY], options(api), TODAY, told.append)
    assert report.failed == []
    assert len(stored_ids(tmp_path, MONDAY)) == 20
    assert api.requests.count((str(MONDAY), 1)) == 3
    # Each wait is told as it begins (up to half a minute of them passed in silence).
    retrying = rf"{MONDAY} page 1: trying again in \d+\.\d s"
    assert [re.fullmatch(retrying, line) is not None for line in told] == [True, True, False]
    assert told[-1] == f"{MONDAY}: 20 papers"


@pytest.mark.parametrize(
    ("fault", "message"),
    [
        (fakehf.SERVER_ERROR, f"{MONDAY} page 0: HTTP 500"),
        (fakehf.TIMEOUT, f"{MONDAY} page 0: no answer after retries"),
        (fakehf.TRUNCATED, f"{MONDAY} page 0:1: not valid JSON"),
        (fakehf.HTML, f"{MONDAY} page 0:1: not valid JSON"),
        (fakehf.TYPE_CHANGED, "entry 1: 'upvotes' should be a whole number of 0 or more, found '"),
    ],
)
def test_a_broken_source_fails_loudly_and_loses_nothing(
    stored: Path, api: fakehf.FakeApi, fault: str, message: str
) -> None:
    api.always[str(MONDAY)] = fault
    api.days[str(TUESDAY)][0]["paper"]["upvotes"] = 999
    before = (stored / "days/2025/2025-06-02.yml").read_bytes()
    with pytest.raises(FetchError) as error:
        run_fetch(stored, api, MONDAY, TUESDAY)
    assert message in str(error.value)
    assert "1 failed" in str(error.value)
    assert (stored / "days/2025/2025-06-02.yml").read_bytes() == before
    # The day that did arrive is saved all the same.
    tuesday = load_stored_day(stored, TUESDAY)
    assert tuesday is not None and tuesday.papers[0].upvotes == 999


@pytest.mark.parametrize("fault", [fakehf.EMPTY, fakehf.SHORT])
def test_a_shorter_answer_never_shrinks_a_stored_day(
    stored: Path, api: fakehf.FakeApi, fault: str
) -> None:
    before = tree_digest(stored)
    api.always[str(MONDAY)] = fault
    report = run_fetch(stored, api, MONDAY)
    assert report.failed == [] and report.written == []
    assert tree_digest(stored) == before
    assert len(stored_ids(stored, MONDAY)) == 20


def test_a_day_not_begun_is_not_yet_not_an_error(tmp_path: Path, api: fakehf.FakeApi) -> None:
    report = run_fetch(tmp_path, api, TUESDAY, TODAY)
    assert report.not_yet == [TODAY]
    assert report.failed == []
    assert "1 not yet published" in report.summary()


def test_http_400_for_a_long_past_day_is_an_error(tmp_path: Path, api: fakehf.FakeApi) -> None:
    with pytest.raises(FetchError, match="2025-05-01: HTTP 400 for a past day"):
        run_fetch(tmp_path, api, dt.date(2025, 5, 1))


def test_a_week_without_papers_is_a_broken_source(tmp_path: Path, api: fakehf.FakeApi) -> None:
    week = [MONDAY + dt.timedelta(days=n) for n in range(7)]
    api.days.update({str(date): [] for date in week})
    with pytest.raises(FetchError, match="no papers on any of 5 weekdays"):
        fetch(tmp_path, week, options(api), week[-1])


def test_a_run_ending_in_a_week_without_papers_is_a_broken_source(
    tmp_path: Path, api: fakehf.FakeApi
) -> None:
    """Days with papers, then a week of weekdays without: a backfill's months ending in
    silence passed (the alarm wanted every day empty). The alarm is no failed day."""
    week = [TUESDAY + dt.timedelta(days=n) for n in range(1, 8)]
    api.days.update({str(date): [] for date in week})
    with pytest.raises(FetchError) as raised:
        fetch(tmp_path, [MONDAY, TUESDAY, *week], options(api), week[-1])
    lines = str(raised.value).splitlines()
    assert (
        lines[0] == f"no papers on any of the last 5 weekdays fetched, from {week[0]} to {week[-1]}"
    )
    assert "(7 empty, 0 not yet published, 0 failed)" in lines[1]
    assert len(stored_ids(tmp_path, TUESDAY)) == 29  # the days with papers are saved
    # Four silent weekdays at the end (Wednesday to Monday) are a quiet spell.
    assert fetch(tmp_path, [MONDAY, TUESDAY, *week[:6]], options(api), week[-1]).failed == []


def test_the_command_prints_a_summary(
    tmp_path: Path, api: fakehf.FakeApi, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["fetch", "--content", str(tmp_path), "--date", str(MONDAY), "--base-url", api.url]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "fetched 1 day(s)" in out and "papers 20 new" in out and "1 day file(s) written" in out


def test_each_day_is_told_as_it_arrives(tmp_path: Path, api: fakehf.FakeApi) -> None:
    """A backfill of months was silent until its end; a failure is told in full at the end."""
    api.always[str(TUESDAY)] = fakehf.TRUNCATED
    told: list[str] = []
    with pytest.raises(FetchError, match=f"{TUESDAY} page 0:1: not valid JSON"):
        fetch(tmp_path, [MONDAY, TUESDAY, TODAY], options(api), TODAY, told.append)
    assert told == [
        f"{MONDAY}: 20 papers",
        f"{TUESDAY}: failed (told at the end)",
        f"{TODAY}: not published yet",
    ]


def test_an_interrupt_saves_the_days_that_arrived(tmp_path: Path, api: fakehf.FakeApi) -> None:
    """Ctrl-C while a day hangs stops fetching as the run's deadline does: the days that came
    whole are saved, the rest named, exit 1 (it ended in a traceback and saved nothing)."""
    api.always[str(TUESDAY)] = fakehf.TIMEOUT
    api.delay = 60
    fetching = subprocess.Popen(
        [sys.executable, "-m", "generator", "fetch", "--content", str(tmp_path),
         "--since", str(MONDAY), "--base-url", api.url],
        stderr=subprocess.PIPE, text=True, cwd=ROOT,
    )  # fmt: skip
    assert fetching.stderr is not None
    assert fetching.stderr.readline() == f"{MONDAY}: 20 papers\n"
    time.sleep(0.5)  # asking for Tuesday
    fetching.send_signal(signal.SIGINT)
    rest = fetching.communicate(timeout=60)[1]
    assert fetching.returncode == 1, rest
    assert "interrupted; not fetched: " in rest and f"days from {TUESDAY}" in rest
    assert "Traceback" not in rest
    assert len(stored_ids(tmp_path, MONDAY)) == 20


def test_the_command_exits_non_zero_on_a_broken_source(
    stored: Path, api: fakehf.FakeApi, capsys: pytest.CaptureFixture[str]
) -> None:
    before = tree_digest(stored)
    api.always[str(MONDAY)] = fakehf.TRUNCATED
    args = ["fetch", "--content", str(stored), "--date", str(MONDAY), "--base-url", api.url]
    assert main(args) == 1
    err = capsys.readouterr().err
    assert f"{MONDAY} page 0:1: not valid JSON" in err and "1 failed" in err
    assert tree_digest(stored) == before


def test_dates_to_fetch() -> None:
    today = dt.date(2025, 6, 14)
    assert dates_to_fetch(today, None, None, None)[0] == dt.date(2025, 6, 1)
    assert len(dates_to_fetch(today, None, None, None)) == 14
    assert dates_to_fetch(today, None, None, 2) == [dt.date(2025, 6, 13), today]
    assert dates_to_fetch(today, None, dt.date(2025, 6, 12), None)[-1] == today
    assert dates_to_fetch(today, MONDAY, None, None) == [MONDAY]
    # A day after today fetched nothing and exited 0, which a mistyped year passed for;
    # tomorrow in UTC may be today east of it, and is asked for.
    with pytest.raises(ArchiveError, match=r"2025-07-01 is after today \(2025-06-14, UTC\)"):
        dates_to_fetch(today, None, dt.date(2025, 7, 1), None)
    tomorrow = today + dt.timedelta(days=1)
    assert dates_to_fetch(today, None, tomorrow, None) == [tomorrow]
    # Days outside the archive's are refused, not an OverflowError's traceback.
    with pytest.raises(ArchiveError, match="reach back before 1990-01-01"):
        dates_to_fetch(today, None, None, 100_000_000)
    with pytest.raises(ArchiveError, match="0001-01-01 is not a day of the archive"):
        dates_to_fetch(today, None, dt.date(1, 1, 1), None)


def test_a_day_longer_than_the_pages_a_fetch_takes_fails(
    tmp_path: Path, api: fakehf.FakeApi
) -> None:
    """A server ignoring the page number (or a day past any real one) is no day cut short."""
    few = replace(options(api), max_pages=2)  # Tuesday's 29 papers fill three pages of ten
    with pytest.raises(FetchError, match=f"{TUESDAY}: 2 full pages \\(20 papers\\) and more"):
        fetch(tmp_path, [MONDAY, TUESDAY], few, TODAY)
    assert load_stored_day(tmp_path, TUESDAY) is None
    assert load_stored_day(tmp_path, MONDAY) is None  # 20 papers fill both: more may come
    assert fetch(tmp_path, [MONDAY], replace(few, max_pages=3), TODAY).written == [MONDAY]


def test_a_deadline_names_many_days_left_as_a_range(tmp_path: Path, api: fakehf.FakeApi) -> None:
    api.always[str(MONDAY)] = fakehf.TIMEOUT
    dates = [MONDAY + dt.timedelta(days=n) for n in range(40)]
    with pytest.raises(FetchError) as error:
        fetch(tmp_path, dates, options(api, run_seconds=0.5), TODAY)
    assert f"not fetched: 40 days from {MONDAY} to {dates[-1]}" in str(error.value)
