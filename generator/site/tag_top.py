"""Each tag's most upvoted papers: a page beside the tag's latest papers (`tags/<slug>/top/`).

Most upvoted first, ties in listing order (the paper first listed earlier first). Papers that
came without upvote data (copied listings) are not ranked as if they had none: the page counts
them apart. Upvotes are those of the last fetch.

The ranking (site.tag_ranking) is carried from build to build but for the last weeks' days,
and a page's key is what it shows: the versions of its ranked papers (a version
covers a paper's upvotes, tags and text) and the count of unranked ones. A new day thus renders
only the tags whose top papers it changes, not every tag it adds a paper to; the page does not
print the tag's total for the same reason (the tag page does).
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from generator.archive.model import Paper, Tag
from generator.site import urls
from generator.site.feeds import tag_feed
from generator.site.pages import PageJob
from generator.site.renderer import Site
from generator.site.tag_ranking import CARRY, tag_ranking

SIZE = 50  # papers on a tag's top page


def jobs(site: Site) -> Iterator[PageJob]:
    ranking, settled = tag_ranking(site.archive, site.index.days, SIZE, site.carried.get(CARRY))
    if settled is not None:
        site.carry[CARRY] = settled
    papers = site.archive.papers
    for tag in site.archive.tags.values():
        count = site.index.tag_counts.get(tag.slug, 0)
        ranked = [papers[entry[3]] for entry in ranking.tops.get(tag.slug, ())]
        unranked = count - ranking.counts.get(tag.slug, 0)
        page = urls.tag_top_page(tag.slug)
        # A new day changes a few tags' top pages: with their rows kept, it renders only its
        # own papers' (the others' rows unpacked a stored day's listings each: 16 ms a page).
        site.keep_rows(ranked, page)
        yield PageJob(
            page,
            "tag_top.md.j2",
            f"{tag.name}: most upvoted",
            key=(tag, SIZE, site.versions_of(ranked), unranked, bool(count)),
            context=partial(_context, tag, ranked, unranked, bool(count)),
            feed=tag_feed(tag.slug),
        )


def _context(tag: Tag, ranked: list[Paper], unranked: int, any_paper: bool) -> dict[str, object]:
    return {"tag": tag, "papers": ranked, "any_paper": any_paper, "unranked": unranked}
