"""The tag overview, and each tag's pages: its latest papers, then numbered pages from the
oldest, full pages never changing."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator
from functools import partial

from generator.archive.model import Paper, Tag
from generator.site import urls
from generator.site.feeds import tag_feed
from generator.site.pages import PageJob
from generator.site.renderer import Site


def jobs(site: Site) -> Iterator[PageJob]:
    counts = site.index.tag_counts
    yield PageJob(
        urls.TAGS,
        "tags.md.j2",
        "Tags",
        key=(len(site.archive.papers), tuple(sorted(counts.items()))),
        context=lambda: {"families": site.index.families, "counts": counts},
    )
    for tag in site.archive.tags.values():
        yield from _tag_pages(site, tag)


def _tag_pages(site: Site, tag: Tag) -> Iterator[PageJob]:
    newest_first = site.index.by_tag.get(tag.slug, [])
    oldest_first = newest_first[::-1]
    # The papers' versions in the same order, sliced like the papers.
    versions = site.tag_versions.get(tag.slug, b"")
    width = len(versions) // len(oldest_first) if oldest_first else 0
    size = site.options.tag_page_size
    total = len(newest_first)
    pages = math.ceil(total / size) if total > size else 0
    chunks = [oldest_first[i * size : (i + 1) * size] for i in range(pages)]
    ranges = [(n, c[0].last_day, c[-1].last_day) for n, c in enumerate(chunks, start=1)]
    latest = newest_first[: site.options.tag_latest_count(total)]
    shown_pages = math.ceil(len(latest) / size) if pages else 0  # numbered pages it shows whole
    older = (pages - shown_pages) or None
    yield PageJob(
        urls.tag_page(tag.slug),
        "tag.md.j2",
        tag.name,
        key=(tag, total, pages, older, tuple(ranges), versions[-len(latest) * width :]),
        context=lambda: _context(tag, total, pages, None, latest, older, ranges),
        feed=tag_feed(tag.slug),
    )
    # A numbered page shows nothing that a new paper elsewhere changes: not the total, and
    # only whether the latest papers hold the page after it (its "Newer" link then leads there).
    step = size * width
    for number, chunk in enumerate(chunks, start=1):
        papers = chunk[::-1]
        newest = pages if number >= pages - shown_pages else 0
        yield PageJob(
            urls.tag_page(tag.slug, number),
            "tag.md.j2",
            f"{tag.name}, page {number}",
            key=(tag, number, newest, versions[(number - 1) * step : number * step]),
            context=partial(_context, tag, len(papers), newest, number, papers, None, []),
        )


def _context(
    tag: Tag,
    total: int,
    pages: int,
    number: int | None,
    papers: list[Paper],
    older: int | None,
    ranges: list[tuple[int, dt.date, dt.date]],
) -> dict[str, object]:
    return {
        "tag": tag, "total": total, "pages": pages, "number": number, "papers": papers,
        "older": older, "ranges": ranges,
    }  # fmt: skip
