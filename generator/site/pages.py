"""A page to render (a PageJob), and the front matter every generated page starts with."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from generator.errors import OutputError

FEED = "atom feed"  # the template names of files that make their own text (in fingerprints)
SITEMAP = "sitemap"
DATA = "json data"
_FRONT = re.compile(r"\A---\n(.*?)\n---\n\n?", re.DOTALL)


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
    # Text the search document holds beyond the page (the authors a paper page leaves to its
    # authors file, so that a search for any of them still finds the paper).
    search_extra: Callable[[], str] | None = field(default=None, compare=False, hash=False)
    # The Atom feed a page advertises (`<link rel="alternate">`), from the site root.
    feed: str | None = None
    # Meta tags for the page's <head> (a paper's citation_* tags), rendered escaped.
    head: Callable[[], str] | None = field(default=None, compare=False, hash=False)
    # A file that is not a Markdown page (a feed, a sitemap) makes its whole text itself.
    text: Callable[[], str] | None = field(default=None, compare=False, hash=False)

    def fingerprint(self, base: bytes) -> bytes:
        # repr() of the key (strings, bytes, numbers, dates, tuples) is stable between runs.
        text = repr((self.template, self.title, self.key))
        return hashlib.blake2b(base + text.encode(), digest_size=16).digest()


@dataclass(frozen=True)
class PageGroup:
    """Pages that change together and alone fill a folder (a title-index shard's files, about
    160 of them). A build whose group key is the last build's, and whose folder has had no file
    added or removed since, keeps their fingerprints without listing the jobs: listing and
    fingerprinting 3,000 title-index files cost 0.06 s of every build at 50,000 papers."""

    folder: str
    key: tuple[object, ...]
    jobs: Callable[[], list[PageJob]] = field(compare=False, hash=False)

    def fingerprint(self, base: bytes) -> bytes:
        return hashlib.blake2b(
            base + repr((self.folder, self.key)).encode(), digest_size=16
        ).digest()


def unique(jobs: Iterable[PageJob]) -> list[PageJob]:
    """The jobs, refusing two that claim one path (an id or slug collision)."""
    found: dict[str, PageJob] = {}
    for job in jobs:
        if job.path in found:
            raise OutputError(
                f"two pages claim the same path {job.path!r} (an id or slug collision)"
            )
        found[job.path] = job
    return list(found.values())


# Characters JSON leaves raw that YAML reads as line breaks (as str.splitlines does) or refuses
# outright (DEL, the C1 controls, non-characters): escaped, so a title holding one stays on its
# front-matter line and MkDocs' YAML reads it back.
_UNSAFE = {
    code: f"\\u{code:04x}"
    for code in (*range(0x7F, 0xA0), 0x2028, 0x2029, *range(0xD800, 0xE000), 0xFFFE, 0xFFFF)
}


def with_front_matter(meta: dict[str, str], body: str) -> str:
    """A page: front matter as YAML that is also JSON (fast to read back), then the body."""
    lines = "".join(
        f"{key}: {json.dumps(value, ensure_ascii=False).translate(_UNSAFE)}\n"
        for key, value in meta.items()
    )
    return f"---\n{lines}---\n\n{body}"


def split_front_matter(text: str) -> tuple[dict[str, str], str] | None:
    """A generated page's front matter and body; None if it has none."""
    match = _FRONT.match(text)
    if match is None:
        return None
    meta = {}
    for line in match.group(1).split("\n"):
        key, _, value = line.partition(": ")
        meta[key] = json.loads(value)
    return meta, text[match.end() :]
