"""A page per paper (and the document the search index reads from it): title, authors, tags,
links, abstract, related papers and BibTeX."""

from __future__ import annotations

import datetime as dt
from functools import cache, cached_property

import numpy as np

from generator.archive.model import Day, Paper
from generator.archive.related import RELATED, RelatedLists
from generator.site import authors, search, urls
from generator.site.bibtex import bibtex, script_writes_bibtex
from generator.site.index import ranked
from generator.site.pages import PageJob
from generator.site.renderer import Site
from generator.text import excerpt

# What a paper's page and search document were made from: its version and its search shard.
PaperPage = tuple[bytes, str]


def citation_tags(site: Site, paper: Paper) -> str:
    """The paper's Highwire citation_* meta tags, for Zotero and Google Scholar."""
    listing = paper.listing
    published = (listing.published or "")[:10].replace("-", "/")
    return site.env.get_template("citation.html.j2").render(
        title=listing.title, authors=authors.shown(listing.authors), published=published,
        online=paper.first_day.strftime("%Y/%m/%d"), arxiv=listing.arxiv, paper_id=listing.id,
    )  # fmt: skip


class PaperPages:
    """The papers' own pages; unlike other pages, they show related papers."""

    def __init__(self, site: Site, related: RelatedLists | None = None) -> None:
        self.site = site
        self.related = related or RelatedLists([], np.zeros((0, RELATED), np.int64))

    @cached_property
    def _versions(self) -> dict[str, bytes]:
        """A paper page's version: the paper's, then those of the papers it lists as related."""
        versions = self.site.versions
        with_related = self.related.keys(versions)
        return {paper_id: with_related.get(paper_id, v) for paper_id, v in versions.items()}

    @cached_property
    def _lines(self) -> dict[tuple[dt.date, str], int]:
        """The line of each paper in each day file that records it."""
        return {
            (day.date, paper_id): line
            for day in self.site.archive.days
            for paper_id, line in zip(day.paper_ids, day.paper_lines, strict=False)
        }

    def _line(self, paper: Paper) -> int | None:
        return self._lines.get((paper.last_day, paper.id))

    def pages(self) -> dict[str, PaperPage]:
        """What each paper's page (and search document) depends on, by id: its version (which
        covers its last day, the one its "fix tags" link names, and its related papers) and the
        search shard of its first."""
        archive, versions = self.site.archive, self._versions
        shards = {day.date: search.shard_of(day.date) for day in archive.days}
        return {
            paper_id: (versions[paper_id], shards[paper.days[0]])
            for paper_id, paper in archive.papers.items()
        }

    @cached_property
    def _days(self) -> dict[dt.date, Day]:
        return {day.date: day for day in self.site.archive.days}

    @cache  # noqa: B019 - one PaperPages a build; a day's order is asked for by each of its papers
    def _order_of(self, date: dt.date) -> dict[str, tuple[str | None, str | None]]:
        """Each paper's previous and next paper on its day's page (most upvoted first). Worked
        out only for the days of papers being rendered: the order needs every listing of the day,
        and its file's revision is part of each of its papers' versions."""
        ids = [paper.id for paper in ranked(self.site.archive.papers_of(self._days[date]))]
        return {
            paper_id: (ids[at - 1] if at else None, ids[at + 1] if at + 1 < len(ids) else None)
            for at, paper_id in enumerate(ids)
        }

    def job(self, paper: Paper) -> PageJob:
        site = self.site
        fix_url = site.options.line_url(site.day_file(paper.last_day), self._line(paper))
        neighbours = self._order_of(paper.last_day).get(paper.id, (None, None))
        previous, following = (site.archive.papers.get(n or "") for n in neighbours)
        return PageJob(
            urls.paper_page(paper.id),
            "paper.md.j2",
            paper.listing.title,
            key=(self._versions[paper.id], fix_url, neighbours),
            context=lambda: {
                "paper": paper,
                "shown_authors": authors.shown(paper.listing.authors),
                "more_authors": authors.hidden_count(paper.listing.authors),
                "authors_file": authors.file_path(paper.id),
                "fix_url": fix_url,
                "previous": previous,
                "next": following,
                "related": [site.archive.papers[i] for i in self.related.of(paper.id)],
                # None: paper.js writes it from the citation_* tags (the same bytes).
                "bibtex": None
                if script_writes_bibtex(paper)
                else bibtex(paper, site.absolute(urls.paper_page(paper.id))),
            },
            description=lambda: excerpt(paper.listing.abstract, 200) or paper.listing.title,
            head=lambda: citation_tags(site, paper),
            search_document=search.document_path(search.shard_of(paper.first_day), paper.id),
            search_extra=lambda: authors.left_out(paper.listing.authors),
        )
