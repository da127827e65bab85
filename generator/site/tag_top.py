"""Each tag's most upvoted papers: a page beside the tag's latest papers (`tags/<slug>/top/`).

Most upvoted first, ties in listing order (the paper first listed earlier first). Papers that
came without upvote data (copied listings) are not ranked as if they had none: the page counts
them apart. Upvotes are those of the last fetch.

The papers are ranked on every build (reading upvotes without unpacking stored days:
Paper.upvotes), and a page's key is what it shows: the versions of its ranked papers (a version
covers a paper's upvotes, tags and text) and the count of unranked ones. A new day thus renders
only the tags whose top papers it changes, not every tag it adds a paper to; the page does not
print the tag's total for the same reason (the tag page does).
"""

from __future__ import annotations

import heapq
from collections.abc import Iterator
from functools import cache, partial

from generator.archive.model import Paper, Tag
from generator.site import urls
from generator.site.feeds import tag_feed
from generator.site.index import SiteIndex
from generator.site.pages import PageJob
from generator.site.renderer import Site

SIZE = 50  # papers on a tag's top page


def jobs(site: Site) -> Iterator[PageJob]:
    order = cache(partial(UpvoteOrder, site.index))
    for tag in site.archive.tags.values():
        papers = site.index.by_tag.get(tag.slug, [])
        ranked, unranked = order().top(papers, SIZE) if papers else ([], 0)
        yield PageJob(
            urls.tag_top_page(tag.slug),
            "tag_top.md.j2",
            f"{tag.name}: most upvoted",
            key=(tag, SIZE, site.versions_of(ranked), unranked, bool(papers)),
            context=partial(_context, tag, ranked, unranked, bool(papers)),
            feed=tag_feed(tag.slug),
        )


def listing_places(index: SiteIndex) -> dict[str, int]:
    """Each paper's place in the archive's listing order: by day, oldest first, then its place
    in the day; a paper listed on several days is placed where it was first listed."""
    ids = [paper_id for day in index.days for paper_id in day.paper_ids]
    return dict(zip(reversed(ids), range(len(ids) - 1, -1, -1), strict=True))


class UpvoteOrder:
    """The archive's papers with upvote data, most upvoted first, ties in listing order: ranked
    once a build, so that each tag's top is the smallest of its papers' ranks (ranking each
    tag's papers by their upvotes read every paper once per tag it has, 0.3 s at 50,000)."""

    def __init__(self, index: SiteIndex) -> None:
        places = listing_places(index)
        upvoted = [
            (-upvotes, places[paper.id], paper)
            for paper in index.newest_first
            if (upvotes := paper.upvotes) is not None
        ]
        upvoted.sort(key=lambda row: row[:2])
        self.papers = [paper for _, _, paper in upvoted]
        self.rank = {paper.id: n for n, paper in enumerate(self.papers)}

    def top(self, papers: list[Paper], size: int) -> tuple[list[Paper], int]:
        """The `size` most upvoted of `papers`, and how many of them have no upvote data."""
        found = [rank for rank in map(self.rank.get, [p.id for p in papers]) if rank is not None]
        return [self.papers[rank] for rank in heapq.nsmallest(size, found)], len(papers) - len(
            found
        )


def _context(tag: Tag, ranked: list[Paper], unranked: int, any_paper: bool) -> dict[str, object]:
    return {"tag": tag, "papers": ranked, "any_paper": any_paper, "unranked": unranked}
