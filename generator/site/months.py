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
    """A run of months without listings, between the archive's first month and its last."""

    name: str  # "April to June 2025", "2023 to 2024"
    days: tuple[()] = ()  # as a Month without days, for the template


def _months_missing(year: int, first: int, last: int) -> Missing:
    if first == last:
        return Missing(month_name(year, first))
    return Missing(f"{month_only(first)} to {month_name(year, last)}")


def _years_missing(first: int, last: int) -> Missing:
    return Missing(str(first) if first == last else f"{first} to {last}")


def with_missing(months: Sequence[Month]) -> list[tuple[int | None, list[Month | Missing]]]:
    """The months by year, newest first, each run of months without listings named as one
    entry (the archive page named none: June 2025 was followed by August); years without any
    listing are one entry under no heading (days in 1990 and 2199 alone give three lines)."""
    if not months:
        return []
    listed = {(month.year, month.month): month for month in months}
    first, last = min(listed), max(listed)
    years = sorted({month.year for month in months}, reverse=True)
    sections: list[tuple[int | None, list[Month | Missing]]] = []
    for year in years:
        if sections and sections[-1][0] is not None and sections[-1][0] > year + 1:
            sections.append((None, [_years_missing(year + 1, sections[-1][0] - 1)]))
        entries: list[Month | Missing] = []
        run: list[int] = []  # months of a gap, newest first
        for number in range(12, 0, -1):
            if not first <= (year, number) <= last:
                continue
            if (year, number) not in listed:
                run.append(number)
                continue
            if run:
                entries.append(_months_missing(year, run[-1], run[0]))
                run = []
            entries.append(listed[(year, number)])
        if run:
            entries.append(_months_missing(year, run[-1], run[0]))
        sections.append((year, entries))
    return sections


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
