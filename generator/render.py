"""Rendering: the Archive in, every generated page's text out. Pure: no clock, no I/O.

Pages are Markdown files whose bodies are HTML made by Jinja2 templates with autoescaping on,
so untrusted text is escaped exactly once and Markdown never sees it as Markdown (a raw HTML
block is passed through untouched).
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from itertools import groupby

import jinja2
from markupsafe import Markup

from generator import urls
from generator.errors import OutputError
from generator.markup import plain, rich
from generator.model import Archive, Day, Paper, Tag
from generator.text import excerpt
from generator.yamlfile import dump_yaml


@dataclass(frozen=True)
class SiteOptions:
    """What the pages need to know of the site around them."""

    site_name: str = "Paper archive"
    repo_url: str | None = None
    edit_uri: str | None = None
    content_path: str = "content"
    home_days: int = 3
    tag_page_size: int = 100

    def edit_url(self, repo_path: str) -> str | None:
        """The GitHub edit page of a file of the repository, when the site names its repository."""
        if not self.repo_url or self.edit_uri is None:
            return None
        return f"{self.repo_url.rstrip('/')}/{self.edit_uri.strip('/')}/{repo_path}"


@dataclass(frozen=True)
class Month:
    year: int
    month: int
    days: tuple[Day, ...]

    @property
    def papers(self) -> int:
        return sum(len(day.papers) for day in self.days)

    @property
    def page(self) -> str:
        return urls.month_page(self.year, self.month)

    @property
    def name(self) -> str:
        return month_name(self.year, self.month)


class _Index:
    """Lookups derived once from the archive and shared by every page."""

    def __init__(self, archive: Archive) -> None:
        self.archive = archive
        self.days = tuple(day for day in archive.days if day.papers)

    @cached_property
    def months(self) -> tuple[Month, ...]:
        grouped = groupby(self.days, key=lambda d: (d.date.year, d.date.month))
        return tuple(Month(year, month, tuple(days)) for (year, month), days in grouped)

    @cached_property
    def years(self) -> list[tuple[int, list[Month]]]:
        """Months grouped by year, newest first."""
        years = groupby(reversed(self.months), key=lambda m: m.year)
        return [(year, list(months)) for year, months in years]

    @cached_property
    def families(self) -> list[tuple[str, list[Tag]]]:
        """Tags by family, families in the vocabulary's order and tags by name within each."""
        families: dict[str, list[Tag]] = {}
        for tag in self.archive.tags.values():
            families.setdefault(tag.family, []).append(tag)
        return [(f, sorted(tags, key=lambda t: t.name.lower())) for f, tags in families.items()]

    @cached_property
    def by_tag(self) -> dict[str, list[Paper]]:
        tagged: dict[str, list[Paper]] = defaultdict(list)
        for paper in self.archive.papers.values():
            for slug in paper.tags:
                tagged[slug].append(paper)
        return {
            slug: sorted(papers, key=lambda p: (p.last_day, p.id), reverse=True)
            for slug, papers in tagged.items()
        }


class Links:
    """Relative links from one page to the others (the page's own view of the URL layout)."""

    def __init__(self, page: str) -> None:
        self.page = page

    def to(self, target: str) -> str:
        return urls.link(self.page, target)

    def paper(self, paper: Paper) -> str:
        return self.to(urls.paper_page(paper.id))

    def day(self, date: dt.date) -> str:
        return self.to(urls.day_page(date))

    def month(self, month: Month) -> str:
        return self.to(month.page)

    def tag(self, slug: str, number: int = 1) -> str:
        return self.to(urls.tag_page(slug, number))

    def home(self) -> str:
        return self.to(urls.HOME)

    def archive(self) -> str:
        return self.to(urls.ARCHIVE)

    def tags(self) -> str:
        return self.to(urls.TAGS)

    def search(self) -> str:
        return self.to(urls.SEARCH)


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("generator", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters.update(plain=plain, rich=rich, excerpt=_excerpt, long_date=long_date)
    return env


def _excerpt(text: str) -> Markup:
    return rich(excerpt(text))


_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")  # fmt: skip


def month_name(year: int, month: int) -> str:
    return f"{_MONTHS[month - 1]} {year}"


def long_date(date: dt.date) -> str:
    """'Monday, 2 June 2025': fixed English, so a build does not depend on the locale."""
    return f"{_WEEKDAYS[date.weekday()]}, {date.day} {month_name(date.year, date.month)}"


class Renderer:
    """Renders every page of the site from an Archive."""

    def __init__(self, archive: Archive, options: SiteOptions) -> None:
        self.archive = archive
        self.options = options
        self.index = _Index(archive)
        self.env = _environment()

    def render(self) -> dict[str, str]:
        """Every generated page, by its Markdown source path; two pages may not share a path."""
        pages: dict[str, str] = {}
        for path, text in self._pages():
            if path in pages:
                raise OutputError(
                    f"two pages claim the same path {path!r} (an id or slug collision)"
                )
            pages[path] = text
        return pages

    def _pages(self) -> Iterator[tuple[str, str]]:
        yield self.home()
        yield self.archive_page()
        yield from (self.month(month) for month in self.index.months)
        yield from self.day_pages()
        yield from (self.paper(paper) for paper in self.archive.papers.values())
        yield self.tag_overview()
        yield self.search_page()
        for tag in self.archive.tags.values():
            yield from self.tag_pages(tag)

    def _page(
        self, path: str, template: str, title: str, description: str = "", **context: object
    ) -> tuple[str, str]:
        # Material prints page titles and descriptions raw: both are escaped here.
        meta = {"title": str(plain(title))}
        if description:
            meta["description"] = str(plain(description))
        front = dump_yaml(meta)
        body = self.env.get_template(template).render(
            link=Links(path), options=self.options, archive=self.archive, **context
        )
        return path, f"---\n{front}---\n\n{body}"

    def home(self) -> tuple[str, str]:
        latest = self.index.days[-self.options.home_days :][::-1] if self.index.days else ()
        return self._page(
            urls.HOME,
            "home.md.j2",
            self.options.site_name,
            latest=[(day, self.archive.papers_of(day)) for day in latest],
            day_count=len(self.index.days),
            first=self.index.days[0].date if self.index.days else None,
        )

    def archive_page(self) -> tuple[str, str]:
        return self._page(urls.ARCHIVE, "archive.md.j2", "Archive", years=self.index.years)

    def month(self, month: Month) -> tuple[str, str]:
        months = self.index.months
        at = months.index(month)
        return self._page(
            month.page,
            "month.md.j2",
            month.name,
            month=month,
            previous=months[at - 1] if at > 0 else None,
            next=months[at + 1] if at + 1 < len(months) else None,
        )

    def day_pages(self) -> Iterator[tuple[str, str]]:
        days = self.index.days
        for at, day in enumerate(days):
            yield self._page(
                urls.day_page(day.date),
                "day.md.j2",
                f"Papers of {long_date(day.date)}",
                day=day,
                papers=self.archive.papers_of(day),
                month=self._month_of(day.date),
                previous=days[at - 1] if at > 0 else None,
                next=days[at + 1] if at + 1 < len(days) else None,
            )

    def _month_of(self, date: dt.date) -> Month:
        return next(m for m in self.index.months if (m.year, m.month) == (date.year, date.month))

    def paper(self, paper: Paper) -> tuple[str, str]:
        return self._page(
            urls.paper_page(paper.id),
            "paper.md.j2",
            paper.listing.title,
            description=excerpt(paper.listing.abstract, 200) or paper.listing.title,
            paper=paper,
            fix_url=self.options.edit_url(self._day_file(paper.last_day)),
        )

    def _day_file(self, date: dt.date) -> str:
        return f"{self.options.content_path}/days/{date.year:04d}/{date.isoformat()}.yml"

    def tag_overview(self) -> tuple[str, str]:
        return self._page(
            urls.TAGS,
            "tags.md.j2",
            "Tags",
            families=self.index.families,
            counts={slug: len(papers) for slug, papers in self.index.by_tag.items()},
        )

    def search_page(self) -> tuple[str, str]:
        return self._page(
            urls.SEARCH,
            "search.md.j2",
            "Search",
            families=self.index.families,
            years=self.index.years,
        )

    def tag_pages(self, tag: Tag) -> Iterator[tuple[str, str]]:
        papers = self.index.by_tag.get(tag.slug, [])
        size = self.options.tag_page_size
        pages = max(1, math.ceil(len(papers) / size))
        for number in range(1, pages + 1):
            yield self._page(
                urls.tag_page(tag.slug, number),
                "tag.md.j2",
                tag.name if number == 1 else f"{tag.name} (page {number})",
                tag=tag,
                papers=papers[(number - 1) * size : number * size],
                total=len(papers),
                number=number,
                pages=pages,
            )


def render_site(archive: Archive, options: SiteOptions) -> dict[str, str]:
    return Renderer(archive, options).render()
