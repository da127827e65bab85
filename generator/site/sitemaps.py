"""The sitemap: MkDocs lists the pages it renders; the generator lists the rest.

Pages outside the nav bypass MkDocs (see mkdocs.shell), so MkDocs' own `sitemap.xml` misses
them. The generator writes one sitemap of papers per year (a sitemap holds at most 50,000 URLs)
and one of the other lists (days, months, tags, top papers); after the build MkDocs' sitemap
becomes one part of a sitemap index that names them all.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from functools import partial
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from generator.archive.model import Paper
from generator.site import urls
from generator.site.pages import SITEMAP, PageJob

if TYPE_CHECKING:
    from generator.site.renderer import Site

PAGES_SITEMAP = "sitemaps/pages.xml"
LISTS_SITEMAP = "sitemaps/lists.xml"
_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'
_NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"


def papers_sitemap_path(year: str) -> str:
    return f"sitemaps/papers-{year}.xml"


def _absolute(site_url: str, path: str) -> str:
    return escape(urls.absolute(site_url, path))


def papers_sitemap(papers: Sequence[Paper], site_url: str) -> str:
    """Every paper page of `papers`, each with the last day it was listed as its lastmod."""
    entries = [
        f"<url><loc>{_absolute(site_url, urls.url_of(urls.paper_page(paper.id)))}</loc>"
        f"<lastmod>{paper.last_day.isoformat()}</lastmod></url>\n"
        for paper in papers
    ]
    return _urlset(entries)


def lists_sitemap(site_url: str, sources: Sequence[str]) -> str:
    """The pages of `sources` (Markdown paths under the pages folder), without dates."""
    entries = [
        f"<url><loc>{_absolute(site_url, urls.url_of(path))}</loc></url>\n" for path in sources
    ]
    return _urlset(entries)


def _urlset(entries: Sequence[str]) -> str:
    return f'{_HEAD}<urlset xmlns="{_NAMESPACE}">\n{"".join(entries)}</urlset>\n'


def sitemap_index(site_url: str, parts: Sequence[str], years: Sequence[str]) -> str:
    """The index naming the sitemaps of `parts` (MkDocs' own, moved to PAGES_SITEMAP, first)
    and every year's papers."""
    parts = [*parts, *(papers_sitemap_path(year) for year in years)]
    entries = "".join(
        f"<sitemap><loc>{_absolute(site_url, part)}</loc></sitemap>\n" for part in parts
    )
    return f'{_HEAD}<sitemapindex xmlns="{_NAMESPACE}">\n{entries}</sitemapindex>\n'


def jobs(site: Site) -> Iterator[PageJob]:
    """A sitemap of paper pages per year (of the paper's first day)."""
    by_year: dict[str, list[Paper]] = defaultdict(list)
    for paper in site.archive.papers.values():
        by_year[str(paper.first_day.year)].append(paper)
    for year, papers in sorted(by_year.items()):
        papers.sort(key=lambda paper: paper.id)
        yield PageJob(
            papers_sitemap_path(year),
            SITEMAP,
            f"Papers of {year}",
            key=(year, site.versions_of(papers)),
            context=dict,
            text=partial(papers_sitemap, papers, site.options.site_url),
        )
