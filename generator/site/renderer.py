"""The rendering core every page family shares: the archive with its derived lookups, the Jinja
environment, and paper fragments (cards, rows, feed entries) remembered by paper version.

Pure: the archive and options in, page text out; no clock and no I/O (a compiled-template cache,
when given, is the caller's).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from functools import cached_property, partial

import jinja2
from markupsafe import Markup

from generator.archive.model import Archive, Day, Paper
from generator.site import urls
from generator.site.dates import long_date
from generator.site.index import SiteIndex
from generator.site.links import Links
from generator.site.markup import plain, rich
from generator.site.options import SiteOptions
from generator.site.pages import PageJob, with_front_matter
from generator.site.versions import day_versions, paper_versions
from generator.text import counted, excerpt

# Rendered fragments by (paper version, kind).
Fragments = dict[tuple[bytes, str], str]


def environment(cache: jinja2.BytecodeCache | None = None) -> jinja2.Environment:
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
    env.filters.update(
        plain=plain, rich=rich, excerpt=_excerpt, long_date=long_date, counted=counted
    )
    return env


def _excerpt(text: str) -> Markup:
    return rich(excerpt(text))


class Site:
    """What every page family renders with."""

    def __init__(
        self,
        archive: Archive,
        options: SiteOptions,
        fragments: Fragments | None = None,
        templates: jinja2.BytecodeCache | None = None,
        carried: dict[str, object] | None = None,
    ) -> None:
        self.archive = archive
        self.options = options
        self.index = SiteIndex(archive)
        self.env = environment(templates)
        self._card_template = self.env.get_template("_card.md.j2")
        self._row_template = self.env.get_template("_row.md.j2")
        # Fragments known before this build (a build state's), and those rendered in it.
        self.fragments: Fragments = {} if fragments is None else fragments
        self.new_fragments: Fragments = {}
        # What page families worked out in the last build and carry to the next (a build
        # state's; each family checks that what it finds still holds), and in this one.
        self.carried: dict[str, object] = carried or {}
        self.carry: dict[str, object] = {}
        # Fragments of pages a new day may change, named by page families (keep_rows).
        self.hot_fragments: set[tuple[bytes, str]] = set()

    @cached_property
    def versions(self) -> dict[str, bytes]:
        """Every paper's version (a hash of what pages show of it), by id."""
        return paper_versions(self.archive)

    def versions_of(self, papers: list[Paper]) -> bytes:
        """The versions of a list of papers, as one key (cheaper to fingerprint than many)."""
        versions = self.versions
        return b"".join([versions[paper.id] for paper in papers])

    @cached_property
    def day_versions(self) -> dict[dt.date, bytes]:
        """A hash of each day's date and papers (versions.day_versions)."""
        return day_versions(self.archive, self.versions, self.index.days)

    def days_version(self, days: tuple[Day, ...]) -> bytes:
        """One key for some days: their dates and their papers."""
        found = self.day_versions
        return b"".join([found[day.date] for day in days])

    @cached_property
    def tag_versions(self) -> dict[str, bytes]:
        """The versions of each tag's papers, oldest first, end to end (16 bytes a paper)."""
        versions = self.versions
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
            shown += papers[: self.options.tag_latest_count(len(papers))]
        return {self.versions[paper.id] for paper in shown}

    def keep_rows(self, papers: list[Paper], page: str) -> None:
        """Keep the papers' rows on `page` for the next build (hot_fragments): only these, not
        every fragment of their versions, which would weigh on every build's state."""
        kind = self._row_kind(Links(page))
        self.hot_fragments.update((self.versions[paper.id], kind) for paper in papers)

    def render(self, job: PageJob) -> str:
        """A page's whole text: front matter (title, description, feed) and body."""
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
        if job.head:
            meta["head"] = job.head()
        body = self.env.get_template(job.template).render(
            link=link,
            options=self.options,
            archive=self.archive,
            card=self.card,
            rows=self.rows,
            **job.context(),
        )
        return with_front_matter(meta, body)

    def card(
        self, paper: Paper, link: Links, heading: str = "h3", show_date: bool = False
    ) -> Markup:
        """A paper's card (home and day pages), at the depth of the page it is shown on."""
        key = f"card {heading} {show_date} {link.prefix}"
        return self._fragment(key, paper, link, heading=heading, show_date=show_date)

    def rows(self, papers: list[Paper], link: Links) -> Markup:
        """Papers' rows in a tag page's list, a line each (joined here: a hundred calls from
        the template cost more than the rows, which are mostly remembered)."""
        kind = self._row_kind(link)
        return Markup("".join([f"{self._fragment(kind, paper, link)}\n" for paper in papers]))

    @staticmethod
    def _row_kind(link: Links) -> str:
        return f"row {link.prefix}"

    def _fragment(self, kind: str, paper: Paper, link: Links, **context: object) -> Markup:
        """A piece of a page about one paper, remembered for as long as the paper's version
        stands: a new day rewrites many tag pages, but renders only its own papers' rows."""
        template = self._card_template if kind.startswith("card") else self._row_template
        make = partial(template.render, paper=paper, link=link, archive=self.archive, **context)
        return Markup(self.remembered(kind, paper, make))

    def remembered(self, kind: str, paper: Paper, make: Callable[[], str]) -> str:
        key = (self.versions[paper.id], kind)
        text = self.fragments.get(key)
        if text is None:
            text = self.fragments[key] = self.new_fragments[key] = make()
        return text

    def take_new_fragments(self) -> Fragments:
        """The fragments rendered since the last call (a worker process hands them back)."""
        found, self.new_fragments = self.new_fragments, {}
        return found

    def absolute(self, page: str) -> str:
        return urls.absolute(self.options.site_url, urls.url_of(page))

    def day_file(self, date: dt.date) -> str:
        """A day file's path in the repository (for "Fix tags" links)."""
        return f"{self.options.content_path}/days/{date.year:04d}/{date.isoformat()}.yml"
