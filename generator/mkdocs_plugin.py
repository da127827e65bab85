"""The thin MkDocs plugin: runs the generator inside `mkdocs build` and `mkdocs serve`.

This is the only module that imports MkDocs. It generates the pages into a folder of their own
and hands them to MkDocs as extra files, kept out of the nav (a nav listing every paper makes
Material's build quadratic).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from generator.errors import ArchiveError, ContentError
from generator.generate import generate
from generator.render import SiteOptions
from generator.search import index_site
from generator.urls import NAV_PAGES
from generator.validate import check_content

log = logging.getLogger("mkdocs.plugins.archive")


class ArchivePluginConfig(Config):
    content = config_options.Type(str, default="content")
    pages_dir = config_options.Type(str, default=".cache/pages")
    home_days = config_options.Type(int, default=3)
    search = config_options.Type(bool, default=True)
    tag_page_size = config_options.Type(int, default=100)


class ArchivePlugin(BasePlugin[ArchivePluginConfig]):
    def __init__(self) -> None:
        self._bodies: dict[str, str] = {}
        self._pages_dir = Path()

    def _path(self, config: MkDocsConfig, value: str) -> Path:
        base = Path(config.config_file_path or ".").resolve().parent
        return (base / value).resolve()

    def _options(self, config: MkDocsConfig) -> SiteOptions:
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
            repo_url=config.repo_url,
            edit_uri=config.edit_uri,
            content_path=content_path,
            home_days=self.config.home_days,
            tag_page_size=self.config.tag_page_size,
        )

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        content = self._path(config, self.config.content)
        pages_dir = self._pages_dir = self._path(config, self.config.pages_dir)
        try:
            report = generate(content, pages_dir, self._options(config))
        except ArchiveError as error:
            raise PluginError(f"archive: {error}") from None
        log.info(
            "archive: %d pages generated, %d written, %d removed",
            report.unchanged + len(report.written),
            len(report.written),
            len(report.removed),
        )
        for path in sorted(_relative_files(pages_dir)):
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
        return files

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

    def on_post_build(self, /, *, config: MkDocsConfig) -> None:
        if self.config.search:
            try:
                index_site(Path(config.site_dir))
            except ArchiveError as error:
                raise PluginError(f"archive: {error}") from None

    def on_serve(
        self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Any
    ) -> LiveReloadServer:
        # A changed day file or taxonomy rebuilds the site; the generated pages are not watched.
        server.watch(str(self._path(config, self.config.content)))
        return server


def _inclusion(path: str) -> InclusionLevel:
    """Only the index pages may be in the nav; every other generated page stays out of it."""
    if path in NAV_PAGES:
        return InclusionLevel.UNDEFINED
    return InclusionLevel.NOT_IN_NAV


def _relative_files(root: Path) -> list[str]:
    return [
        path.relative_to(root).as_posix()
        for path in root.rglob("*")
        if path.is_file() and not path.name.startswith(".")
    ]


def build_site(config_file: Path, content: Path, out: Path, pages_dir: Path, strict: bool) -> None:
    """`mkdocs build` of the site of any content folder (for the CLI, tests and benchmarks)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort

    _show_mkdocs_warnings()
    problems = check_content(content).problems
    if problems:
        raise ContentError(problems)
    config = load_config(str(config_file), site_dir=str(out.resolve()), strict=strict)
    plugin = config.plugins["archive"]
    if not isinstance(plugin, ArchivePlugin):
        raise ArchiveError(f"{config_file}: the 'archive' plugin is not configured")
    plugin.config.content = str(content.resolve())
    plugin.config.pages_dir = str(pages_dir.resolve())
    try:
        build(config)
    except Abort as error:
        raise ArchiveError(f"mkdocs build failed: {error}") from None


def _show_mkdocs_warnings() -> None:
    logger = logging.getLogger("mkdocs")
    if not logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(levelname)s - %(message)s"))
        handler.setLevel(logging.WARNING)
        logger.addHandler(handler)
