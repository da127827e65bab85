"""Paper pages at scale: Material's page chrome rendered once, then filled in for every paper.

Material renders the whole theme (header, tabs, nav, footer, scripts) around every page, which
costs about 3 ms a page: 150 s for 50,000 papers. Papers are outside the nav and all at the same
depth, so the chrome around each is the same except for the page's title, description, URL and
content. This module renders one page through MkDocs exactly as `mkdocs build` would, with unique
placeholders in those four places, checks that each placeholder came through untouched, and then
builds every paper page by putting the paper's values where the placeholders were.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

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
from generator.write import write_atomically

_MARK = "pa7c1e5d9b0"
SLOTS = {
    "title": f"{_MARK}title",
    "description": f"{_MARK}description",
    "slug": f"{_MARK}slug",
    "head": f"{_MARK}head",  # the paper's citation_* meta tags
    # Material adds an <h1> of the page title unless the content has one; paper bodies do.
    "body": f"<h1>{_MARK}body",
}


@dataclass(frozen=True)
class PaperPage:
    """What differs between two paper pages."""

    slug: str  # the page's folder under papers/
    title: str  # HTML-escaped already: Material prints page titles raw
    description: str  # HTML-escaped already: Material prints it raw into an attribute
    body: str  # HTML
    head: str = ""  # meta tags (HTML, escaped already)


class PageShell:
    """Material's output for a page under `papers/`, split at the placeholders."""

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
    ) -> PageShell:
        """Render the placeholder page as `mkdocs build` renders a page, events included."""
        file = File(f"papers/{SLOTS['slug']}.md", None, config.site_dir, config.use_directory_urls)
        page = Page(None, file, config)
        page.markdown = ""
        page.meta = {key: SLOTS[key] for key in ("title", "description", "head")}
        page.title = SLOTS["title"]
        page.content = SLOTS["body"]
        context = get_context(nav, files, config, page)
        context = config.plugins.on_page_context(context, page=page, config=config, nav=nav)
        template = env.get_template(page.meta.get("template", "main.html"))
        output = config.plugins.on_post_page(template.render(context), page=page, config=config)
        return cls.split(output)

    @classmethod
    def split(cls, output: str) -> PageShell:
        pattern = "|".join(re.escape(slot) for slot in SLOTS.values())
        pieces = re.split(f"({pattern})", output)
        parts, found = pieces[0::2], pieces[1::2]
        names = {slot: name for name, slot in SLOTS.items()}
        leftover = re.findall(re.escape(_MARK) + r"\w*", "".join(parts), flags=re.IGNORECASE)
        if leftover or SLOTS["body"] not in found or SLOTS["title"] not in found:
            raise OutputError(
                "the theme transforms page titles or content in a way the paper-page shell "
                f"cannot fill in ({leftover or 'a placeholder is missing'}); "
                "set `fast_papers: false` for the archive plugin"
            )
        return cls(parts, [names[slot] for slot in found])

    def fill(self, paper: PaperPage) -> str:
        if "<h1" not in paper.body:
            raise OutputError(f"paper page {paper.slug} has no <h1>: the shell assumes one")
        values = {
            "title": paper.title,
            "description": paper.description,
            "slug": paper.slug,
            "body": paper.body,
            "head": paper.head,
        }
        pieces = [self.parts[0]]
        for slot, part in zip(self.slots, self.parts[1:], strict=True):
            pieces.append(values[slot])
            pieces.append(part)
        # As the plugin's on_post_page leaves a page rendered through MkDocs (same bytes).
        return finish_page("".join(pieces))


def read_paper_page(source: Path, slug: str) -> PaperPage:
    """A generated paper page (front matter and HTML body) as the shell needs it."""
    text = source.read_text(encoding="utf-8")
    parts = split_front_matter(text)
    if parts is None:
        raise OutputError(f"{source}: a generated paper page without front matter")
    meta, body = parts
    return PaperPage(
        slug=slug,
        title=str(meta["title"]),
        description=str(meta["description"]),
        body=body,
        head=str(meta.get("head", "")),
    )


def write_paper_pages(
    shell: PageShell, pages_dir: Path, site_dir: Path, paths: Sequence[str]
) -> int:
    """Write every paper page into the built site, on all cores; the number written."""
    write = partial(_write_paper_page, shell, pages_dir, site_dir)
    return len(parallel_map(write, paths, label="paper pages"))


def _write_paper_page(shell: PageShell, pages_dir: Path, site_dir: Path, path: str) -> None:
    slug = Path(path).stem
    page = read_paper_page(pages_dir / path, slug)
    write_atomically(site_dir / "papers" / slug / "index.html", shell.fill(page))
