"""Leaner pages: what Material repeats in every page is kept once, in shared files.

At 50,000 papers every byte of a page's chrome costs 50 MB of the site (GitHub Pages allows
1 GB). Material inlines the same SVG icons and scripts into every page and indents its output
deeply; a browser renders the page the same with the indentation collapsed, the icons drawn from
one sprite (`<use href>`), and the scripts loaded from one cached file. Pure functions over the
page's text: no MkDocs here, and the same page always gives the same bytes.
"""

from __future__ import annotations

import hashlib
import json
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
# The head's stylesheets (Material's, its palette's, the archive's), one link after another.
_STYLE_LINK = re.compile(r'<link rel="stylesheet" href="([^"]+)">\n?')
_STYLE_RUN = re.compile(r'(?:<link rel="stylesheet" href="[^"]+">\n?){2,}')
_SOURCE_MAP = re.compile(r"/\*# sourceMappingURL=[^*]*\*/")
# An opening tag with attributes (text never holds a bare "<"), and Pagefind's attributes.
_TAG = re.compile(r"<[a-z][a-z0-9]*\s[^>]*>")
_PAGEFIND = re.compile(r'\sdata-pagefind-[a-z-]+(?:="[^"]*")?')
# Where a page's own content sits in Material's body, and the header's copy of the page title.
_BODY = re.compile(r"<body[^>]*>")
_ATTRIBUTE = re.compile(r'([a-z][a-z-]*)="([^"]*)"')
_CONTENT = '<article class="md-content__inner md-typeset">'
_TOPIC = re.compile(
    r'(<div class="md-header__topic" data-md-component="header-topic">\n?'
    r'<span class="md-ellipsis">\n?)([^<]*)(\n?</span>)'
)
# The header's title, from the page's own og:title (or <title>), escaped as text.
_TITLE = (
    "(document.querySelector('meta[property=\"og:title\"]')?.content ?? document.title)"
    '.replace(/&/g, "&amp;").replace(/</g, "&lt;")'
)


@dataclass
class SharedParts:
    """The icons and scripts taken out of pages, by name: the files every page refers to."""

    icons: dict[str, tuple[str, str]] = field(default_factory=dict)  # id: (viewBox, paths)
    texts: dict[str, str] = field(default_factory=dict)  # path under the site: text
    # path under the site: the stylesheets (paths under the site) it joins, in their order
    styles: dict[str, tuple[str, ...]] = field(default_factory=dict)

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
        text = _styles(_INDENT.sub("\n", parts[index]), root, shared)
        pieces.append(_icons(text, root, shared))
        if index + 1 < len(parts):
            pieces.append(_script(parts[index + 1], root, shared))
    return "".join(pieces)


def finish_page(html: str) -> str:
    """`html` with every run of whitespace holding a line break made one line break (but in
    `<pre>`, `<textarea>` and `<script>`), and without Pagefind's attributes, which only the
    search documents need (Pagefind indexes those, never the site). Pages are leaned in parts
    (the paper shell, then each paper); this, applied last, gives the same bytes however the
    parts were joined."""
    parts = _KEEP.split(html)
    return "".join(
        _TAG.sub(_without_pagefind, _INDENT.sub("\n", parts[i]))
        + (parts[i + 1] if i + 1 < len(parts) else "")
        for i in range(0, len(parts), 3)
    )


def _without_pagefind(tag: re.Match[str]) -> str:
    return _PAGEFIND.sub("", tag[0])


def _icons(text: str, root: str, shared: SharedParts) -> str:
    def use(match: re.Match[str]) -> str:
        view_box, paths = match[1], match[2]
        name = "i" + _digest(view_box + paths)[:6]
        shared.icons[name] = (view_box, paths)
        return f'<svg viewBox="{view_box}"><use href="{root}{SPRITE}#{name}"/></svg>'

    return _ICON.sub(use, text)


def _styles(text: str, root: str, shared: SharedParts) -> str:
    """The head's run of stylesheet links as one link to their concatenation (written by
    `joined_stylesheet` after the build): one request instead of three, 160 bytes less a page.
    Only site files are joined, and only Material's and the archive's, which hold no relative
    url() (Material's are data: URLs) that moving them to another folder would break."""

    def join(match: re.Match[str]) -> str:
        hrefs = _STYLE_LINK.findall(match[0])
        if not all(href.startswith(root) and "//" not in href for href in hrefs):
            return match[0]
        paths = tuple(href[len(root) :] for href in hrefs)
        path = f"{ASSETS}/{_digest(' '.join(paths))}.css"
        shared.styles[path] = paths
        return f'<link rel="stylesheet" href="{root}{path}">\n'

    return _STYLE_RUN.sub(join, text)


def joined_stylesheet(texts: list[str]) -> str:
    """Stylesheets one after another, in their order (the cascade is the same as with one link
    each), without their source-map comments, which would name files beside the originals."""
    return "\n".join(_SOURCE_MAP.sub("", text) for text in texts)


def _script(block: str, root: str, shared: SharedParts) -> str:
    match = _SCRIPT.fullmatch(block)
    if match is None:
        return block
    source = match[1]
    path = f"{ASSETS}/{_digest(source)}.js"
    shared.texts[path] = source
    # A classic script without async/defer runs at the same point as the inline one did.
    return f'<script src="{root}{path}"></script>'


def share_chrome(html: str, root: str, shared: SharedParts) -> str:
    """`html` with Material's body around its content (header, tabs, navigation, footer) written
    by two shared scripts: for pages whose chrome is the same but for the title in the header.

    A parser-blocking script's document.write() goes into the page where the script stands, so
    the browser builds the same document and paints it the same, while 50,000 papers share one
    copy of the chrome (cached after the first page) instead of carrying 6 KB each. A page
    whose shape is not the one expected is returned as it is."""
    body, content, end = _BODY.search(html), html.find(_CONTENT), html.rfind("</article>")
    topic = _TOPIC.search(html)
    if body is None or topic is None or not body.end() < topic.start() < content < end:
        return html
    close = html.rfind("</body>")
    # The body's attributes (direction, palette) are set by the same script, first: 100 bytes
    # a page. Material's palette script, in the chrome, then applies a reader's saved choice;
    # without scripts the page keeps Material's default palette, which these name.
    attributes = dict(_ATTRIBUTE.findall(body[0]))
    top = _chrome_script(
        f"{_js(html[body.end() : topic.end(1)])} + {_TITLE} + "
        f"{_js(html[topic.start(3) : content])}",
        root,
        shared,
        before=f"for (const [k, v] of Object.entries({_js(attributes)})) "
        "document.body.setAttribute(k, v);\n"
        if attributes
        else "",
    )
    # The content's own <article> and </article> stay in the page, so that the page is valid
    # HTML as it stands (a checker runs no script); the scripts write what lies around them.
    end += len("</article>")
    bottom = _chrome_script(_js(html[end:close]), root, shared)
    return f"{html[: body.start()]}<body>{top}{html[content:end]}{bottom}{html[close:]}"


def _chrome_script(expression: str, root: str, shared: SharedParts, before: str = "") -> str:
    source = f"{before}document.write({expression});\n"
    path = f"{ASSETS}/{_digest(source)}.js"
    shared.texts[path] = source
    return f'\n<script src="{root}{path}"></script>\n'


def _js(value: str | dict[str, str]) -> str:
    """A JavaScript literal of `value`: a string or an object of strings (JSON's are)."""
    return json.dumps(value)


def sprite(icons: dict[str, tuple[str, str]]) -> str:
    symbols = "".join(
        f'<symbol id="{name}" viewBox="{view_box}">{paths}</symbol>'
        for name, (view_box, paths) in sorted(icons.items())
    )
    return f'<svg xmlns="http://www.w3.org/2000/svg">{symbols}</svg>\n'


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:10]
