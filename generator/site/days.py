"""A page per day, with previous/next; a long day continues on further pages."""

from __future__ import annotations

import math
from collections.abc import Iterator
from functools import partial

from generator.archive.model import Day
from generator.site import urls
from generator.site.dates import long_date
from generator.site.pages import PageJob
from generator.site.renderer import Site


def jobs(site: Site) -> Iterator[PageJob]:
    days = site.index.days
    for at, day in enumerate(days):
        previous = days[at - 1] if at > 0 else None
        following = days[at + 1] if at + 1 < len(days) else None
        yield from _day(site, day, previous, following)


def _day(site: Site, day: Day, previous: Day | None, following: Day | None) -> Iterator[PageJob]:
    """A day's papers, on as many pages as keep each page small (no page over 300 KB)."""
    every = site.archive.papers_of(day)
    size = site.options.day_page_size
    parts = max(1, math.ceil(len(every) / size))
    for part in range(1, parts + 1):
        papers = every[(part - 1) * size : part * size]
        title = f"Papers of {long_date(day.date)}"
        yield PageJob(
            urls.day_page(day.date, part),
            "day.md.j2",
            title if part == 1 else f"{title}, page {part}",
            key=(
                day.date,
                part,
                parts,
                len(every),
                site.versions_of(papers),
                previous and previous.date,
                following and following.date,
            ),
            context=partial(
                dict,
                day=day,
                papers=papers,
                total=len(every),
                part=part,
                parts=parts,
                first=(part - 1) * size + 1,
                month=site.index.month_of(day.date),
                previous=previous,
                next=following,
            ),
        )
