"""Relative links from one page to the others (the page's own view of the URL layout)."""

from __future__ import annotations

import datetime as dt

from generator.archive.model import Paper
from generator.site import urls
from generator.site.feeds import HOME_FEED, tag_feed
from generator.site.index import Month


class Links:
    """Relative links from one page to the others (the page's own view of the URL layout)."""

    def __init__(self, page: str) -> None:
        self.page = page
        self.prefix = urls.root_prefix(page)

    def to(self, target: str) -> str:
        return self.prefix + urls.url_of(target) or "./"

    def paper(self, paper: Paper) -> str:
        if urls.is_paper_page(self.page):
            # From one paper to another (pager, related papers): its sibling folder, "../x/"
            # rather than "../../papers/x/", 60 bytes less a page.
            return f"../{urls.paper_name(paper.id)}/"
        return self.to(urls.paper_page(paper.id))

    def day(self, date: dt.date, part: int = 1) -> str:
        return self.to(urls.day_page(date, part))

    def month(self, month: Month) -> str:
        return self.to(month.page)

    def tag(self, slug: str, number: int | None = None) -> str:
        return self.to(urls.tag_page(slug, number))

    def tag_top(self, slug: str) -> str:
        return self.to(urls.tag_top_page(slug))

    def home(self) -> str:
        return self.to(urls.HOME)

    def archive(self) -> str:
        return self.to(urls.ARCHIVE)

    def tags(self) -> str:
        return self.to(urls.TAGS)

    def search(self) -> str:
        return self.to(urls.SEARCH)

    def stats(self) -> str:
        return self.to(urls.STATS)

    def asset(self, path: str) -> str:
        """A relative link to a file that is not a page (a feed), `path` from the site root."""
        return urls.asset(self.page, path)

    def home_feed(self) -> str:
        return self.asset(HOME_FEED)

    def tag_feed(self, slug: str) -> str:
        return self.asset(tag_feed(slug))
