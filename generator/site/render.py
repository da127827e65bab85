"""Rendering: the Archive in, every generated page's text out. Pure: no clock, no I/O.

Pages are Markdown files whose bodies are HTML made by Jinja2 templates with autoescaping on,
so untrusted text is escaped exactly once and Markdown never sees it as Markdown (a raw HTML
block is passed through untouched).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property, partial
from itertools import groupby
from pathlib import Path

import jinja2
import numpy as np
from markupsafe import Markup

from generator.archive.model import Archive, Day, Paper, Tag
from generator.archive.related import RELATED, RelatedLists
from generator.build.state import digest
from generator.errors import OutputError
from generator.site import search, urls
from generator.site.bibtex import bibtex
from generator.site.chart import Bar, bar_chart
from generator.site.feeds import FEED_SIZE, HOME_FEED, FeedInfo, feed_entry, render_feed, tag_feed
from generator.site.markup import plain, rich
from generator.site.sitemaps import papers_sitemap, papers_sitemap_path
from generator.text import excerpt


@dataclass(frozen=True)
class SiteOptions:
    """What the pages need to know of the site around them."""

    site_name: str = "Paper archive"
    site_url: str = "https://example.invalid/"  # feeds need absolute links
    repo_url: str | None = None
    edit_uri: str | None = None
    content_path: str = "content"
    home_days: int = 3
    tag_page_size: int = 100
    day_page_size: int = 100  # a day with more papers continues on further pages

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
    def _months_by_key(self) -> dict[tuple[int, int], Month]:
        return {(m.year, m.month): m for m in self.months}

    def month_of(self, date: dt.date) -> Month:
        return self._months_by_key[(date.year, date.month)]

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
    def newest_first(self) -> list[Paper]:
        """Every paper, newest first (by the last day listed, then id)."""
        return sorted(self.archive.papers.values(), key=lambda p: (p.days[-1], p.id), reverse=True)

    @cached_property
    def by_tag(self) -> dict[str, list[Paper]]:
        """Papers of each tag, newest first."""
        tagged: dict[str, list[Paper]] = defaultdict(list)
        for paper in self.newest_first:
            for slug in paper.tags:
                tagged[slug].append(paper)
        return dict(tagged)


class Links:
    """Relative links from one page to the others (the page's own view of the URL layout)."""

    def __init__(self, page: str) -> None:
        self.page = page
        self.prefix = urls.root_prefix(page)

    def to(self, target: str) -> str:
        return self.prefix + urls.url_of(target) or "./"

    def paper(self, paper: Paper) -> str:
        return self.to(urls.paper_page(paper.id))

    def day(self, date: dt.date, part: int = 1) -> str:
        return self.to(urls.day_page(date, part))

    def month(self, month: Month) -> str:
        return self.to(month.page)

    def tag(self, slug: str, number: int | None = None) -> str:
        return self.to(urls.tag_page(slug, number))

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


def _environment(compiled: Path | None = None) -> jinja2.Environment:
    # Compiling the templates costs 0.2 s a process: a build keeps them compiled in its state.
    cache = None
    if compiled is not None:
        compiled.mkdir(parents=True, exist_ok=True)
        cache = jinja2.FileSystemBytecodeCache(str(compiled))
    env = jinja2.Environment(
        bytecode_cache=cache,
        loader=jinja2.PackageLoader("generator.site", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
        auto_reload=False,
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


@dataclass(frozen=True)
class PageJob:
    """One page to render: its template, `key` (the inputs its text depends on) and how to
    make its template context.

    Two jobs with equal keys (and templates and titles) render the same text, so a page whose
    key is unchanged since the last build is not rendered again; its context is only made
    when it is.
    """

    path: str
    template: str
    title: str
    key: tuple[object, ...]
    context: Callable[[], dict[str, object]] = field(compare=False, hash=False)
    description: Callable[[], str] = field(default=lambda: "", compare=False, hash=False)
    # Paper pages also give the search index a document: its path under the pages folder.
    search_document: str | None = None
    # The Atom feed a page advertises (`<link rel="alternate">`), from the site root.
    feed: str | None = None
    # A file that is not a Markdown page (a feed, a sitemap) makes its whole text itself.
    text: Callable[[], str] | None = field(default=None, compare=False, hash=False)

    def fingerprint(self, base: bytes) -> bytes:
        # repr() of the key (strings, bytes, numbers, dates, tuples) is stable between runs.
        text = repr((self.template, self.title, self.key))
        return hashlib.blake2b(base + text.encode(), digest_size=16).digest()


def paper_version(paper: Paper) -> bytes:
    """A hash of everything a page can show of a paper (its card, or its own page)."""
    listing = paper.listing
    fields = (
        listing.id, listing.title, "\x1e".join(listing.authors), listing.abstract,
        listing.published or "", listing.submitted or "", str(listing.upvotes),
        listing.github or "", listing.project_page or "", listing.ai_summary or "",
        "\x1e".join(listing.ai_keywords), str(listing.arxiv),
        "\x1e".join(day.isoformat() for day in paper.days), "\x1e".join(paper.tags),
    )  # fmt: skip
    return hashlib.blake2b("\x1f".join(fields).encode(), digest_size=16).digest()


def paper_versions(archive: Archive) -> dict[str, bytes]:
    """Every paper's version, by id.

    A paper listed on one day is known by that day: the revision of its file (a hash of it,
    which holds the paper's text, date and tag fixes), what assigned the tags, and the paper's
    place in the day. One hash a day and no loop a paper: at 50,000 papers, any loop a paper
    costs a good part of a one-day build. A day file's edit changes its papers' versions either
    way (the old way hashed the revision into each).
    """
    versions: dict[str, bytes] = {}
    longest = max((len(day.paper_ids) for day in archive.days), default=0)
    places = [place.to_bytes(4, "big") for place in range(longest)]
    for day in archive.days:
        ids = day.paper_ids
        if day.revision and archive.tagging:
            known = f"{day.revision}\x1f".encode() + archive.tagging
            seed = hashlib.blake2b(known, digest_size=12).digest()
            versions.update(zip(ids, [seed + place for place in places[: len(ids)]], strict=True))
    listed = sum(len(day.paper_ids) for day in archive.days)
    if len(versions) == listed == len(archive.papers):
        return versions  # no paper listed twice, none unknown
    revisions = {day.date: day.revision for day in archive.days}
    for paper_id, paper in archive.papers.items():
        if len(paper.days) == 1 and paper_id in versions:
            continue
        found = _all_revisions(paper.days, revisions)
        if found:
            text = f"{paper_id}\x1f{found}\x1f\x1f{chr(0x1F).join(paper.tags)}"
            versions[paper_id] = hashlib.blake2b(text.encode(), digest_size=16).digest()
        else:
            versions[paper_id] = paper_version(paper)
    return versions


def _all_revisions(days: tuple[dt.date, ...], revisions: dict[dt.date, str]) -> str:
    found = [revisions.get(day, "") for day in days]
    return "\x1f".join(found) if all(found) else ""


class Renderer:
    """Renders every page of the site from an Archive."""

    def __init__(
        self,
        archive: Archive,
        options: SiteOptions,
        compiled: Path | None = None,
        related: RelatedLists | None = None,
    ) -> None:
        self.archive = archive
        self.options = options
        # Each paper's related papers (generator.archive.related); none when not computed.
        self.related = related or RelatedLists([], np.zeros((0, RELATED), np.int64))
        self.index = _Index(archive)
        self.env = _environment(compiled)
        self._card_template = self.env.get_template("_card.md.j2")
        self._row_template = self.env.get_template("_row.md.j2")
        # Rendered per-paper fragments by (paper version, kind); a build state may fill it.
        self.fragments: dict[tuple[bytes, str], str] = {}
        self.new_fragments: dict[tuple[bytes, str], str] = {}

    @cached_property
    def _versions(self) -> dict[str, bytes]:
        return paper_versions(self.archive)

    def version(self, paper: Paper) -> bytes:
        """A hash of what pages show of a paper."""
        return self._versions[paper.id]

    def versions_of(self, papers: list[Paper]) -> bytes:
        """The versions of a list of papers, as one key (cheaper to fingerprint than many)."""
        versions = self._versions
        return b"".join([versions[paper.id] for paper in papers])

    @cached_property
    def _tag_versions(self) -> dict[str, bytes]:
        """The versions of each tag's papers, oldest first, end to end (16 bytes a paper)."""
        versions = self._versions
        parts: dict[str, list[bytes]] = defaultdict(list)
        for paper in reversed(self.index.newest_first):
            version = versions[paper.id]
            for slug in paper.tags:
                parts[slug].append(version)
        return {slug: b"".join(found) for slug, found in parts.items()}

    def hot_versions(self) -> set[bytes]:
        """Versions of the papers on pages the next day will likely change (home, the newest
        days, each tag's latest papers): fragments worth keeping."""
        newest_days = self.index.days[-self.options.home_days - 1 :]
        shown = [paper for day in newest_days for paper in self.archive.papers_of(day)]
        for papers in self.index.by_tag.values():
            shown += papers[: self.options.tag_page_size]
        return {self.version(paper) for paper in shown}

    def render(self) -> dict[str, str]:
        """Every generated page, by its Markdown source path; two pages may not share a path."""
        return {job.path: self.render_job(job) for job in self.jobs()}

    def jobs(self) -> list[PageJob]:
        """Every page of the site; two pages may not claim one path."""
        return self.page_jobs() + [self.paper(paper) for paper in self.archive.papers.values()]

    def page_jobs(self) -> list[PageJob]:
        """Every page but the papers' own (those are one per id, under their own folder)."""
        jobs: dict[str, PageJob] = {}
        for job in self._jobs():
            if job.path in jobs:
                raise OutputError(
                    f"two pages claim the same path {job.path!r} (an id or slug collision)"
                )
            jobs[job.path] = job
        return list(jobs.values())

    def _jobs(self) -> Iterator[PageJob]:
        yield self.home()
        yield self.archive_page()
        yield from (self.month(month) for month in self.index.months)
        yield from self.day_pages()
        yield self.tag_overview()
        yield self.search_page()
        yield self.stats_page()
        for tag in self.archive.tags.values():
            yield from self.tag_pages(tag)
        yield from self.feeds()
        yield from self.sitemaps()

    @cached_property
    def _page_versions(self) -> dict[str, bytes]:
        """A paper page's version: the paper's, then those of the papers it lists as related."""
        versions = self._versions
        with_related = self.related.keys(versions)
        return {paper_id: with_related.get(paper_id, v) for paper_id, v in versions.items()}

    def paper_pages(self) -> dict[str, tuple[bytes, str]]:
        """What each paper's page (and search document) depends on, by id: its version (which
        covers its last day, the one its "fix tags" link names, and its related papers) and the
        search shard of its first."""
        versions = self._page_versions
        shards = {day.date: search.shard_of(day.date) for day in self.archive.days}
        return {
            paper_id: (versions[paper_id], shards[paper.days[0]])
            for paper_id, paper in self.archive.papers.items()
        }

    def render_job(self, job: PageJob) -> str:
        if job.text is not None:
            return job.text()
        # Material prints page titles and descriptions raw: both are escaped here.
        meta = {"title": str(plain(job.title))}
        description = job.description()
        if description:
            meta["description"] = str(plain(description))
        link = Links(job.path)
        if job.feed:
            meta["feed"] = link.asset(job.feed)
        body = self.env.get_template(job.template).render(
            link=link,
            options=self.options,
            archive=self.archive,
            card=self.card,
            rows=self.rows,
            **job.context(),
        )
        return f"---\n{front_matter(meta)}---\n\n{body}"

    def card(
        self, paper: Paper, link: Links, heading: str = "h3", show_date: bool = False
    ) -> Markup:
        """A paper's card (home and day pages), at the depth of the page it is shown on."""
        key = f"card {heading} {show_date} {link.prefix}"
        return self._fragment(key, paper, link, heading=heading, show_date=show_date)

    def rows(self, papers: list[Paper], link: Links) -> Markup:
        """Papers' rows in a tag page's list, a line each (joined here: a hundred calls from
        the template cost more than the rows, which are mostly remembered)."""
        kind = f"row {link.prefix}"
        return Markup("".join([f"{self._fragment(kind, paper, link)}\n" for paper in papers]))

    def _fragment(self, kind: str, paper: Paper, link: Links, **context: object) -> Markup:
        """A piece of a page about one paper, remembered for as long as the paper's version
        stands: a new day rewrites many tag pages, but renders only its own papers' rows."""
        template = self._card_template if kind.startswith("card") else self._row_template
        make = partial(template.render, paper=paper, link=link, archive=self.archive, **context)
        return Markup(self._remembered(kind, paper, make))

    def _remembered(self, kind: str, paper: Paper, make: Callable[[], str]) -> str:
        key = (self.version(paper), kind)
        text = self.fragments.get(key)
        if text is None:
            text = self.fragments[key] = self.new_fragments[key] = make()
        return text

    def home(self) -> PageJob:
        latest = self.index.days[-self.options.home_days :][::-1] if self.index.days else ()
        listed = [(day, self.archive.papers_of(day)) for day in latest]
        first = self.index.days[0].date if self.index.days else None
        return PageJob(
            urls.HOME,
            "home.md.j2",
            self.options.site_name,
            key=(
                len(self.archive.papers),
                len(self.index.days),
                first,
                tuple((day.date, self.versions_of(papers)) for day, papers in listed),
            ),
            context=lambda: {
                "latest": listed,
                "day_count": len(self.index.days),
                "first": first,
            },
            feed=HOME_FEED,
        )

    def archive_page(self) -> PageJob:
        return PageJob(
            urls.ARCHIVE,
            "archive.md.j2",
            "Archive",
            key=tuple(_month_key(m) for _, months in self.index.years for m in months),
            context=lambda: {"years": self.index.years},
        )

    def month(self, month: Month) -> PageJob:
        months = self.index.months
        at = months.index(month)
        previous = months[at - 1] if at > 0 else None
        following = months[at + 1] if at + 1 < len(months) else None
        return PageJob(
            month.page,
            "month.md.j2",
            month.name,
            key=(
                tuple((day.date, len(day.papers)) for day in month.days),
                previous and previous.name,
                following and following.name,
            ),
            context=lambda: {"month": month, "previous": previous, "next": following},
        )

    def day_pages(self) -> Iterator[PageJob]:
        days = self.index.days
        for at, day in enumerate(days):
            previous = days[at - 1] if at > 0 else None
            following = days[at + 1] if at + 1 < len(days) else None
            yield from self.day_page(day, previous, following)

    def day_page(self, day: Day, previous: Day | None, following: Day | None) -> Iterator[PageJob]:
        """A day's papers, on as many pages as keep each page small (no page over 300 KB)."""
        every = self.archive.papers_of(day)
        size = self.options.day_page_size
        parts = max(1, math.ceil(len(every) / size))
        for part in range(1, parts + 1):
            papers = every[(part - 1) * size : part * size]
            title = f"Papers of {long_date(day.date)}"
            yield PageJob(
                urls.day_page(day.date, part),
                "day.md.j2",
                title if part == 1 else f"{title}, page {part}",
                key=(
                    day.date,
                    part,
                    parts,
                    len(every),
                    self.versions_of(papers),
                    previous and previous.date,
                    following and following.date,
                ),
                context=partial(
                    dict,
                    day=day,
                    papers=papers,
                    total=len(every),
                    part=part,
                    parts=parts,
                    first=(part - 1) * size + 1,
                    month=self.index.month_of(day.date),
                    previous=previous,
                    next=following,
                ),
            )

    def paper(self, paper: Paper) -> PageJob:
        fix_url = self.options.edit_url(self._day_file(paper.last_day))
        return PageJob(
            urls.paper_page(paper.id),
            "paper.md.j2",
            paper.listing.title,
            key=(self._page_versions[paper.id], fix_url),
            context=lambda: {
                "paper": paper,
                "fix_url": fix_url,
                "related": [self.archive.papers[i] for i in self.related.of(paper.id)],
                "bibtex": bibtex(paper, self._absolute(urls.paper_page(paper.id))),
            },
            description=lambda: excerpt(paper.listing.abstract, 200) or paper.listing.title,
            search_document=search.document_path(search.shard_of(paper.first_day), paper.id),
        )

    def _absolute(self, page: str) -> str:
        return urls.absolute(self.options.site_url, urls.url_of(page))

    def _day_file(self, date: dt.date) -> str:
        return f"{self.options.content_path}/days/{date.year:04d}/{date.isoformat()}.yml"

    def tag_overview(self) -> PageJob:
        counts = {slug: len(papers) for slug, papers in self.index.by_tag.items()}
        return PageJob(
            urls.TAGS,
            "tags.md.j2",
            "Tags",
            key=(len(self.archive.papers), tuple(sorted(counts.items()))),
            context=lambda: {"families": self.index.families, "counts": counts},
        )

    def search_page(self) -> PageJob:
        return PageJob(
            urls.SEARCH,
            "search.md.j2",
            "Search",
            key=(len(self.archive.papers), tuple(_month_key(m) for m in self.index.months)),
            context=lambda: {"families": self.index.families, "years": self.index.years},
        )

    def stats_page(self, top: int = 15) -> PageJob:
        months = self.index.months
        counts = {slug: len(papers) for slug, papers in self.index.by_tag.items()}
        top_tags = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:top]
        sizes = [(len(day.papers), day.date) for day in self.index.days]
        busiest = sorted(sizes, key=lambda size: (-size[0], size[1]))[:top]
        by_date = {day.date: day for day in self.index.days}

        def context() -> dict[str, object]:
            link = Links(urls.STATS)
            # Every calendar month gets a bar, an empty one where the archive has no papers, so
            # that a gap shows as a gap. Under two years, every month is named; beyond, January.
            calendar = _calendar(months)
            few = len(calendar) <= 24
            bars = [
                Bar(
                    m.name,
                    m.papers,
                    link.month(m) if m.days else "",
                    _tick(m, first=n == 0, every=few),
                )
                for n, m in enumerate(calendar)
            ]
            return {
                "months": months,
                "day_count": len(self.index.days),
                "chart": bar_chart(bars, "Papers per month"),
                "top_tags": [(self.archive.tags[slug], count) for slug, count in top_tags],
                "busiest": [(by_date[date], count) for count, date in busiest],
            }

        return PageJob(
            urls.STATS,
            "stats.md.j2",
            "Statistics",
            key=(tuple(_month_key(m) for m in months), tuple(top_tags), tuple(busiest)),
            context=context,
        )

    def tag_pages(self, tag: Tag) -> Iterator[PageJob]:
        """The latest papers, then numbered pages from the oldest, full pages never changing."""
        newest_first = self.index.by_tag.get(tag.slug, [])
        oldest_first = newest_first[::-1]
        # The papers' versions in the same order, sliced like the papers.
        versions = self._tag_versions.get(tag.slug, b"")
        width = len(versions) // len(oldest_first) if oldest_first else 0
        size = self.options.tag_page_size
        total = len(newest_first)
        pages = math.ceil(total / size) if total > size else 0
        chunks = [oldest_first[i * size : (i + 1) * size] for i in range(pages)]
        ranges = [(n, c[0].last_day, c[-1].last_day) for n, c in enumerate(chunks, start=1)]
        latest = newest_first[:size]
        older = (total - size - 1) // size + 1 if pages else None
        yield PageJob(
            urls.tag_page(tag.slug),
            "tag.md.j2",
            tag.name,
            key=(tag, total, pages, older, tuple(ranges), versions[-size * width :]),
            context=lambda: _tag_context(tag, total, pages, None, latest, older, ranges),
            feed=tag_feed(tag.slug),
        )
        # A numbered page shows nothing that a new paper elsewhere changes: not the total, and
        # only whether it is the newest page (its "Newer" link then leads to the latest papers).
        step = size * width
        for number, chunk in enumerate(chunks, start=1):
            papers = chunk[::-1]
            last = pages if number == pages else 0
            yield PageJob(
                urls.tag_page(tag.slug, number),
                "tag.md.j2",
                f"{tag.name}, page {number}",
                key=(tag, number, last, versions[(number - 1) * step : number * step]),
                context=partial(_tag_context, tag, len(papers), last, number, papers, None, []),
            )

    def feeds(self) -> Iterator[PageJob]:
        """The Atom feeds: the latest papers of the archive, and of each tag."""
        name = self.options.site_name
        yield self._feed(
            FeedInfo(HOME_FEED, name, f"The latest papers in {name}.", urls.HOME),
            self.index.newest_first[:FEED_SIZE],
        )
        for tag in self.archive.tags.values():
            info = FeedInfo(
                tag_feed(tag.slug), f"{name}: {tag.name}", tag.description or tag.name,
                urls.tag_page(tag.slug),
            )  # fmt: skip
            yield self._feed(info, self.index.by_tag.get(tag.slug, [])[:FEED_SIZE])

    def _feed(self, info: FeedInfo, papers: list[Paper]) -> PageJob:
        return PageJob(
            info.path,
            FEED,
            info.title,
            key=(info, self.versions_of(papers)),
            context=dict,
            text=partial(self._feed_text, info, papers),
        )

    def _feed_text(self, info: FeedInfo, papers: list[Paper]) -> str:
        tags, site_url = self.archive.tags, self.options.site_url
        entry = partial(feed_entry, tags=tags, site_url=site_url)

        def kept(paper: Paper) -> str:
            return self._remembered("feed entry", paper, partial(entry, paper))

        return render_feed(info, papers, tags, site_url, self.options.site_name, entry=kept)

    def sitemaps(self) -> Iterator[PageJob]:
        """A sitemap of paper pages per year (of the paper's first day)."""
        by_year: dict[str, list[Paper]] = defaultdict(list)
        for paper in self.archive.papers.values():
            by_year[str(paper.first_day.year)].append(paper)
        for year, papers in sorted(by_year.items()):
            papers.sort(key=lambda paper: paper.id)
            yield PageJob(
                papers_sitemap_path(year),
                SITEMAP,
                f"Papers of {year}",
                key=(year, self.versions_of(papers)),
                context=dict,
                text=partial(papers_sitemap, papers, self.options.site_url),
            )


FEED = "atom feed"  # the template names of files that make their own text (in fingerprints)
SITEMAP = "sitemap"


def _tag_context(
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


def _calendar(months: Sequence[Month]) -> list[Month]:
    """`months` (oldest first) with an empty Month for each calendar month missing between them."""
    if not months:
        return []
    present = {(m.year, m.month): m for m in months}
    first, last = months[0], months[-1]
    calendar = []
    for index in range(first.year * 12 + first.month - 1, last.year * 12 + last.month):
        year, month = divmod(index, 12)
        calendar.append(present.get((year, month + 1), Month(year, month + 1, ())))
    return calendar


def _tick(month: Month, first: bool, every: bool) -> str:
    """A month's label under the chart: `Jun` (or `Jan 2025`, and the first month's year)."""
    short = month.name[:3]
    if first or month.month == 1:
        return f"{short} {month.year}" if every else str(month.year)
    return short if every else ""


def _month_key(month: Month) -> tuple[object, ...]:
    return (month.year, month.month, len(month.days), month.papers)


def front_matter(meta: dict[str, str]) -> str:
    """Front matter as YAML that is also JSON: fast to read back (see mkdocs_shell)."""
    return "".join(
        f"{key}: {json.dumps(value, ensure_ascii=False)}\n" for key, value in meta.items()
    )


@cache
def render_version() -> bytes:
    """Changes whenever the rendering code or a template changes."""
    package = Path(__file__).parent
    sources = [package / name for name in ("render.py", "markup.py", "urls.py", "feeds.py")] + [
        package.parent / "text.py"
    ]
    sources += sorted((package / "templates").glob("*.j2"))
    return digest([path.read_bytes() for path in sources])


def render_site(archive: Archive, options: SiteOptions) -> dict[str, str]:
    return Renderer(archive, options).render()
