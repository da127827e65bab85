"""The thin MkDocs plugin: runs the generator inside `mkdocs build` and `mkdocs serve`.

This is the only module that imports MkDocs. It generates the pages into a folder of their own
and hands them to MkDocs as extra files, kept out of the nav (a nav listing every paper makes
Material's build quadratic).
"""

from __future__ import annotations

import gzip
import logging
import os
import time
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from generator.archive.check import check_content
from generator.build.generate import generate, state_folder
from generator.build.search_index import index_site
from generator.build.site_size import (
    LIMIT_BYTES,
    check_site_size,
    describe_size,
    measure_site,
    size_limit,
)
from generator.build.state import BuildState
from generator.content.lock import locked_folder
from generator.errors import ArchiveError, ContentError
from generator.mkdocs.lean import (
    SharedParts,
    finish_page,
    joined_stylesheet,
    lean_page,
    share_chrome,
)
from generator.mkdocs.shell import Shells, write_generated_pages
from generator.site.options import SiteOptions
from generator.site.sitemaps import LISTS_SITEMAP, PAGES_SITEMAP, lists_sitemap, sitemap_index
from generator.site.urls import NAV_PAGES, is_paper_page
from generator.write import write_if_changed

log = logging.getLogger("mkdocs.plugins.archive")


class ArchivePluginConfig(Config):
    content = config_options.Type(str, default="content")
    pages_dir = config_options.Type(str, default=".cache/pages")
    home_days = config_options.Type(int, default=3)
    search = config_options.Type(bool, default=True)
    # Generated pages outside the nav (papers, days, months, tags' and top pages) are filled
    # into one rendering of Material's chrome a shape (see mkdocs.shell); false renders each
    # through MkDocs like any page (slower, same bytes).
    fast_pages = config_options.Type(bool, default=True)
    # The publish fails over this (GitHub Pages: 1 GB); `python -m generator size` warns nearer.
    size_limit_bytes = config_options.Type(int, default=LIMIT_BYTES)
    tag_page_size = config_options.Type(int, default=100)
    day_page_size = config_options.Type(int, default=100)


class ArchivePlugin(BasePlugin[ArchivePluginConfig]):
    def __init__(self) -> None:
        self._bodies: dict[str, str] = {}
        self._pages_dir = Path()
        self._shelled: list[str] = []  # generated pages written through mkdocs.shell
        self._files: Files | None = None
        self._nav: Navigation | None = None
        self._env: jinja2.Environment | None = None
        self._shards: tuple[str, ...] = ()
        self._years: tuple[str, ...] = ()
        self._shared = SharedParts()
        self._search: Future[float] | None = None
        # The build state as build_site() checked the content through it, for the next build.
        self.checked_state: BuildState | None = None
        self._lock: int | None = None  # the build state's lock, held while building

    def _path(self, config: MkDocsConfig, value: str) -> Path:
        base = Path(config.config_file_path or ".").resolve().parent
        return (base / value).resolve()

    def options(self, config: MkDocsConfig) -> SiteOptions:
        base = Path(config.config_file_path or ".").resolve().parent
        content = self._path(config, self.config.content)
        # "Fix tags" links name the day file in the repository; content from elsewhere (tests,
        # benchmarks) is shown as if it were the repository's content/ folder.
        try:
            content_path = content.relative_to(base).as_posix()
        except ValueError:
            content_path = "content"
        return SiteOptions(
            site_name=config.site_name,
            site_description=config.site_description or "",
            site_url=config.site_url or SiteOptions.site_url,
            repo_url=config.repo_url,
            edit_uri=config.edit_uri,
            content_path=content_path,
            home_days=self.config.home_days,
            tag_page_size=self.config.tag_page_size,
            day_page_size=self.config.day_page_size,
            # Benchmarks only (bench build --without): page families to leave out.
            without=tuple(os.environ.get("ARCHIVE_WITHOUT_FAMILIES", "").split()),
        )

    def on_pre_build(self, /, *, config: MkDocsConfig) -> None:
        self._shared = SharedParts()  # each build (mkdocs serve rebuilds) writes its own
        # One build at a time on a build state (and so on its site): two at once each
        # emptied and refilled the site, and one's search bundles were left among the other's.
        # Taken before MkDocs empties the site folder; released when the build ends.
        pages_dir = self._path(config, self.config.pages_dir)
        self._lock = locked_folder(pages_dir)
        if self._lock is None:
            raise PluginError(
                f"archive: another build is using {pages_dir} (and its site): this one built"
                " nothing; build again when it has finished"
            )

    def _unlock(self) -> None:
        if self._lock is not None:
            os.close(self._lock)
            self._lock = None

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        content = self._path(config, self.config.content)
        pages_dir = self._pages_dir = self._path(config, self.config.pages_dir)
        started = time.perf_counter()
        try:
            idle_fixes = _idle_fixes(bool(config.strict))
            last, self.checked_state = self.checked_state, None
            generated = generate(content, pages_dir, self.options(config), idle_fixes, last)
        except ArchiveError as error:
            raise PluginError(f"archive: {error}") from None
        report = generated.report
        self._shards, self._years = generated.shards, generated.years
        # The search box loads the bundles newest first (see javascripts/search.js).
        config.extra["archive_search_shards"] = sorted(self._shards, reverse=True)
        log.info(
            "archive: %d pages generated, %d written, %d removed in %.1f s",
            report.unchanged + len(report.written),
            len(report.written),
            len(report.removed),
            time.perf_counter() - started,
        )
        log.debug("archive: generation's phases (seconds): %s", generated.phases)
        if self.config.search:
            # The search documents are written: Pagefind indexes them while MkDocs renders
            # its pages on one core (a third of a full build's time at 50,000 papers, when
            # the index came after them). MkDocs emptied the site folder before this hook.
            self._search = _index_in_background(Path(config.site_dir), pages_dir, self._shards)
        paths = sorted(_relative_files(pages_dir))
        self._shelled = [p for p in paths if self.config.fast_pages and _shelled(p)]
        for path in paths:
            if self.config.fast_pages and _shelled(path):
                continue
            if files.get_file_from_path(path) is not None:
                raise PluginError(f"archive: docs/{path} clashes with a generated page")
            files.append(
                File(
                    path,
                    str(pages_dir),
                    config.site_dir,
                    config.use_directory_urls,
                    inclusion=_inclusion(path),
                )
            )
        self._files = files
        return files

    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation:
        self._nav = nav
        return nav

    def on_env(
        self, env: jinja2.Environment, /, *, config: MkDocsConfig, files: Files
    ) -> jinja2.Environment:
        self._env = env
        return env

    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        # Generated pages are finished HTML: set the body aside so Python-Markdown neither
        # spends time on it nor reads untrusted text as Markdown; on_page_content restores it.
        if page.file.src_dir != str(self._pages_dir):
            return markdown
        self._bodies[page.file.src_uri] = markdown
        return ""

    def on_page_content(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        return self._bodies.pop(page.file.src_uri, html)

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        lean = lean_page(output, _root(page), self._shared)
        # Generated pages out of the nav (papers, days, months, tags) have the same chrome at
        # the same depth: kept once, in shared scripts. Pages in the nav keep theirs inline.
        if page.file.src_uri in NAV_PAGES or page.file.src_dir == config.docs_dir:
            return lean
        return finish_page(share_chrome(lean, _root(page), self._shared))

    def on_post_build(self, /, *, config: MkDocsConfig) -> None:
        if self._shelled:
            self._write_shelled(config)
        site = Path(config.site_dir)
        for path, text in self._shared.files().items():
            write_if_changed(site / path, text)
        for path, sources in sorted(self._shared.styles.items()):
            texts = [(site / source).read_text(encoding="utf-8") for source in sources]
            write_if_changed(site / path, joined_stylesheet(texts))
        site_url = config.site_url or SiteOptions.site_url
        # MkDocs' sitemap lists the pages it rendered; the lists it did not are in one more.
        lists = [path for path in self._shelled if not is_paper_page(path)]
        if lists:
            write_if_changed(Path(config.site_dir) / LISTS_SITEMAP, lists_sitemap(site_url, lists))
        parts = [PAGES_SITEMAP, *([LISTS_SITEMAP] if lists else [])]
        write_sitemap_index(Path(config.site_dir), site_url, parts, self._years)
        if self._search is not None:
            started = time.perf_counter()
            search, self._search = self._search, None
            try:
                seconds = search.result()
            except ArchiveError as error:
                raise PluginError(f"archive: {error}") from None
            waited = time.perf_counter() - started
            log.info("archive: search index in %.1f s (%.1f s after the pages)", seconds, waited)
        self._check_size(Path(config.site_dir))
        self._unlock()

    def on_build_error(self, /, *, error: Exception) -> None:
        # A failed build leaves no Pagefind run writing into the site after it.
        if self._search is not None:
            search, self._search = self._search, None
            search.exception()
        self._unlock()

    def _check_size(self, site_dir: Path) -> None:
        """Fail the build, before anything is published, when the site is too big to publish."""
        size = measure_site(site_dir)
        try:
            check_site_size(size, limit_bytes=size_limit(self.config.size_limit_bytes))
        except ArchiveError as error:
            raise PluginError(f"archive: {error}") from None
        log.info("archive: %s", describe_size(size))

    def _write_shelled(self, config: MkDocsConfig) -> None:
        assert self._nav is not None and self._env is not None and self._files is not None
        started = time.perf_counter()
        shells = Shells(config, self._nav, self._files, self._env)
        site = Path(config.site_dir)
        try:
            count = write_generated_pages(shells, self._pages_dir, site, self._shelled)
        except ArchiveError as error:
            raise PluginError(f"archive: {error}") from None
        seconds = time.perf_counter() - started
        log.info(
            "archive: %d pages filled into %d shells in %.1f s", count, len(shells.shells), seconds
        )

    def on_serve(
        self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Any
    ) -> LiveReloadServer:
        # A changed day file or taxonomy rebuilds the site; the generated pages are not watched.
        server.watch(str(self._path(config, self.config.content)))
        return server


def _index_in_background(site_dir: Path, pages_dir: Path, shards: Sequence[str]) -> Future[float]:
    """index_site() in a thread (its work is in Pagefind's processes); the seconds it took."""

    def index() -> float:
        started = time.perf_counter()
        index_site(site_dir, pages_dir, list(shards))
        return time.perf_counter() - started

    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="search-index")
    search = pool.submit(index)
    pool.shutdown(wait=False)  # its one thread ends with the job
    return search


def _root(page: Page) -> str:
    """The site's root relative to a page."""
    return "../" * page.url.count("/")


def _idle_fixes(strict: bool) -> bool:
    """Whether a fix that changes nothing fails the build: in a strict build, unless the
    publish workflow allows them (a refetch can make a fix idle; pull requests report it)."""
    return strict and not os.environ.get("ARCHIVE_ALLOW_IDLE_FIXES")


def _shelled(path: str) -> bool:
    """Whether a generated file is a page out of the nav (mkdocs.shell writes those)."""
    return path.endswith(".md") and path not in NAV_PAGES


def _inclusion(path: str) -> InclusionLevel:
    """Only the index pages may be in the nav; every other generated page stays out of it."""
    if path in NAV_PAGES:
        return InclusionLevel.UNDEFINED
    return InclusionLevel.NOT_IN_NAV


def _relative_files(root: Path) -> list[str]:
    """The generated pages: not the build state or the search documents (hidden folders)."""
    found = []
    for folder, subfolders, names in os.walk(root):
        subfolders[:] = [name for name in subfolders if not name.startswith(".")]
        relative = Path(folder).relative_to(root)
        found += [(relative / name).as_posix() for name in names if not name.startswith(".")]
    return found


def site_options(config_file: Path, content: Path) -> SiteOptions:
    """The options `mkdocs build` renders pages with, for a content folder."""
    from mkdocs.config import load_config

    config = load_config(str(config_file))
    plugin = _archive_plugin(config, config_file)
    plugin.config.content = str(content.resolve())
    return plugin.options(config)


def _archive_plugin(config: MkDocsConfig, config_file: Path) -> ArchivePlugin:
    plugin = config.plugins["archive"]
    if not isinstance(plugin, ArchivePlugin):
        raise ArchiveError(f"{config_file}: the 'archive' plugin is not configured")
    return plugin


def build_site(
    config_file: Path,
    content: Path,
    out: Path,
    pages_dir: Path,
    strict: bool,
    fast_pages: bool = True,
) -> None:
    """`mkdocs build` of the site of any content folder (for the CLI, tests and benchmarks)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort

    _show_mkdocs_warnings()
    # Checked before MkDocs empties the site folder, so a content error names every problem.
    # The last build's state spares reading unchanged day files twice (5 s at 50,000 papers),
    # and the build goes on with it: the files read here (all of them, in a build from
    # nothing) are not read again. It remembers only day files that had no problem.
    last = BuildState.load(state_folder(pages_dir))
    problems = check_content(content, last, idle_fixes=_idle_fixes(strict)).problems
    if problems:
        raise ContentError(problems)
    config = load_config(str(config_file), site_dir=str(out.resolve()), strict=strict)
    plugin = _archive_plugin(config, config_file)
    plugin.checked_state = last
    plugin.config.content = str(content.resolve())
    plugin.config.pages_dir = str(pages_dir.resolve())
    plugin.config.fast_pages = fast_pages
    try:
        build(config)
    except Abort as error:
        raise ArchiveError(f"mkdocs build failed: {error}") from None


def write_sitemap_index(
    site_dir: Path, site_url: str, parts: Sequence[str], years: Sequence[str]
) -> None:
    """Make MkDocs' sitemap one part of an index naming it, the other `parts` and every
    year's papers."""
    pages = site_dir / "sitemap.xml"
    if pages.exists():
        target = site_dir / PAGES_SITEMAP
        target.parent.mkdir(parents=True, exist_ok=True)
        pages.replace(target)
    index = sitemap_index(site_url, parts, years)
    pages.write_text(index, encoding="utf-8")
    # MkDocs also writes a gzipped copy; keep it the same as the index (and reproducible).
    (site_dir / "sitemap.xml.gz").write_bytes(gzip.compress(index.encode(), mtime=0))


def _show_mkdocs_warnings() -> None:
    logger = logging.getLogger("mkdocs")
    if not logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(levelname)s - %(message)s"))
        handler.setLevel(logging.WARNING)
        logger.addHandler(handler)
