"""Leaner pages: what Material repeats in every page is kept once, in shared files.

At 50,000 papers every byte of a page's chrome costs 50 MB of the site (GitHub Pages allows
1 GB). Material inlines the same SVG icons and scripts into every page and indents its output
deeply; a browser renders the page the same with the indentation collapsed, the icons drawn from
one sprite (`<use href>`), and the scripts loaded from one cached file. Pure functions over the
page's text: no MkDocs here, and the same page always gives the same bytes.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

ASSETS = "assets/pa"
SPRITE = f"{ASSETS}/icons.svg"

# Whitespace matters inside these; everything else is HTML flow, where a newline is a space.
_KEEP = re.compile(r"(<(pre|textarea|script)\b.*?</\2>)", re.DOTALL)
_INDENT = re.compile(r"[ \t]*\n\s*")
# Material's icons: one or more plain paths (and a licence comment), nothing page-specific.
_ICON = re.compile(
    r'<svg xmlns="http://www.w3.org/2000/svg" viewBox="([^"]+)">'
    r'((?:<!--[^>]*-->)?(?:<path d="[^"]+"/>)+)</svg>'
)
# An inline script with no attributes: Material's palette and storage set-up. Small ones stay.
_SCRIPT = re.compile(r"<script>(.{100,})</script>", re.DOTALL)
# Material's navigation tree in the primary sidebar (the drawer on phones, hidden on wide screens
# when tabs are on), up to the secondary sidebar.
_DRAWER = re.compile(
    r'(<div class="md-sidebar__inner")>(\n?<nav class="md-nav md-nav--primary.*</nav>\n?)'
    r'(?=</div>\n?</div>\n?</div>\n?<div class="md-sidebar md-sidebar--secondary")',
    re.DOTALL,
)
DRAWER = f"{ASSETS}/drawer.html"


@dataclass
class SharedParts:
    """The icons and scripts taken out of pages, by name: the files every page refers to."""

    icons: dict[str, tuple[str, str]] = field(default_factory=dict)  # id: (viewBox, paths)
    texts: dict[str, str] = field(default_factory=dict)  # path under the site: text

    def files(self) -> dict[str, str]:
        """The shared files' paths (under the site) and text, in a stable order."""
        files = {path: self.texts[path] for path in sorted(self.texts)}
        if self.icons:
            files[SPRITE] = sprite(self.icons)
        return files


def lean_page(html: str, root: str, shared: SharedParts) -> str:
    """`html` with its indentation collapsed, icons and large inline scripts shared.

    `root` is the relative URL of the site's root from the page ("../../" or "")."""
    parts = _KEEP.split(html)
    # split() with two groups yields: text, whole kept block, tag name, text, ...
    pieces = []
    for index in range(0, len(parts), 3):
        pieces.append(_icons(_INDENT.sub("\n", parts[index]), root, shared))
        if index + 1 < len(parts):
            pieces.append(_script(parts[index + 1], root, shared))
    return "".join(pieces)


def _icons(text: str, root: str, shared: SharedParts) -> str:
    def use(match: re.Match[str]) -> str:
        view_box, paths = match[1], match[2]
        name = "i" + _digest(view_box + paths)[:6]
        shared.icons[name] = (view_box, paths)
        return f'<svg viewBox="{view_box}"><use href="{root}{SPRITE}#{name}"/></svg>'

    return _ICON.sub(use, text)


def _script(block: str, root: str, shared: SharedParts) -> str:
    match = _SCRIPT.fullmatch(block)
    if match is None:
        return block
    source = match[1]
    path = f"{ASSETS}/{_digest(source)}.js"
    shared.texts[path] = source
    # A classic script without async/defer runs at the same point as the inline one did.
    return f'<script src="{root}{path}"></script>'


def take_drawer(html: str, root: str, shared: SharedParts) -> str:
    """`html` without its navigation tree, which becomes the shared DRAWER file, fetched by
    javascripts/drawer.js when a reader opens the drawer. For pages that all sit at one depth
    (the tree's links are relative); a page without the tree is returned as it is."""
    match = _DRAWER.search(html)
    if match is None:
        return html
    shared.texts[DRAWER] = match[2].strip() + "\n"
    start, end = match.span()
    return f'{html[:start]}{match[1]} data-pa-drawer="{root}{DRAWER}">{html[end:]}'


def sprite(icons: dict[str, tuple[str, str]]) -> str:
    symbols = "".join(
        f'<symbol id="{name}" viewBox="{view_box}">{paths}</symbol>'
        for name, (view_box, paths) in sorted(icons.items())
    )
    return f'<svg xmlns="http://www.w3.org/2000/svg">{symbols}</svg>\n'


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:10]
