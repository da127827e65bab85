"""Atom feeds: the whole archive's latest papers, and each tag's.

Made with feedgen, every date taken from the archive (never the clock), so an unchanged archive
gives byte-identical feeds. Titles, authors and abstracts go in as text: feedgen escapes them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from feedgen.feed import FeedGenerator

from generator import urls
from generator.model import Paper, Tag

FEED_SIZE = 50
HOME_FEED = "feed.xml"
# XML 1.0 forbids most control characters and lone surrogates; abstracts sometimes hold them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def tag_feed(slug: str) -> str:
    return f"feeds/{slug}.xml"


@dataclass(frozen=True)
class FeedInfo:
    path: str  # where the feed lives, from the site root
    title: str
    subtitle: str
    page: str  # the Markdown source path of the page the feed follows


def xml_text(text: str) -> str:
    return _NOT_XML.sub("", text)


def _moment(date: dt.date) -> dt.datetime:
    return dt.datetime(date.year, date.month, date.day, tzinfo=dt.UTC)


def render_feed(
    info: FeedInfo, papers: Sequence[Paper], tags: dict[str, Tag], site_url: str, site_name: str
) -> str:
    """An Atom feed of `papers` (newest first), links absolute under `site_url`."""
    base = site_url.rstrip("/") + "/"
    feed = FeedGenerator()
    feed.id(base + info.path)
    feed.title(xml_text(info.title))
    feed.subtitle(xml_text(info.subtitle))
    feed.link(href=base + info.path, rel="self", type="application/atom+xml")
    feed.link(href=base + urls.url_of(info.page), rel="alternate", type="text/html")
    feed.language("en")
    # Atom wants an author for every entry; the feed's stands in where a source named none.
    feed.author(name=xml_text(site_name))
    feed.updated(_moment(papers[0].last_day) if papers else _moment(dt.date(2000, 1, 1)))
    # feedgen puts entries added later first: add the oldest first.
    for paper in reversed(papers):
        _add_entry(feed, paper, tags, base)
    xml: bytes = feed.atom_str(pretty=True)
    return xml.decode("utf-8")


def _add_entry(feed: FeedGenerator, paper: Paper, tags: dict[str, Tag], base: str) -> None:
    listing = paper.listing
    link = base + urls.url_of(urls.paper_page(paper.id))
    entry = feed.add_entry()
    entry.id(link)
    entry.title(xml_text(listing.title))
    entry.link(href=link, rel="alternate", type="text/html")
    entry.published(_moment(paper.first_day))
    entry.updated(_moment(paper.last_day))
    for name in listing.authors:
        entry.author(name=xml_text(name))
    for slug in paper.tags:
        tag = tags.get(slug)
        entry.category(term=slug, label=xml_text(tag.name if tag else slug))
    entry.summary(xml_text(listing.abstract) or "(no abstract)")
