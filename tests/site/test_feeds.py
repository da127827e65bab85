"""Atom feeds in the built fixture site, read with feedparser; link-preview meta tags."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from urllib.parse import urlsplit

import feedparser

from generator.archive.model import Listing, Paper, Tag
from generator.content.store import load_days
from generator.site.authors import SHOWN
from generator.site.feeds import FeedInfo, latest, render_feed, xml_text
from generator.text import MAX_NAMES, normalise_space
from tests.conftest import ROOT
from tests.sitecheck import site_base, soup

BASE = site_base(ROOT / "mkdocs.yml")


def parse(path: Path) -> feedparser.FeedParserDict:
    feed = feedparser.parse(path.read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


def local(site: Path, url: str) -> Path:
    """The built file an absolute site URL points at."""
    path = urlsplit(url).path.removeprefix(BASE)
    target = site / path
    return target / "index.html" if url.endswith("/") else target


def test_the_home_feed_lists_the_latest_papers_newest_first(
    fixture_site: Path, fixture_content: Path
) -> None:
    feed = parse(fixture_site / "feed.xml")
    assert feed.version == "atom10"
    entries = feed.entries
    # The newest day whole, in its own order, and whole days up to at least 50 papers.
    days = sorted(load_days(fixture_content), key=lambda day: day.date, reverse=True)
    ids = [urlsplit(entry.link).path.rstrip("/").rsplit("/", 1)[1] for entry in entries]
    assert ids[: len(days[0].paper_ids)] == list(days[0].paper_ids)
    assert len(entries) >= 50
    dates = [entry.updated_parsed for entry in entries]
    assert dates == sorted(dates, reverse=True)
    for entry in entries:
        assert entry.title and entry.summary
        assert local(fixture_site, entry.link).is_file(), entry.link
    assert local(fixture_site, feed.feed.link).is_file()


def test_a_tag_feed_holds_only_papers_of_that_tag(fixture_site: Path) -> None:
    feed = parse(fixture_site / "feeds" / "agents.xml")
    assert feed.entries
    for entry in feed.entries:
        assert "agents" in [term.term for term in entry.tags]
        page = soup(local(fixture_site, entry.link))
        tags = [a["href"] for a in page.select(".pa-tags a")]
        assert any("tags/agents/" in str(href) for href in tags), entry.link


def test_entries_carry_abstract_authors_and_tags_as_text() -> None:
    listing = Listing(
        id="2506.90001",
        title="<script>alert(1)</script> title",
        authors=("Mallory <script>alert('author')</script>", "Zoë Ångström"),
        abstract="<img src=x onerror=alert('abstract')> and $O(n^2)$ {{ 7*7 }}",
    )
    tags = {"agents": Tag("agents", "Agents & tools")}
    paper = Paper(listing.id, (dt.date(2025, 6, 4),), ("agents",), listing)
    info = FeedInfo("feed.xml", "Archive", "Latest", "index.md")
    (entry,) = feedparser.parse(render_feed(info, [paper], tags, "https://e.org/", "A")).entries
    assert entry.title == listing.title and entry.title_detail.type == "text/plain"
    assert entry.summary == listing.abstract and entry.summary_detail.type == "text/plain"
    assert [a.name for a in entry.authors] == list(listing.authors)
    assert [(t.term, t.label) for t in entry.tags] == [("agents", "Agents & tools")]
    assert entry.link == "https://e.org/papers/2506.90001/"
    assert entry.published.startswith("2025-06-04")


def test_feeds_are_advertised_and_linked(fixture_site: Path) -> None:
    for page, feed in (("index.html", "feed.xml"), ("tags/agents/index.html", "feeds/agents.xml")):
        html = soup(fixture_site / page)
        alternate = html.find("link", rel="alternate", type="application/atom+xml")
        assert alternate is not None, page
        assert (fixture_site / page).parent.joinpath(str(alternate["href"])).resolve() == (
            fixture_site / feed
        ).resolve()
        visible = html.find("a", string="Atom feed")
        assert visible is not None, page


def test_an_unchanged_archive_gives_byte_identical_feeds() -> None:
    paper = Paper.of(_listing("2501.00001", "A <b>title</b> & more"), (dt.date(2025, 1, 2),))
    info = FeedInfo("feed.xml", "Archive", "Latest", "index.md")
    one = render_feed(info, [paper], {}, "https://example.org/a/", "A")
    two = render_feed(info, [paper], {}, "https://example.org/a/", "A")
    assert one == two
    assert "&lt;b&gt;title&lt;/b&gt; &amp; more" in one


def test_characters_xml_forbids_are_dropped() -> None:
    assert xml_text("a\x00b\x1fc\ufffed") == "abcd"
    paper = Paper.of(_listing("2501.00002", "Bell\x07 title"), (dt.date(2025, 1, 2),))
    feed = feedparser.parse(
        render_feed(FeedInfo("f.xml", "t", "s", "index.md"), [paper], {}, "https://e.org/", "A")
    )
    assert not feed.bozo and feed.entries[0].title == "Bell title"


def test_paper_pages_have_link_preview_meta(fixture_site: Path) -> None:
    page = soup(fixture_site / "papers" / "2505.24864" / "index.html")
    title = page.find("meta", property="og:title")
    description = page.find("meta", property="og:description")
    assert title is not None and description is not None
    heading = page.select_one("article.pa-paper h1")
    assert heading is not None and title["content"] == heading.get_text()
    assert normalise_space(str(description["content"]))[:40] in normalise_space(page.get_text())
    # The page's URL is its canonical link's: no og:url copy on 50,000 pages (previews take it).
    canonical = page.find("link", rel="canonical")
    assert canonical is not None and str(canonical["href"]).endswith("/papers/2505.24864/")
    assert page.find("meta", property="og:url") is None
    # Twitter falls back to og:title and og:description: its own copies would cost 50 MB.
    assert page.find("meta", attrs={"name": "twitter:card"}) is not None
    assert page.find("meta", property="og:type")["content"] == "article"  # type: ignore[index]


def test_hostile_titles_stay_text_in_meta(fixture_site: Path) -> None:
    for paper_dir in (fixture_site / "papers").iterdir():
        page = soup(paper_dir / "index.html")
        title = page.find("meta", property="og:title")
        heading = page.select_one("article.pa-paper h1")
        assert title is not None and heading is not None
        if "$" in str(title["content"]):  # the page shows math as MathML, a preview as source
            continue
        assert title["content"] == heading.get_text(), paper_dir.name


def _listing(paper_id: str, title: str) -> Listing:
    return Listing(id=paper_id, title=title, authors=("A. Author",), abstract="Text.")


def test_a_feed_takes_the_last_day_it_reaches_whole() -> None:
    """Fifty papers a feed, but never half a day: a day of 98 papers is read whole."""
    listing = Listing(id="1", title="A paper")
    days = [dt.date(2025, 8, 12)] * 98 + [dt.date(2025, 8, 11)] * 30
    papers = [Paper(str(n), (day,), (), listing) for n, day in enumerate(days)]
    assert latest(papers) == papers[:98]
    assert latest(papers[60:]) == papers[60:]  # 38 + 30: all there are
    assert latest(papers[48:]) == papers[48:98]  # 50 ends the newer day: the older waits
    assert latest(papers[90:], size=5) == papers[90:98]
    assert latest(papers, most=60) == papers[:60]  # a day of thousands is cut
    assert latest([]) == []


def test_an_entry_names_the_authors_a_paper_page_names() -> None:
    """Thirty, as the page: feedgen compares each author with all before it (quadratic)."""
    names = tuple(f"Author {n}" for n in range(MAX_NAMES))
    listing = Listing(id="2506.90001", title="T", authors=names)
    paper = Paper(listing.id, (dt.date(2025, 6, 4),), (), listing)
    info = FeedInfo("feed.xml", "Archive", "Latest", "index.md")
    (entry,) = feedparser.parse(render_feed(info, [paper], {}, "https://e.org/", "A")).entries
    assert [author.name for author in entry.authors] == list(names[:SHOWN])
