"""Where every page lives. One place decides the layout; links are made relative to the page.

Source paths are Markdown files in the generated docs folder. MkDocs (with directory URLs) serves
`a/b.md` at `a/b/` and `a/index.md` at `a/`; `url_of` mirrors that rule.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

HOME = "index.md"
ARCHIVE = "archive.md"
TAGS = "tags/index.md"
SEARCH = "search.md"
STATS = "stats.md"
TOP = "top/index.md"
NAV_PAGES = (HOME, TOP, ARCHIVE, TAGS, SEARCH, STATS)
PAPERS = "papers"  # the folder of the papers' own pages


def paper_page(paper_id: str) -> str:
    return f"{PAPERS}/{paper_name(paper_id)}.md"


def is_paper_page(source: str) -> bool:
    """Whether a Markdown source path (paper_page's) is a paper's own page."""
    return source.startswith(f"{PAPERS}/")


def paper_name(paper_id: str) -> str:
    """A paper's file name: one path segment, a different one for every id. Ids are checked
    (text.id_problem) to hold only '/' besides characters safe in a file name, and '~' in none:
    old-style arXiv ids (cs/0112017) become cs~0112017, which no other id can be."""
    return paper_id.replace("/", "~")


def day_page(date: dt.date, part: int = 1) -> str:
    """A day's page; a day too long for one page continues on parts 2, 3, ..."""
    if part == 1:
        return f"days/{date.isoformat()}.md"
    return f"days/{date.isoformat()}/page-{part}.md"


def month_page(year: int, month: int) -> str:
    return f"months/{year:04d}-{month:02d}.md"


def week_top_page(year: int, week: int) -> str:
    """The top papers of an ISO week."""
    return f"top/weeks/{year:04d}-W{week:02d}.md"


def month_top_page(year: int, month: int) -> str:
    return f"top/months/{year:04d}-{month:02d}.md"


def tag_page(slug: str, number: int | None = None) -> str:
    """A tag's latest papers, or its numbered page (page 1 holds the oldest papers)."""
    return f"tags/{slug}/index.md" if number is None else f"tags/{slug}/page-{number}.md"


def tag_top_page(slug: str) -> str:
    """A tag's most upvoted papers."""
    return f"tags/{slug}/top.md"


@cache
def url_of(source: str) -> str:
    """The site URL (relative to the site root, '' for home) of a Markdown source path."""
    stem = source.removesuffix(".md")
    if stem == "index":
        return ""
    stem = stem.removesuffix("/index")
    return f"{stem}/"


def root_prefix(source: str) -> str:
    """The relative path from a page up to the site root ("../../" for "days/2025-06-02.md")."""
    return "../" * url_of(source).count("/")


def link(from_source: str, to_source: str) -> str:
    """A relative link from one page to another, as it works on any host and base path."""
    return root_prefix(from_source) + url_of(to_source) or "./"


def asset(from_source: str, path: str) -> str:
    """A relative link to a non-page file (a feed, an image) at `path` from the site root."""
    return root_prefix(from_source) + path


def absolute(site_url: str, path: str) -> str:
    """The full URL of `path` (from the site root) on a site served at `site_url`."""
    return site_url.rstrip("/") + "/" + path
