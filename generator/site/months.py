"""The archive page (every month by year) and a page per month."""

from __future__ import annotations

from collections.abc import Iterator

from generator.site import urls
from generator.site.index import Month
from generator.site.pages import PageJob
from generator.site.renderer import Site


def jobs(site: Site) -> Iterator[PageJob]:
    years = site.index.years
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
