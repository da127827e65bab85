"""Top papers: a page per ISO week and per month listing its papers most upvoted first (ties in
listing order), an overview of them all, and an Atom feed of the latest weeks' top papers.

Upvotes are those of the last fetch (the source refreshes them for about two weeks). A page's
key holds the versions of every paper of its period (a version covers the upvotes), so the
ranking itself is only worked out for the pages that are rendered.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice

from generator.archive.model import Day, Paper
from generator.site import urls
from generator.site.feeds import FeedInfo, feed_job
from generator.site.index import Month, Week, has_upvotes, ranked
from generator.site.pages import PageJob
from generator.site.renderer import Site

WEEK_SIZE = 30
MONTH_SIZE = 50
FEED_WEEKS = 4  # the top-week feed holds the top papers of the latest weeks with upvotes
FEED_TOP = 10
TOP_WEEK_FEED = "feeds/top-week.xml"


@dataclass(frozen=True)
class Period:
    """A week or a month, as its top page shows it."""

    kind: str  # "week" or "month"
    name: str
    page: str
    days: tuple[Day, ...]


def week_period(week: Week) -> Period:
    return Period("week", week.name, week.page, week.days)


def month_period(month: Month) -> Period:
    return Period("month", month.name, month.top_page, month.days)


def jobs(site: Site) -> Iterator[PageJob]:
    weeks = [week_period(week) for week in site.index.weeks]
    months = [month_period(month) for month in site.index.months]
    yield PageJob(
        urls.TOP,
        "top_index.md.j2",
        "Top papers",
        key=tuple((p.page, p.name, len(p.days)) for p in weeks + months),
        context=lambda: {"weeks": weeks[::-1], "months": months[::-1]},
        feed=TOP_WEEK_FEED,
    )
    for periods, size in ((weeks, WEEK_SIZE), (months, MONTH_SIZE)):
        for at, period in enumerate(periods):
            previous = periods[at - 1] if at > 0 else None
            following = periods[at + 1] if at + 1 < len(periods) else None
            yield _top_page(site, period, size, previous, following)
    yield _feed(site)


def _top_page(
    site: Site, period: Period, size: int, previous: Period | None, following: Period | None
) -> PageJob:
    return PageJob(
        period.page,
        "top.md.j2",
        f"Top papers, {period.name}",
        # The period by name, its days by their dates and papers (a Day's repr holds its stored
        # listings' object address, which would make every build render every page again).
        key=(
            period.kind,
            period.name,
            size,
            site.days_version(period.days),
            previous and previous.page,
            following and following.page,
        ),
        context=lambda: top_context(
            site.index.papers_of(period.days),
            size,
            period=period,
            previous=previous,
            next=following,
        ),
        feed=TOP_WEEK_FEED if period.kind == "week" else None,
    )


def top_context(papers: list[Paper], size: int, **context: object) -> dict[str, object]:
    """What a top list shows: the `size` most upvoted papers, how many there are, and whether
    any of them came with upvote data."""
    order = ranked(papers)
    return {"papers": order[:size], "total": len(order), "upvoted": has_upvotes(order), **context}


def _feed(site: Site) -> PageJob:
    """The top papers of the latest weeks with upvote data, the newest week first: the digest a
    feed-to-mail service can send. A week without upvotes (a copied listing) has no top papers."""
    name = site.options.site_name
    weeks = islice(site.index.ranked_weeks(), FEED_WEEKS)
    papers = [paper for _, order in weeks for paper in order[:FEED_TOP]]
    info = FeedInfo(
        TOP_WEEK_FEED, f"{name}: top papers of the week",
        f"The {FEED_TOP} most upvoted papers of each week.", urls.TOP,
    )  # fmt: skip
    return feed_job(site, info, list({paper.id: paper for paper in papers}.values()))
