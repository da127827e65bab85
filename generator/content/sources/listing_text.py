"""Reader for a Daily Papers page copied as plain text.

The shape (see tests/fixtures/listings): a page header, a date line without a year ("Aug 12"),
then for each paper its title, a blank line, its abstract, a blank line.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from generator.archive.model import Day, Listing, unique_listings
from generator.content.sources.reading import read_text
from generator.errors import SourceError
from generator.text import (
    distinct_title_id,
    normalise_space,
    text_problem,
    title_id,
    without_controls,
)

_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_DATE_LINE = re.compile(
    r"^(?P<month>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(?P<day>\d{1,2})"
    r"(?:,?\s+(?P<year>\d{4}))?$",
    re.IGNORECASE,
)
# Lines of the page around the listing, not papers.
_HEADER_LINES = {
    "new",
    "get trending papers in your email inbox!",
    "subscribe",
    "daily papers",
    "byak and the research community",
}
# A title longer than this is an abstract out of place: the pairing went wrong.
_MAX_TITLE = 400


@dataclass(frozen=True)
class _Paragraph:
    line: int
    text: str


@dataclass(frozen=True)
class _DateLine:
    line: int
    month: int
    day: int
    year: int | None


def read_listing_text(path: Path, date: dt.date | None) -> Day:
    """Read a copied listing page; `date` supplies the year the page leaves out."""
    # A stray control character is no text; dropped line by line, as some (\x1e) end a line.
    lines = [without_controls(line) for line in read_text(path).splitlines()]
    date_line = _find_date_line(lines)
    day = _resolve_date(path, date_line, date)
    start = date_line.line if date_line else _after_header(lines)
    paragraphs = _paragraphs(lines, start)
    return Day(date=day, papers=_pair(path, paragraphs), source="listing")


def _find_date_line(lines: list[str]) -> _DateLine | None:
    for number, line in enumerate(lines, start=1):
        match = _DATE_LINE.match(line.strip())
        if match:
            year = int(match["year"]) if match["year"] else None
            month = _MONTHS.index(match["month"][:3].lower()) + 1
            return _DateLine(number, month, int(match["day"]), year)
    return None


def _resolve_date(path: Path, found: _DateLine | None, given: dt.date | None) -> dt.date:
    if found is None:
        if given is None:
            raise SourceError.at(path, "no date line in the listing; pass --date YYYY-MM-DD")
        return given
    year = found.year or (given.year if given else None)
    if year is None:
        raise SourceError.at(path, "the date line has no year; pass --date YYYY-MM-DD", found.line)
    try:
        listed = dt.date(year, found.month, found.day)
    except ValueError:
        raise SourceError.at(path, "the date line is not a real date", found.line) from None
    if given is not None and listed != given:
        raise SourceError.at(
            path, f"the date line says {listed}, but --date says {given}", found.line
        )
    return listed


def _after_header(lines: list[str]) -> int:
    """Without a date line, papers start after the last known header line."""
    last = 0
    for number, line in enumerate(lines, start=1):
        if line.strip().lower() in _HEADER_LINES:
            last = number
    return last


def _paragraphs(lines: list[str], start: int) -> list[_Paragraph]:
    """Blocks of non-blank lines after line `start` (1-based), joined into one line each."""
    paragraphs: list[_Paragraph] = []
    current: list[str] = []
    first = 0
    for number, line in enumerate(lines[start:], start=start + 1):
        if line.strip():
            first = first or number
            current.append(line)
        elif current:
            paragraphs.append(_Paragraph(first, normalise_space(" ".join(current))))
            current, first = [], 0
    if current:
        paragraphs.append(_Paragraph(first, normalise_space(" ".join(current))))
    return paragraphs


def _pair(path: Path, paragraphs: list[_Paragraph]) -> tuple[Listing, ...]:
    if not paragraphs:
        raise SourceError.at(path, "the listing holds no papers")
    titles, abstracts = paragraphs[::2], paragraphs[1::2]
    for title in titles:
        if len(title.text) > _MAX_TITLE:
            raise SourceError.at(
                path, "expected a title here, found a paragraph: is a title missing?", title.line
            )
    if len(titles) > len(abstracts):
        raise SourceError.at(path, "a title without an abstract after it", titles[-1].line)
    for abstract in abstracts:
        if (problem := text_problem("abstract", abstract.text)) is not None:
            raise SourceError.at(path, problem, abstract.line)
    # A page copied with a paper twice keeps the first; two titles that differ only in case or
    # punctuation make the same slug, but are two papers: the later one's id tells them apart.
    titled: dict[str, str] = {}
    listings = []
    for title, abstract in zip(titles, abstracts, strict=True):
        paper_id = title_id(title.text)
        if titled.setdefault(paper_id, title.text) != title.text:
            paper_id = distinct_title_id(title.text)
        listings.append(Listing(id=paper_id, title=title.text, abstract=abstract.text))
    return unique_listings(listings)
