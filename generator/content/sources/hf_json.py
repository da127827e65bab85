"""Reader for Hugging Face Daily Papers API responses (`/api/daily_papers?date=...`).

Real responses come in three shapes: a JSON array of entries; a `{status, date, count, data}`
wrapper; and entries that are Python-repr strings instead of objects, recovered here with
`ast.literal_eval` (a literal parser: it evaluates no code).
"""

from __future__ import annotations

import ast
import datetime as dt
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.archive.model import Day, Listing, unique_listings
from generator.content.sources.reading import read_text
from generator.errors import Problem, SourceError
from generator.text import (
    count_problem,
    id_problem,
    is_arxiv_id,
    names_problem,
    normalise_space,
    strip_arxiv_version,
    text_problem,
    title_id,
    title_problem,
    without_controls,
)

_DATE_NAME = re.compile(r"(\d{4}-\d{2}-\d{2})")
_DECODER = json.JSONDecoder()


@dataclass(frozen=True)
class _Entry:
    number: int  # 1-based position in the response
    line: int
    value: object


def read_hf_json(path: Path, date: dt.date | None) -> Day:
    """Read one day's API response; its date comes from `date`, the wrapper or the file name."""
    text = read_text(path)
    document = _parse_json(text, str(path))
    day = _resolve_date(path, document, date)
    listings = parse_entries(text, document, str(path))
    if not listings:
        raise SourceError.at(path, "the response holds no papers")
    if date is not None:
        _refuse_another_day(path, listings, date)
    return Day(date=day, papers=listings, source="huggingface")


def _refuse_another_day(path: Path, listings: tuple[Listing, ...], given: dt.date) -> None:
    """A --date that the papers contradict would merge one day's papers into another day's
    file, silently (the page-text reader checks its date line alike). The Hub lists a paper on
    the day it was submitted to Daily Papers (submittedOnDailyAt): that day decides, whatever
    the file is called (an answer saved under the day it was downloaded is fine). Older answers
    say no such day; then the file's name is all there is to contradict --date."""
    days = {(listing.submitted or "")[:10] for listing in listings}
    if days != {""}:
        if len(days) == 1 and (found := _parse_date(days.pop())) and found != given:
            raise SourceError.at(
                path, f"its papers were submitted on {found}, but --date says {given}"
            )
        return
    named = _DATE_NAME.search(path.name)
    if named and (found := _parse_date(named.group(1))) and found != given:
        raise SourceError.at(
            path,
            f"the file is named for {found}, but --date says {given} (its papers say no day:"
            " rename the file if --date is right)",
        )


def parse_entries(text: str, document: object, origin: str) -> tuple[Listing, ...]:
    """The listings of a parsed response; every bad entry is reported, naming entry and line."""
    entries, problem = _entries(text, document, origin)
    if problem:
        raise SourceError([problem])
    listings: list[Listing] = []
    problems: list[Problem] = []
    for entry in entries:
        try:
            listings.append(_listing(entry, origin))
        except _EntryError as error:
            problems.append(Problem(origin, entry.line, f"entry {entry.number}: {error}"))
    if problems:
        raise SourceError(problems)
    return unique_listings(listings)


def parse_response(text: str, origin: str) -> tuple[Listing, ...]:
    """Parse a whole response body (for the fetcher); an empty list is a valid answer."""
    return parse_entries(text, _parse_json(text, origin), origin)


class _EntryError(Exception):
    pass


def _parse_json(text: str, origin: str) -> object:
    if not text.strip():
        raise SourceError.at(origin, "empty file: expected a JSON response")
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        # The column too: an API's answer is one line, and a cut-off one ends mid-string.
        where = f"{error.msg} (column {error.colno:,})"
        raise SourceError.at(origin, f"not valid JSON: {where}", error.lineno) from None
    except RecursionError:
        raise SourceError.at(origin, "not a response: JSON nested too deeply") from None
    except ValueError as error:  # an integer of more digits than Python converts (4,300)
        raise SourceError.at(origin, f"not a response: {error}") from None


def _resolve_date(path: Path, document: object, given: dt.date | None) -> dt.date:
    stated = _wrapper_date(path, document)
    if given and stated and given != stated:
        raise SourceError.at(path, f"the response is for {stated}, but --date says {given}")
    named = _DATE_NAME.search(path.name)
    found = given or stated or (_parse_date(named.group(1)) if named else None)
    if found is None:
        raise SourceError.at(path, "cannot tell which day this is; pass --date YYYY-MM-DD")
    return found


def _wrapper_date(path: Path, document: object) -> dt.date | None:
    if not isinstance(document, dict) or "date" not in document:
        return None
    stated = _parse_date(str(document["date"]))
    if stated is None:
        raise SourceError.at(path, f"the response's date {document['date']!r} is not YYYY-MM-DD")
    return stated


def _parse_date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def _entries(text: str, document: object, origin: str) -> tuple[list[_Entry], Problem | None]:
    if isinstance(document, list):
        return _located(text, _array_start(text, 0), document), None
    if isinstance(document, dict) and isinstance(document.get("data"), list):
        return _located(text, _data_array_start(text), document["data"]), None
    return [], Problem(origin, 1, "expected a JSON array of papers or an object with 'data'")


def _located(text: str, start: int | None, values: list[object]) -> list[_Entry]:
    """Pair each value with the line its entry starts on (line 1 where it cannot be found)."""
    offsets = list(_element_offsets(text, start)) if start is not None else []
    if len(offsets) != len(values):
        offsets = [0] * len(values)
    entries = []
    line, counted = 1, 0  # lines counted on from the last entry: linear in the text's length
    for number, (offset, value) in enumerate(zip(offsets, values, strict=True), start=1):
        line += text.count("\n", counted, offset)
        counted = max(counted, offset)
        entries.append(_Entry(number, line, value))
    return entries


def _skip_space(text: str, index: int) -> int:
    while index < len(text) and text[index] in " \t\r\n":
        index += 1
    return index


def _array_start(text: str, index: int) -> int | None:
    index = _skip_space(text, index)
    return index + 1 if text.startswith("[", index) else None


def _element_offsets(text: str, index: int) -> Iterator[int]:
    """Offsets of the elements of the JSON array whose '[' ends just before `index`."""
    index = _skip_space(text, index)
    while index < len(text) and text[index] != "]":
        yield index
        _, index = _DECODER.raw_decode(text, index)
        index = _skip_space(text, index)
        if text.startswith(",", index):
            index = _skip_space(text, index + 1)


def _data_array_start(text: str) -> int | None:
    """Offset just inside the array under the top-level key "data"."""
    index = _skip_space(text, 0) + 1
    while index < len(text):
        index = _skip_space(text, index)
        if text.startswith("}", index):
            return None
        key, index = _DECODER.raw_decode(text, index)
        index = _skip_space(text, index) + 1  # the ':'
        if key == "data":
            return _array_start(text, index)
        _, index = _DECODER.raw_decode(text, _skip_space(text, index))
        index = _skip_space(text, index)
        if text.startswith(",", index):
            index += 1
    return None


def _listing(entry: _Entry, origin: str) -> Listing:
    record = _as_record(entry.value)
    paper = record.get("paper", record)
    if not isinstance(paper, dict):
        raise _EntryError("'paper' is not an object")
    title = normalise_space(_text(paper, "title") or _text(record, "title") or "")
    if not title:
        raise _EntryError("the paper has no title")
    if (problem := title_problem(title)) is not None:
        raise _EntryError(problem)
    raw_id = _text(paper, "id")
    paper_id = strip_arxiv_version(raw_id.strip()) if raw_id and raw_id.strip() else title_id(title)
    if (problem := id_problem(paper_id)) is not None:
        raise _EntryError(problem)
    return Listing(
        id=paper_id,
        title=title,
        authors=_authors(paper),
        abstract=normalise_space(_text(paper, "summary") or _text(record, "summary") or ""),
        published=_text(paper, "publishedAt"),
        submitted=_text(paper, "submittedOnDailyAt"),
        upvotes=_count(paper, "upvotes"),
        github=_url(paper, "githubRepo"),
        project_page=_url(paper, "projectPage"),
        ai_summary=_optional_space(_text(paper, "ai_summary")),
        ai_keywords=_keywords(paper),
        arxiv=bool(raw_id) and is_arxiv_id(paper_id),
        comments=_count(record, "numComments"),
        github_stars=_count(paper, "githubStars"),
        organization=_organization(paper),
        withdrawn=_text(paper, "withdrawnAt"),
    )


def _organization(paper: dict[str, Any]) -> str | None:
    """The submitting organisation's full name (the API gives an object; a name is kept too)."""
    value = paper.get("organization")
    if isinstance(value, dict):
        value = value.get("fullname") or value.get("name")
    if value is None:
        return None
    if not isinstance(value, str):
        raise _EntryError(
            f"'organization' should be text or an object, found {type(value).__name__}"
        )
    return _optional_space(_checked(value, "organization"))


def _as_record(value: object) -> dict[str, Any]:
    if isinstance(value, str):
        value = _recover_repr(value)
    if not isinstance(value, dict):
        raise _EntryError(f"expected an object, found {type(value).__name__}")
    return value


def _recover_repr(value: str) -> object:
    """Entries stored as Python reprs: parse them as literals, never evaluate them."""
    try:
        return ast.literal_eval(value)
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        raise _EntryError("a string that is not a recoverable paper record") from None


def _text(record: dict[str, Any], key: str) -> str | None:
    value = record.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise _EntryError(f"'{key}' should be text, found {type(value).__name__}")
    return _checked(value, key)


def _checked(value: str, key: str) -> str:
    """Text that can be stored: JSON's escapes can make a lone surrogate, which no file holds;
    a stray control character (a NUL) is dropped; a field past any real one is refused."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise _EntryError(f"'{key}' holds a lone surrogate (an invalid \\u escape)") from None
    value = without_controls(value)
    if (problem := text_problem(key, value)) is not None:
        raise _EntryError(problem)
    return value


def _optional_space(value: str | None) -> str | None:
    return normalise_space(value) if value else None


def _count(record: dict[str, Any], key: str) -> int | None:
    value = record.get(key)
    if value is None:
        return None
    if (problem := count_problem(key, value)) is not None:
        raise _EntryError(problem)
    return int(value)  # an int: count_problem refuses any other value


def _url(record: dict[str, Any], key: str) -> str | None:
    value = _text(record, key)
    if not value or not value.strip():
        return None
    value = value.strip()
    # Only web links are kept: a `javascript:` link must never reach a page.
    return value if value.startswith(("https://", "http://")) else None


def _authors(paper: dict[str, Any]) -> tuple[str, ...]:
    authors = paper.get("authors", [])
    if not isinstance(authors, list):
        raise _EntryError("'authors' should be a list")
    if (problem := names_problem("authors", len(authors))) is not None:
        raise _EntryError(problem)
    names = []
    for author in authors:
        name = author.get("name") if isinstance(author, dict) else author
        if not isinstance(name, str):
            raise _EntryError("an author without a name")
        name = _checked(name, "authors")
        if name.strip():
            names.append(normalise_space(name))
    return tuple(names)


def _keywords(paper: dict[str, Any]) -> tuple[str, ...]:
    keywords = paper.get("ai_keywords", [])
    if not isinstance(keywords, list) or not all(isinstance(k, str) for k in keywords):
        raise _EntryError("'ai_keywords' should be a list of text")
    if (problem := names_problem("ai_keywords", len(keywords))) is not None:
        raise _EntryError(problem)
    checked = [normalise_space(_checked(k, "ai_keywords")) for k in keywords]
    return tuple(k for k in checked if k)  # after the controls go: "\u0000" is no keyword
