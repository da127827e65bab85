"""Atom feeds: the whole archive's latest papers, and each tag's.

Made with feedgen, every date taken from the archive (never the clock), so an unchanged archive
gives byte-identical feeds. Titles, authors and abstracts go in as text: feedgen escapes them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from feedgen.feed import FeedGenerator

from generator.archive.model import Paper, Tag
from generator.site import urls
from generator.site.authors import SHOWN
from generator.site.pages import FEED, PageJob

if TYPE_CHECKING:
    from generator.site.renderer import Site

FEED_SIZE = 50
FEED_MOST = 500  # a day past any real one (fetch takes 2,000) is cut here
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
    info: FeedInfo,
    papers: Sequence[Paper],
    tags: dict[str, Tag],
    site_url: str,
    site_name: str,
    entry: Callable[[Paper], str] | None = None,
) -> str:
    """An Atom feed of `papers` (newest first), links absolute under `site_url`.

    Entries are serialised one paper at a time (by `entry`, feed_entry unless a build passes
    one that keeps them): a new day changes every tag feed, but only its own papers' entries.
    """
    make = entry or partial(feed_entry, tags=tags, site_url=site_url)
    entries = "".join([make(paper) for paper in papers])
    base = urls.absolute(site_url, "")
    feed = FeedGenerator()
    feed.id(base + info.path)
    feed.title(xml_text(info.title))
    feed.subtitle(xml_text(info.subtitle))
    feed.link(href=base + info.path, rel="self", type="application/atom+xml")
    feed.link(href=base + urls.url_of(info.page), rel="alternate", type="text/html")
    feed.language("en")
    # Atom wants an author for every entry; the feed's stands in where a source named none.
    feed.author(name=xml_text(site_name))
    feed.updated(_moment(papers[0].last_day if papers else dt.date(2000, 1, 1)))
    xml = _serialise(feed)
    return xml[: xml.rindex(_FEED_END)] + entries + _FEED_END


def feed_entry(paper: Paper, tags: dict[str, Tag], site_url: str) -> str:
    """One paper's `<entry>`, exactly as feedgen prints it inside a feed."""
    base = urls.absolute(site_url, "")
    feed = FeedGenerator()
    feed.id(base)
    feed.title("entry")
    feed.updated(_moment(paper.last_day))
    _add_entry(feed, paper, tags, base)
    xml = _serialise(feed)
    return xml[xml.index(_ENTRY_START) : xml.rindex(_ENTRY_END) + len(_ENTRY_END)]


# The pretty-printed feed's own closing tag, and how an entry (a child of the feed) starts and
# ends in it.
_FEED_END = "</feed>\n"
_ENTRY_START = "  <entry>"
_ENTRY_END = "</entry>\n"


def _serialise(feed: FeedGenerator) -> str:
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
    # The names a paper page carries (feedgen checks each new author against all before it:
    # thousands of names took minutes), every one of them when there are few.
    for name in listing.authors[:SHOWN]:
        entry.author(name=xml_text(name))
    for slug in paper.tags:
        tag = tags.get(slug)
        entry.category(term=slug, label=xml_text(tag.name if tag else slug))
    entry.summary(xml_text(listing.abstract) or "(no abstract)")


def jobs(site: Site) -> Iterator[PageJob]:
    """The Atom feeds: the latest papers of the archive, and of each tag."""
    name = site.options.site_name
    yield feed_job(
        site,
        FeedInfo(HOME_FEED, name, f"The latest papers in {name}.", urls.HOME),
        latest(site.index.newest_first),
    )
    for tag in site.archive.tags.values():
        info = FeedInfo(
            tag_feed(tag.slug), f"{name}: {tag.name}", tag.description or tag.name,
            urls.tag_page(tag.slug),
        )  # fmt: skip
        yield feed_job(site, info, latest(site.index.by_tag.get(tag.slug, [])))


def latest(newest_first: list[Paper], size: int = FEED_SIZE, most: int = FEED_MOST) -> list[Paper]:
    """The newest `size` papers and the rest of the last day they reach: a reader who polls
    once a day must get every paper of a day listing more than `size` (real days hold 100);
    never more than `most` (a day may hold thousands)."""
    end = min(size, len(newest_first))
    while (
        0 < end < len(newest_first) and newest_first[end].last_day == newest_first[end - 1].last_day
    ):
        end += 1
    return newest_first[: min(end, most)]


def feed_job(site: Site, info: FeedInfo, papers: list[Paper]) -> PageJob:
    return PageJob(
        info.path,
        FEED,
        info.title,
        key=(info, site.versions_of(papers)),
        context=dict,
        text=partial(_text, site, info, papers),
    )


def _text(site: Site, info: FeedInfo, papers: list[Paper]) -> str:
    tags, site_url = site.archive.tags, site.options.site_url
    entry = partial(feed_entry, tags=tags, site_url=site_url)

    def kept(paper: Paper) -> str:
        return site.remembered("feed entry", paper, partial(entry, paper))

    return render_feed(info, papers, tags, site_url, site.options.site_name, entry=kept)
