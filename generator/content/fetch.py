"""`fetch`: new and recent days from the Hugging Face Daily Papers API, merged into the store.

Every request and the whole run are bounded in time and bytes (see content.client).
A day's list fills up during the day and upvotes change for about two weeks, so the scheduled
job refetches the last 14 days. What it gets is merged like an import: new papers are added,
stored ones refreshed, and nothing stored is ever dropped, however short the answer. The source
breaking (unparseable answers, server errors that outlast the retries) is an error the job
must fail on, after saving every day that did arrive intact.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from generator.archive.model import FIRST_DATE, Day, Listing, date_problem, unique_listings
from generator.content.client import Client, DeadlineError, Limits
from generator.content.importer import merge_into_store
from generator.content.lock import content_lock
from generator.content.sources.hf_json import parse_response
from generator.content.store import MergeReport, save_day
from generator.errors import ArchiveError, ContentError, FetchError, SourceError
from generator.text import counted

DEFAULT_BASE_URL = "https://huggingface.co"
RECENT_DAYS = 14


@dataclass(frozen=True)
class FetchOptions:
    base_url: str = DEFAULT_BASE_URL
    page_size: int = 100  # the API's largest page
    max_pages: int = 20  # 2,000 papers: far beyond any real day
    limits: Limits = field(default_factory=Limits)  # time, bytes, retries, the token


@dataclass
class FetchReport:
    fetched: list[dt.date] = field(default_factory=list)
    not_yet: list[dt.date] = field(default_factory=list)
    empty: list[dt.date] = field(default_factory=list)
    written: list[dt.date] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    papers: MergeReport = field(default_factory=MergeReport)

    def summary(self) -> str:
        papers = self.papers
        return (
            f"fetched {len(self.fetched)} day(s) ({len(self.empty)} empty, "
            f"{len(self.not_yet)} not yet published, {len(self.failed)} failed): "
            f"papers {papers.new} new, {papers.updated} updated, {papers.unchanged} unchanged; "
            f"{len(self.written)} day file(s) written"
        )


def dates_to_fetch(
    today: dt.date, date: dt.date | None, since: dt.date | None, days: int | None
) -> list[dt.date]:
    """The days a fetch covers: one date, every day since a date, or the last `days` days."""
    if date is not None:
        first = date
    elif since is not None:
        first = since
    else:
        back = (days or RECENT_DAYS) - 1
        if back > (today - FIRST_DATE).days:
            raise ArchiveError(f"the last {days:,} days reach back before {FIRST_DATE}")
        first = today - dt.timedelta(back)
    problem = date_problem(first)
    if problem:
        raise ArchiveError(problem)
    if date is not None:
        return [date]
    # Tomorrow in UTC may be today where the person is: asked for, it is "not published yet".
    if first > today + dt.timedelta(days=1):
        raise ArchiveError(f"{first} is after today ({today}, UTC): no day to fetch yet")
    if first > today:
        return [first]
    return [first + dt.timedelta(days=n) for n in range((today - first).days + 1)]


class _NotYetError(Exception):
    """HTTP 400: the API's answer for a day that has not begun yet."""


def _page(http: Client, options: FetchOptions, date: dt.date, number: int) -> str:
    url = f"{options.base_url.rstrip('/')}/api/daily_papers"
    params = {"date": date.isoformat(), "limit": str(options.page_size), "p": str(number)}
    answer = http.get(url, params, f"{date} page {number}")
    if answer.status == 400:
        raise _NotYetError
    if answer.status != 200:
        raise FetchError(f"{date} page {number}: HTTP {answer.status} from {answer.url}")
    return answer.text


def fetch_day(http: Client, options: FetchOptions, date: dt.date) -> Day | None:
    """Every paper of one day, page by page until a short page; None if not published yet."""
    listings: list[Listing] = []
    for number in range(options.max_pages):
        try:
            text = _page(http, options, date, number)
        except _NotYetError:
            if number == 0:
                return None
            break  # a page past the end; what came before stands
        origin = f"{date} page {number}"
        try:
            page = parse_response(text, origin)
        except SourceError as error:
            raise FetchError(f"the source's answer does not parse:\n{error}") from None
        listings.extend(page)
        if len(page) < options.page_size:
            break
    else:  # every page full: the day goes on past what a fetch takes, and a cut day is no day
        raise FetchError(
            f"{date}: {options.max_pages} full pages ({len(listings):,} papers) and more to come:"
            " not saved (a server that ignores the page number, or a day past any real one)"
        )
    return Day(date=date, papers=unique_listings(listings), source="huggingface")


Note = Callable[[str], None]


def fetch(
    content: Path,
    dates: list[dt.date],
    options: FetchOptions,
    today: dt.date,
    note: Note = lambda _: None,
) -> FetchReport:
    """Fetch `dates` into `content`, telling `note` of each day as it arrives; raises FetchError
    (after saving the rest) if any failed. An interrupt (Ctrl-C) stops fetching as the run's
    deadline does: the days that arrived are saved."""
    report = FetchReport()
    arrived = _fetch_days(Client(options.limits, note=note), options, dates, today, report, note)
    with content_lock(content, "fetch"):
        for day in arrived:  # one at a time: a stored day that does not read stops only itself
            try:
                changed, merged = merge_into_store(content, [day])
            except ContentError as error:
                report.failed.append(f"{day.date}: the stored day is not saved over:\n{error}")
                continue
            report.papers += merged
            for date, new in changed.items():
                save_day(content, new)
                report.written.append(date)
    # A silent source is a failure of the run, not of a day: the summary does not count it.
    alarm = _silence(report, dates)
    if report.failed or alarm:
        raise FetchError("\n".join([*report.failed, *alarm, report.summary()]))
    return report


def _fetch_days(
    http: Client,
    options: FetchOptions,
    dates: list[dt.date],
    today: dt.date,
    report: FetchReport,
    note: Note,
) -> list[Day]:
    """The days that arrived whole and hold papers; failures and the rest noted in `report`."""
    arrived: list[Day] = []
    for position, date in enumerate(dates):
        try:
            if (day := _fetch_one(http, options, date, today, report, note)) is not None:
                arrived.append(day)
        except DeadlineError as error:
            report.failed.append(f"{error}; not fetched: {_dates(dates[position:])}")
            break
        except KeyboardInterrupt:  # anywhere in the day's work: what arrived before is saved
            report.failed.append(f"interrupted; not fetched: {_dates(dates[position:])}")
            break
    return arrived


def _fetch_one(
    http: Client,
    options: FetchOptions,
    date: dt.date,
    today: dt.date,
    report: FetchReport,
    note: Note,
) -> Day | None:
    """One day, when it arrived and holds papers; noted in `report` whatever happens."""
    try:
        day = fetch_day(http, options, date)
    except DeadlineError:
        raise  # a FetchError too, but it ends the run: the caller names the days left
    except FetchError as error:
        report.failed.append(str(error))
        note(f"{date}: failed (told at the end)")
        return None
    if day is None:
        if date < today - dt.timedelta(days=1):
            # Only a day that may not have begun somewhere yet can be "not yet": a 400
            # for an older day means the API changed, which must not pass in silence.
            report.failed.append(f"{date}: HTTP 400 for a past day")
            note(f"{date}: failed (told at the end)")
        else:
            report.not_yet.append(date)
            note(f"{date}: not published yet")
        return None
    report.fetched.append(date)
    if not day.papers:
        report.empty.append(date)
    note(f"{date}: {counted(len(day.papers), 'paper')}")
    return day if day.papers else None


def _dates(dates: list[dt.date]) -> str:
    """Days named one by one when few, else as a range (a backfill's could be thousands)."""
    if len(dates) <= 10:
        return ", ".join(map(str, dates))
    return f"{len(dates):,} days from {dates[0]} to {dates[-1]}"


def _silence(report: FetchReport, dates: list[dt.date]) -> list[str]:
    """A week of weekdays without one paper is a broken source, not a quiet week: the run's
    last five or more weekdays fetched (after any day with papers, and however many days came
    before it: a backfill's months ending in silence passed)."""
    empty = set(report.empty)
    trailing: list[dt.date] = []
    for date in reversed(report.fetched):
        if date not in empty:
            break
        trailing.append(date)
    weekdays = [date for date in trailing if date.weekday() < 5]
    if len(weekdays) < 5:
        return []
    if len(trailing) == len(report.fetched):
        return [f"no papers on any of {len(weekdays)} weekdays from {dates[0]} to {dates[-1]}"]
    return [
        f"no papers on any of the last {len(weekdays)} weekdays fetched, "
        f"from {trailing[-1]} to {trailing[0]}"
    ]
