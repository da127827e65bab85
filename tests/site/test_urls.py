"""The URL layout and relative links between pages."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urljoin

from generator.archive.model import Listing, Paper
from generator.site import urls
from generator.site.links import Links


def test_pages_are_served_as_directories() -> None:
    assert urls.url_of("index.md") == ""
    assert urls.url_of("tags/index.md") == "tags/"
    assert urls.url_of(urls.paper_page("2505.24864")) == "papers/2505.24864/"
    assert urls.url_of(urls.tag_page("llm", 3)) == "tags/llm/page-3/"


def test_links_are_relative() -> None:
    day = urls.day_page(dt.date(2025, 6, 2))
    assert urls.link(day, urls.paper_page("2505.24864")) == "../../papers/2505.24864/"
    assert urls.link(day, urls.HOME) == "../../"
    assert urls.link(urls.HOME, day) == "days/2025-06-02/"
    assert urls.link(urls.tag_page("llm", 2), urls.tag_page("llm")) == "../../../tags/llm/"
    assert urls.link(urls.HOME, urls.HOME) == "./"
    assert urls.asset(day, "feed.xml") == "../../feed.xml"


def test_ids_with_slashes_stay_one_segment() -> None:
    assert urls.paper_page("cs/0112017") == "papers/cs~0112017.md"


def test_a_paper_links_other_papers_as_siblings_that_resolve_to_their_pages() -> None:
    other = Paper.of(Listing(id="cs/0112017", title="Old"), (dt.date(2001, 12, 5),))
    base = "https://example.org/archive/"
    for page in (urls.paper_page("2505.24864"), urls.day_page(dt.date(2025, 6, 2)), urls.HOME):
        href = Links(page).paper(other)
        assert urljoin(base + urls.url_of(page), href) == base + "papers/cs~0112017/", page
    assert Links(urls.paper_page("2505.24864")).paper(other) == "../cs~0112017/"
