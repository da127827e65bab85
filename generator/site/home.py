"""The home page: what the archive is, the latest day's most upvoted papers, this week's top,
the month's busiest tags and the feeds; short enough for two screens."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from generator.archive.model import Archive, Paper, Tag
from generator.site import urls
from generator.site.feeds import HOME_FEED
from generator.site.index import Month, Week, has_upvotes, ranked
from generator.site.pages import PageJob
from generator.site.renderer import Site
from generator.site.top import TOP_WEEK_FEED

LATEST = 10  # the latest day's most upvoted papers
WEEK = 5  # this week's top papers
TAGS = 8  # the tags with most papers this month


def jobs(site: Site) -> Iterator[PageJob]:
    index, archive = site.index, site.archive
    latest = index.days[-1] if index.days else None
    week, week_papers = _top_week(site)
    day_papers = archive.papers_of(latest) if latest else []
    month = index.months[-1] if index.months else None
    month_tags = _busiest_tags(archive, month)
    first = index.days[0].date if index.days else None
    yield PageJob(
        urls.HOME,
        "home.md.j2",
        site.options.site_name,
        key=(
            len(archive.papers),
            len(index.days),
            first,
            latest and latest.date,
            site.versions_of(day_papers),
            week and week.page,
            site.versions_of(week_papers),
            month and month.name,
            tuple((tag.slug, count) for tag, count in month_tags),
        ),
        context=lambda: {
            "day": latest,
            "day_papers": ranked(day_papers)[:LATEST],
            "day_total": len(day_papers),
            "day_upvoted": has_upvotes(day_papers),
            "week": week,
            "week_papers": week_papers[:WEEK],
            "week_upvoted": has_upvotes(week_papers),
            "week_latest": week is not None and week == index.weeks[-1],
            "month": month,
            "month_tags": month_tags,
            "day_count": len(index.days),
            "first": first,
            "top_feed": TOP_WEEK_FEED,
        },
        feed=HOME_FEED,
    )


def _top_week(site: Site) -> tuple[Week | None, list[Paper]]:
    """The newest week with upvote data, else the newest week; its papers most upvoted first."""
    upvoted = next(site.index.ranked_weeks(), None)
    if upvoted is not None:
        return upvoted
    if not site.index.weeks:
        return None, []
    week = site.index.weeks[-1]
    return week, ranked(site.index.papers_of(week.days))


def _busiest_tags(archive: Archive, month: Month | None) -> list[tuple[Tag, int]]:
    """The tags with most papers in `month` (each paper once), most first, then by name."""
    if month is None:
        return []
    papers: dict[str, Paper] = {}
    for day in month.days:
        papers.update((paper.id, paper) for paper in archive.papers_of(day))
    counts = Counter(slug for paper in papers.values() for slug in paper.tags)
    order = sorted(counts.items(), key=lambda item: (-item[1], archive.tags[item[0]].name))
    return [(archive.tags[slug], count) for slug, count in order[:TAGS]]
