"""The statistics page: papers per month as an SVG chart drawn at build time, the most used
tags and the busiest days."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from generator.site import urls
from generator.site.chart import Bar, bar_chart
from generator.site.index import Month
from generator.site.links import Links
from generator.site.pages import PageJob
from generator.site.renderer import Site

TOP = 15


def jobs(site: Site) -> Iterator[PageJob]:
    index = site.index
    counts = index.tag_counts
    top_tags = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:TOP]
    sizes = [(len(day.papers), day.date) for day in index.days]
    busiest = sorted(sizes, key=lambda size: (-size[0], size[1]))[:TOP]
    by_date = {day.date: day for day in index.days}

    def context() -> dict[str, object]:
        return {
            "months": index.months,
            "day_count": len(index.days),
            "chart": bar_chart(_bars(index.months), "Papers per month"),
            "top_tags": [(site.archive.tags[slug], count) for slug, count in top_tags],
            "busiest": [(by_date[date], count) for count, date in busiest],
        }

    yield PageJob(
        urls.STATS,
        "stats.md.j2",
        "Statistics",
        key=(tuple(m.key() for m in index.months), tuple(top_tags), tuple(busiest)),
        context=context,
    )


def _bars(months: Sequence[Month]) -> list[Bar]:
    """Every calendar month gets a bar, an empty one where the archive has no papers, so that
    a gap shows as a gap. Under two years, every month is named; beyond, January."""
    link = Links(urls.STATS)
    calendar = _calendar(months)
    few = len(calendar) <= 24
    return [
        Bar(m.name, m.papers, link.month(m) if m.days else "", _tick(m, first=n == 0, every=few))
        for n, m in enumerate(calendar)
    ]


def _calendar(months: Sequence[Month]) -> list[Month]:
    """`months` (oldest first) with an empty Month for each calendar month missing between them."""
    if not months:
        return []
    present = {(m.year, m.month): m for m in months}
    first, last = months[0], months[-1]
    calendar = []
    for index in range(first.year * 12 + first.month - 1, last.year * 12 + last.month):
        year, month = divmod(index, 12)
        calendar.append(present.get((year, month + 1), Month(year, month + 1, ())))
    return calendar


def _tick(month: Month, first: bool, every: bool) -> str:
    """A month's label under the chart: `Jun` (or `Jan 2025`, and the first month's year)."""
    short = month.name[:3]
    if first or month.month == 1:
        return f"{short} {month.year}" if every else str(month.year)
    return short if every else ""
