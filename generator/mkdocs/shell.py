"""Generated pages at scale: Material's page chrome rendered once a shape, then filled in.

Material renders the whole theme (header, tabs, nav, footer, scripts) around every page, which
costs about 3 ms a page: 150 s for 50,000 papers, and 16 s for the 3,300 day, month, tag and
top pages of such an archive. These pages are outside the nav, so the chrome around each depends
only on where the page is (its folder, its depth: the relative links) and on which front-matter
keys it has: its shape. This module renders one page of each shape through MkDocs exactly as
`mkdocs build` would, with unique placeholders for the path's segments, the front matter's
values and the content, checks that each placeholder came through untouched, and then builds
every page of that shape by putting its own values where the placeholders were.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path, PurePosixPath

import jinja2
from mkdocs.commands.build import get_context
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from generator.errors import OutputError
from generator.mkdocs.lean import finish_page
from generator.parallel import parallel_map
from generator.site.pages import split_front_matter
from generator.site.urls import is_paper_page
from generator.write import write_atomically

_MARK = "pa7c1e5d9b0"
# Material adds an <h1> of the page title unless the content has one; generated pages do.
_BODY = f"<h1>{_MARK}body"
_INDEX = "index"  # a folder's own page: its URL is the folder's, so it stays in the shape

# A page's folder, then each further segment of its path (None: filled in per page), and its
# front matter's keys.
Shape = tuple[tuple[str | None, ...], tuple[str, ...]]


def _slot(name: str) -> str:
    return f"{_MARK}{name}"


@dataclass(frozen=True)
class GeneratedPage:
    """A generated page as the shell needs it. Front-matter values are HTML-escaped already
    where they need it: Material prints page titles and descriptions raw."""

    path: str  # under the pages folder, such as "days/2025-01-02.md"
    meta: dict[str, str]
    body: str  # HTML

    @classmethod
    def read(cls, pages_dir: Path, path: str) -> GeneratedPage:
        text = (pages_dir / path).read_text(encoding="utf-8")
        parts = split_front_matter(text)
        if parts is None:
            raise OutputError(f"{pages_dir / path}: a generated page without front matter")
        return cls(path, *parts)

    def segments(self) -> tuple[str, ...]:
        return PurePosixPath(self.path).with_suffix("").parts

    def shape(self) -> Shape:
        first, *rest = self.segments()
        kept = tuple(None if part != _INDEX else part for part in rest)
        return (first, *kept), tuple(sorted(self.meta))


class PageShell:
    """Material's output for a page of one shape, split at the placeholders."""

    def __init__(self, parts: list[str], slots: list[str]) -> None:
        self.parts = parts
        self.slots = slots

    @classmethod
    def render(
        cls,
        config: MkDocsConfig,
        nav: Navigation,
        files: Files,
        env: jinja2.Environment,
        shape: Shape,
    ) -> PageShell:
        """Render the placeholder page of `shape` as `mkdocs build` renders a page, events
        included."""
        segments, keys = shape
        path = [part if part is not None else _slot(f"path{i}") for i, part in enumerate(segments)]
        file = File("/".join(path) + ".md", None, config.site_dir, config.use_directory_urls)
        page = Page(None, file, config)
        page.markdown = ""
        page.meta = {key: _slot(key) for key in keys}
        page.title = page.meta.get("title")
        page.content = _BODY
        context = get_context(nav, files, config, page)
        context = config.plugins.on_page_context(context, page=page, config=config, nav=nav)
        template = env.get_template(page.meta.get("template", "main.html"))
        output = config.plugins.on_post_page(template.render(context), page=page, config=config)
        paths = [f"path{i}" for i, part in enumerate(segments) if part is None]
        return cls.split(output, [*paths, *keys])

    @classmethod
    def split(cls, output: str, names: Sequence[str]) -> PageShell:
        """The shell of a rendered placeholder page; every path segment's placeholder (and
        the content's) must be found in it."""
        slots = {_slot(name): name for name in names} | {_BODY: "body"}
        pattern = "|".join(re.escape(slot) for slot in sorted(slots, key=len, reverse=True))
        pieces = re.split(f"({pattern})", output)
        parts, found = pieces[0::2], pieces[1::2]
        leftover = re.findall(re.escape(_MARK) + r"\w*", "".join(parts), flags=re.IGNORECASE)
        needed = {slot for slot, name in slots.items() if name == "body" or name.startswith("path")}
        if leftover or not needed <= set(found):
            raise OutputError(
                "the theme transforms page titles, paths or content in a way the page shell "
                f"cannot fill in ({leftover or 'a placeholder is missing'}); "
                "set `fast_pages: false` for the archive plugin"
            )
        return cls(parts, [slots[slot] for slot in found])

    def fill(self, page: GeneratedPage) -> str:
        if "<h1" not in page.body:
            raise OutputError(f"generated page {page.path} has no <h1>: the shell assumes one")
        values = {f"path{i}": part for i, part in enumerate(page.segments())}
        values |= page.meta
        values["body"] = page.body
        pieces = [self.parts[0]]
        for slot, part in zip(self.slots, self.parts[1:], strict=True):
            pieces.append(values[slot])
            pieces.append(part)
        # As the plugin's on_post_page leaves a page rendered through MkDocs (same bytes).
        return finish_page("".join(pieces))


@dataclass
class Shells:
    """The shell of each shape, rendered when first needed: in the building process only,
    where the plugin's on_post_page collects the icons and scripts pages share."""

    config: MkDocsConfig
    nav: Navigation
    files: Files
    env: jinja2.Environment
    shells: dict[Shape, PageShell] = field(default_factory=dict)
    frozen: bool = False  # in a worker process: a shape not rendered before is an error

    def fill(self, page: GeneratedPage) -> str:
        shape = page.shape()
        shell = self.shells.get(shape)
        if shell is None:
            if self.frozen:
                raise OutputError(f"{page.path}: a generated page unlike the others of its kind")
            shell = PageShell.render(self.config, self.nav, self.files, self.env, shape)
            self.shells[shape] = shell
        return shell.fill(page)


def write_generated_pages(
    shells: Shells, pages_dir: Path, site_dir: Path, paths: Sequence[str]
) -> int:
    """Write every generated page of `paths` into the built site; the number written.

    Papers (all of one shape) are written on all cores once the first has made their shell;
    the other pages, a few thousand of a dozen shapes, in this process."""
    papers = [path for path in paths if is_paper_page(path)]
    for path in [path for path in paths if not is_paper_page(path)] + papers[:1]:
        _write_page(shells, pages_dir, site_dir, path)
    shells.frozen = True
    try:
        write = partial(_write_page, shells, pages_dir, site_dir)
        parallel_map(write, papers[1:], label="paper pages")
    finally:
        shells.frozen = False
    return len(paths)


def _write_page(shells: Shells, pages_dir: Path, site_dir: Path, path: str) -> None:
    page = GeneratedPage.read(pages_dir, path)
    # Where MkDocs would write it (`a/b.md` -> `a/b/index.html` with directory URLs).
    target = File(path, None, str(site_dir), shells.config.use_directory_urls).dest_uri
    write_atomically(site_dir / target, shells.fill(page))
