"""The archive page (every month by year) and a page per month."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from generator.site import urls
from generator.site.dates import month_name, month_only
from generator.site.index import Month
from generator.site.pages import PageJob
from generator.site.renderer import Site


@dataclass(frozen=True)
class Missing:
    """Months of one year without listings, between the archive's first month and its last."""

    year: int
    first: int
    last: int
    days: tuple[()] = ()  # as a Month without days, for the template

    @property
    def name(self) -> str:
        if self.first == self.last:
            return month_name(self.year, self.first)
        return f"{month_only(self.first)} to {month_name(self.year, self.last)}"


def with_missing(months: Sequence[Month]) -> list[tuple[int, list[Month | Missing]]]:
    """The months by year, newest first, each run of months without listings inside a listed
    year named as one entry (the archive page named none: June 2025 was followed by August).
    A year without any listing gets no heading: days in 1990 and 2199 alone give two."""
    if not months:
        return []
    listed = {(month.year, month.month): month for month in months}
    first, last = min(listed), max(listed)
    years = []
    for year in sorted({month.year for month in months}, reverse=True):
        entries: list[Month | Missing] = []
        run: list[int] = []  # months of a gap, newest first
        for number in range(12, 0, -1):
            if not first <= (year, number) <= last:
                continue
            if (year, number) not in listed:
                run.append(number)
                continue
            if run:
                entries.append(Missing(year, run[-1], run[0]))
                run = []
            entries.append(listed[(year, number)])
        if run:
            entries.append(Missing(year, run[-1], run[0]))
        years.append((year, entries))
    return years


def jobs(site: Site) -> Iterator[PageJob]:
    years = with_missing(site.index.months)
    yield PageJob(
        urls.ARCHIVE,
        "archive.md.j2",
        "Archive",
        key=tuple(month.key() for month in site.index.months),  # the gaps follow from them
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
