"""The home page: the latest days' papers."""

from __future__ import annotations

from collections.abc import Iterator

from generator.site import urls
from generator.site.feeds import HOME_FEED
from generator.site.pages import PageJob
from generator.site.renderer import Site


def jobs(site: Site) -> Iterator[PageJob]:
    days, archive = site.index.days, site.archive
    latest = days[-site.options.home_days :][::-1] if days else ()
    listed = [(day, archive.papers_of(day)) for day in latest]
    first = days[0].date if days else None
    yield PageJob(
        urls.HOME,
        "home.md.j2",
        site.options.site_name,
        key=(
            len(archive.papers),
            len(days),
            first,
            tuple((day.date, site.versions_of(papers)) for day, papers in listed),
        ),
        context=lambda: {"latest": listed, "day_count": len(days), "first": first},
        feed=HOME_FEED,
    )
