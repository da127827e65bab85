"""A page per day, with previous/next; a long day continues on further pages."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator
from functools import partial

from generator.archive.model import Day, Paper
from generator.site import urls
from generator.site.dates import long_date, short_date
from generator.site.index import has_upvotes, ranked
from generator.site.pages import PageJob
from generator.site.renderer import Site

# Two listed days further apart than this, the archive says it lacks the days between: Daily
# Papers skips weekends (Friday to Monday) and a holiday next to one (Thursday to Monday: three
# days without listings), so four or more are named, whatever their cause (a fetch that did not
# run, days never imported, a long holiday): the previous/next links would cross them silently.
GAP_DAYS = 4


def gap(before: dt.date, after: dt.date) -> str | None:
    """'5 July 2025 to 11 August 2025': the days between two listed days, when that is a gap."""
    if (after - before).days <= GAP_DAYS:
        return None
    one = dt.timedelta(days=1)
    return f"{short_date(before + one)} to {short_date(after - one)}"


def jobs(site: Site) -> Iterator[PageJob]:
    days = site.index.days
    for at, day in enumerate(days):
        previous = days[at - 1] if at > 0 else None
        following = days[at + 1] if at + 1 < len(days) else None
        yield from _day(site, day, previous, following)


def _day(site: Site, day: Day, previous: Day | None, following: Day | None) -> Iterator[PageJob]:
    """A day's papers, most upvoted first as the source lists them (listing order when the day
    has no upvote data), on as many pages as keep each page small (no page over 300 KB). The
    order needs every listing, so it is worked out only for pages that are rendered; the key
    holds the versions (upvotes included) of all the day's papers."""
    every = site.archive.papers_of(day)
    size = site.options.day_page_size
    parts = max(1, math.ceil(len(every) / size))
    versions = site.versions_of(every)
    for part in range(1, parts + 1):
        title = f"Papers of {long_date(day.date)}"
        yield PageJob(
            urls.day_page(day.date, part),
            "day.md.j2",
            title if part == 1 else f"{title}, page {part}",
            key=(
                day.date,
                part,
                parts,
                versions,
                previous and previous.date,
                following and following.date,
            ),
            context=partial(
                _context,
                every,
                size,
                day=day,
                total=len(every),
                part=part,
                parts=parts,
                first=(part - 1) * size + 1,
                month=site.index.month_of(day.date),
                week_page=urls.week_top_page(*day.date.isocalendar()[:2]),
                previous=previous,
                next=following,
                gaps=[
                    found
                    for found in (
                        previous and gap(previous.date, day.date),
                        following and gap(day.date, following.date),
                    )
                    if found
                ],
            ),
        )


def _context(every: list[Paper], size: int, part: int, **context: object) -> dict[str, object]:
    order = ranked(every)
    papers = order[(part - 1) * size : part * size]
    return {"papers": papers, "upvoted": has_upvotes(order), "part": part, **context}
