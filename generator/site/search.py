"""Search: the search page, and the documents the search index is made from.

Each paper's article (the part marked `data-pagefind-body`) goes alone into a minimal document
at the paper's URL, written next to the pages (and, like them, only when the paper changed);
build.search_index runs Pagefind over them, one bundle ("shard") a quarter.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import TYPE_CHECKING

from markupsafe import escape

from generator.errors import OutputError
from generator.site import urls
from generator.site.pages import PageJob

if TYPE_CHECKING:
    from generator.site.renderer import Site

BUNDLES = "search-index"
DOCUMENTS = ".search"  # under the generated pages folder: one folder of documents a year
_HEAD = '<!doctype html><html lang="en"><head><meta charset="utf-8"></head><body>'
_TAIL = "</body></html>"


def shard_of(date: dt.date) -> str:
    """The search shard of papers first listed on `date`: its quarter (`2025-q2`)."""
    return f"{date.year}-q{(date.month - 1) // 3 + 1}"


def document_path(shard: str, paper_id: str) -> str:
    """Where a paper's search document lives, relative to the generated pages folder."""
    return f"{DOCUMENTS}/{shard}/papers/{urls.paper_name(paper_id)}/index.html"


def document(body: str, extra: str = "") -> str:
    """A paper's article alone in a minimal HTML document, for Pagefind to index, with `extra`
    text (escaped) at the article's end."""
    if extra:
        start, end, rest = body.rpartition("</article>")
        if not end:  # outside the article, Pagefind would never index it
            raise OutputError("a paper's search document has no </article> to end")
        body = f"{start}<p>{escape(extra)}</p>{end}{rest}"
    return f"{_HEAD}{body}{_TAIL}"


def jobs(site: Site) -> Iterator[PageJob]:
    """The search page (its filters name every tag family and month)."""
    index = site.index
    yield PageJob(
        urls.SEARCH,
        "search.md.j2",
        "Search",
        key=(len(site.archive.papers), tuple(m.key() for m in index.months)),
        context=lambda: {"families": index.families, "years": index.years},
    )
