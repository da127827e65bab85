"""The sitemap: MkDocs lists the pages it renders; the generator lists the papers.

Paper pages bypass MkDocs (see mkdocs_shell), so MkDocs' own `sitemap.xml` misses them. The
generator writes one sitemap of papers per year (a sitemap holds at most 50,000 URLs), and after
the build MkDocs' sitemap becomes one part of a sitemap index that names them all.
"""

from __future__ import annotations

import gzip
from collections.abc import Sequence
from pathlib import Path
from xml.sax.saxutils import escape

from generator.archive.model import Paper
from generator.site import urls

PAGES_SITEMAP = "sitemaps/pages.xml"
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
    return f'{_HEAD}<urlset xmlns="{_NAMESPACE}">\n{"".join(entries)}</urlset>\n'


def write_sitemap_index(site_dir: Path, site_url: str, years: Sequence[str]) -> None:
    """Make MkDocs' sitemap one part of an index naming it and every year's papers."""
    pages = site_dir / "sitemap.xml"
    if pages.exists():
        target = site_dir / PAGES_SITEMAP
        target.parent.mkdir(parents=True, exist_ok=True)
        pages.replace(target)
    parts = [PAGES_SITEMAP, *(papers_sitemap_path(year) for year in years)]
    entries = "".join(
        f"<sitemap><loc>{_absolute(site_url, part)}</loc></sitemap>\n" for part in parts
    )
    index = f'{_HEAD}<sitemapindex xmlns="{_NAMESPACE}">\n{entries}</sitemapindex>\n'
    pages.write_text(index, encoding="utf-8")
    # MkDocs also writes a gzipped copy; keep it the same as the index (and reproducible).
    (site_dir / "sitemap.xml.gz").write_bytes(gzip.compress(index.encode(), mtime=0))
