"""The archive page (every month by year) and a page per month."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from itertools import groupby

from generator.site import urls
from generator.site.index import Month
from generator.site.pages import PageJob
from generator.site.renderer import Site


def with_missing(months: Sequence[Month]) -> list[tuple[int, list[Month]]]:
    """The months by year, newest first, with each month between the first and the last that
    has no day as a Month without days: the archive page names the gap instead of skipping it."""
    every = []
    for older, newer in zip(months, [*months[1:], None], strict=True):
        every.append(older)
        year, month = older.year, older.month
        while newer is not None:
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
            if (year, month) == (newer.year, newer.month):
                break
            every.append(Month(year, month, ()))
    return [(year, list(group)) for year, group in groupby(reversed(every), lambda m: m.year)]


def jobs(site: Site) -> Iterator[PageJob]:
    years = with_missing(site.index.months)
    yield PageJob(
        urls.ARCHIVE,
        "archive.md.j2",
        "Archive",
        key=tuple(month.key() for _, months in years for month in months),
        context=lambda: {"years": years},
    )
    months = site.index.months
    for at, month in enumerate(months):
        previous = months[at - 1] if at > 0 else None
        following = months[at + 1] if at + 1 < len(months) else None
        yield _month(month, previous, following)


def _month(month: Month, previous: Month | None, following: Month | None) -> PageJob:
    return PageJob(
        month.page,
        "month.md.j2",
        month.name,
        key=(
            tuple((day.date, len(day.papers)) for day in month.days),
            previous and previous.name,
            following and following.name,
        ),
        context=lambda: {"month": month, "previous": previous, "next": following},
    )
