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
from collections.abc import Iterator, Mapping
from functools import cache, partial

from generator.archive.model import Paper, Tag
from generator.site import urls
from generator.site.feeds import tag_feed
from generator.site.index import SiteIndex
from generator.site.pages import PageJob
from generator.site.renderer import Site

SIZE = 50  # papers on a tag's top page


def jobs(site: Site) -> Iterator[PageJob]:
    places = cache(partial(listing_places, site.index))
    for tag in site.archive.tags.values():
        papers = site.index.by_tag.get(tag.slug, [])
        ranked = most_upvoted(papers, places(), SIZE) if papers else []
        unranked = sum(1 for paper in papers if paper.upvotes is None)
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


def most_upvoted(papers: list[Paper], places: Mapping[str, int], size: int) -> list[Paper]:
    """The `size` most upvoted of the papers that have upvote data; ties in listing order."""
    upvoted = [paper for paper in papers if paper.upvotes is not None]
    return heapq.nsmallest(size, upvoted, key=lambda p: (-(p.upvotes or 0), places[p.id]))


def _context(tag: Tag, ranked: list[Paper], unranked: int, any_paper: bool) -> dict[str, object]:
    return {"tag": tag, "papers": ranked, "any_paper": any_paper, "unranked": unranked}
