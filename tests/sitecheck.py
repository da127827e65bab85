"""Checks over a built site: every internal link and anchor resolves."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import lxml.html
from bs4 import BeautifulSoup


@dataclass(frozen=True)
class Broken:
    page: str
    href: str
    reason: str


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def site_base(config: Path) -> str:
    """The path the site is served under, from `site_url` in mkdocs.yml (404.html links by it)."""
    config_text = config.read_text(encoding="utf-8")
    # `site_url: URL`, or `site_url: !ENV [NAME, "URL"]` (the default of a variable)
    match = re.search(
        r"^site_url:\s*(?:!ENV\s*\[\s*\w+\s*,\s*)?\"?([^\"\s\]]+)", config_text, re.MULTILINE
    )
    return urlsplit(match.group(1)).path if match else "/"


def _target(site: Path, page: Path, path: str, base: str = "/") -> Path:
    here = page.parent.relative_to(site).as_posix()
    if path.startswith(base):
        here, path = "", path.removeprefix(base) or "."
    joined = posixpath.normpath(posixpath.join(here, unquote(path)))
    target = site / joined
    return target / "index.html" if path.endswith("/") or target.is_dir() else target


@cache
def _ids(path: Path) -> frozenset[str]:
    return frozenset(str(value) for value in _tree(path).xpath("//@id"))


def _tree(path: Path) -> Any:
    # lxml directly: ten times faster than BeautifulSoup, for checking thousands of pages.
    return lxml.html.fromstring(path.read_bytes())


def _links(path: Path) -> list[str]:
    return [
        str(v) for v in _tree(path).xpath("//a/@href | //link/@href | //script/@src | //img/@src")
    ]


def broken_links(site: Path, base: str = "/") -> list[Broken]:
    """Internal links and anchors of every page that lead nowhere (`base`: the served path)."""
    broken = []
    for page in html_pages(site):
        for href in _links(page):
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or href.startswith(("mailto:", "data:")):
                continue
            target = _target(site, page, parts.path, base) if parts.path else page
            shown = page.relative_to(site).as_posix()
            if not target.is_file():
                broken.append(Broken(shown, href, "no such file"))
            elif parts.fragment and target.suffix == ".html" and parts.fragment not in _ids(target):
                broken.append(Broken(shown, href, "no such anchor"))
    return broken


def reachable_pages(site: Path) -> set[str]:
    """Pages reachable by following links from the home page."""
    seen: set[str] = set()
    todo = [site / "index.html"]
    while todo:
        page = todo.pop()
        key = page.relative_to(site).as_posix()
        if key in seen or not page.is_file():
            continue
        seen.add(key)
        for element in soup(page).find_all("a", href=True):
            parts = urlsplit(str(element["href"]))
            if not (parts.scheme or parts.netloc) and parts.path:
                target = _target(site, page, parts.path)
                if target.suffix == ".html":
                    todo.append(target)
    return seen
