"""Long author lists on demand: a paper page names its first authors, and the whole list is a
text file of its own (`authors/<paper>.txt`, one name a line) that paper.js fetches when the
reader asks for "and N more".

Collaboration papers name hundreds of authors: of 50,000 papers 189 name more than 30, and 53
pages were over the 10 KB a page may take (the largest 63.6 KB for 664 authors, 26 KB of them
the visible list and 37 KB its citation_author tags). Thirty names keep the largest page near
8.5 KB, as the largest with 30 authors or fewer already was (7.9 KB). The search documents keep
every name, so a search for any author still finds the paper. The page's citation_author tags
name the first 30 too; paper.js adds the rest from the file to the live page, where Zotero's
connector reads them (a crawler that runs no script sees the first 30). BibTeX names the first
30 and "others", as it is written for long lists, until paper.js has the file: it then names
every author (and Copy waits for the file).
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import TYPE_CHECKING

from generator.site import urls
from generator.site.pages import DATA, PageJob

if TYPE_CHECKING:
    from generator.site.renderer import Site

SHOWN = 30  # names a paper page carries, in its text and its citation_author tags


def shown(names: tuple[str, ...]) -> tuple[str, ...]:
    return names[:SHOWN]


def hidden_count(names: tuple[str, ...]) -> int:
    """How many names a paper page leaves to its authors file."""
    return max(0, len(names) - SHOWN)


def left_out(names: tuple[str, ...]) -> str:
    """The names a paper page leaves to its authors file, as text for its search document."""
    return ", ".join(names[SHOWN:])


def file_path(paper_id: str) -> str:
    """The authors file of a paper, from the site root."""
    return f"authors/{urls.paper_name(paper_id)}.txt"


def _text(names: tuple[str, ...]) -> str:
    # One name a line: a line break inside a name (the API gives none) would split it in two.
    return "".join(" ".join(name.split()) + "\n" for name in names)


def jobs(site: Site) -> Iterator[PageJob]:
    for paper in site.archive.papers.values():
        names = paper.listing.authors
        if hidden_count(names):
            path = file_path(paper.id)
            yield PageJob(path, DATA, path, key=names, context=dict, text=partial(_text, names))
