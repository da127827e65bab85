"""The day-file schema: YAML data in, a `Day` out, every problem collected with its line."""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from generator.archive.model import Day, Listing, TagFix, date_problem
from generator.content.yamlfile import KeyPath, YamlFile
from generator.errors import Problem
from generator.text import (
    count_problem,
    id_problem,
    is_arxiv_id,
    names_problem,
    text_problem,
    title_problem,
)

DAY_KEYS = ("date", "source", "papers")
PAPER_KEYS = (
    "id",
    "title",
    "authors",
    "abstract",
    "published",
    "submitted",
    "upvotes",
    "github",
    "project_page",
    "ai_summary",
    "ai_keywords",
    "comments",
    "github_stars",
    "organization",
    "withdrawn",
    "tags",
)
FIX_KEYS = ("add", "remove")


@dataclass
class _Checker:
    """Collects problems while reading one file."""

    file: YamlFile
    problems: list[Problem] = field(default_factory=list)

    def report(self, keys: KeyPath, message: str) -> None:
        self.problems.append(self.file.problem(keys, message))

    def unknown_keys(self, mapping: dict[Any, Any], known: tuple[str, ...], at: KeyPath) -> None:
        for key in mapping:
            if key not in known:
                self.report([*at, str(key)], f"unknown key '{key}'{did_you_mean(str(key), known)}")

    def text(self, record: dict[str, Any], key: str, at: KeyPath) -> str | None:
        value = record.get(key)
        if value is not None and not isinstance(value, str):
            self.report([*at, key], f"'{key}' should be text (quote it), found {_kind(value)}")
            return None
        if value is not None and (problem := text_problem(key, value)) is not None:
            self.report([*at, key], problem)
            return None
        return value

    def texts(self, record: dict[str, Any], key: str, at: KeyPath) -> tuple[str, ...]:
        value = record.get(key, [])
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            self.report([*at, key], f"'{key}' should be a list of text")
            return ()
        found = (text_problem(key, item) for item in value)
        problem = names_problem(key, len(value)) or next((p for p in found if p), None)
        if problem is not None:
            self.report([*at, key], problem)
            return ()
        return tuple(value)


def did_you_mean(word: str, choices: tuple[str, ...] | list[str]) -> str:
    close = difflib.get_close_matches(word, choices, n=1)
    return f"; did you mean '{close[0]}'?" if close else ""


def _kind(value: object) -> str:
    return {bool: "true/false", int: "a number", float: "a number", list: "a list"}.get(
        type(value), type(value).__name__
    )


def parse_day(file: YamlFile, expected: dt.date | None) -> tuple[Day | None, list[Problem]]:
    """Check a day file's data and build its Day (None when the file is unusable)."""
    check = _Checker(file)
    data = file.data
    if not isinstance(data, dict):
        check.report([], "a day file should be a mapping with 'date' and 'papers'")
        return None, check.problems
    check.unknown_keys(data, DAY_KEYS, [])
    date = _date(check, data, expected)
    papers = _papers(check, data)
    source = check.text(data, "source", [])
    if date is None or papers is None:
        return None, check.problems
    lines = _item_lines(file.text, len(papers))
    return Day(date=date, papers=papers, source=source, paper_lines=lines), check.problems


def _item_lines(text: str, count: int) -> tuple[int, ...]:
    """The line of each paper: a list item at the margin, as day files are written. Composing
    the YAML nodes would say it for any layout but doubles the parse; a layout this does not
    recognise (the counts differ) gives no lines, and links open the file's editor instead."""
    lines = tuple(n for n, line in enumerate(text.split("\n"), start=1) if line.startswith("- "))
    return lines if len(lines) == count else ()


def _date(check: _Checker, data: dict[str, Any], expected: dt.date | None) -> dt.date | None:
    value = data.get("date")
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        check.report(["date"], "'date' should be a date like 2025-06-02")
        return None
    if expected is not None and value != expected:
        check.report(["date"], f"'date' is {value}, but the file is named for {expected}")
    problem = date_problem(value)
    if problem:
        check.report(["date"], problem)
        return None
    return value


def _papers(check: _Checker, data: dict[str, Any]) -> tuple[Listing, ...] | None:
    papers = data.get("papers")
    if not isinstance(papers, list):
        check.report(["papers"], "'papers' should be a list of papers")
        return None
    listings: list[Listing] = []
    first_index: dict[str, int] = {}
    for index, record in enumerate(papers):
        listing = _listing(check, record, ["papers", index])
        if listing is None:
            continue
        if listing.id in first_index:
            first = check.file.line(["papers", first_index[listing.id]])
            check.report(
                ["papers", index, "id"],
                f"paper '{listing.id}' is listed twice in this day (first at line {first})",
            )
            continue
        first_index[listing.id] = index
        listings.append(listing)
    return tuple(listings)


def _listing(check: _Checker, record: object, at: list[str | int]) -> Listing | None:
    if not isinstance(record, dict):
        check.report(at, "a paper should be a mapping with at least 'id' and 'title'")
        return None
    before = len(check.problems)
    check.unknown_keys(record, PAPER_KEYS, at)
    paper_id = _required_text(check, record, "id", at)
    title = _required_text(check, record, "title", at)
    listing_fields: dict[str, Any] = {
        "authors": check.texts(record, "authors", at),
        "abstract": check.text(record, "abstract", at) or "",
        "published": check.text(record, "published", at),
        "submitted": check.text(record, "submitted", at),
        "upvotes": _count(check, record, "upvotes", at),
        "github": _link(check, record, "github", at),
        "project_page": _link(check, record, "project_page", at),
        "ai_summary": check.text(record, "ai_summary", at),
        "ai_keywords": check.texts(record, "ai_keywords", at),
        "comments": _count(check, record, "comments", at),
        "github_stars": _count(check, record, "github_stars", at),
        "organization": check.text(record, "organization", at),
        "withdrawn": check.text(record, "withdrawn", at),
        "tag_fix": _tag_fix(check, record.get("tags"), [*at, "tags"], "tags" in record),
    }
    if paper_id is None or title is None or len(check.problems) > before:
        return None
    return Listing(id=paper_id, title=title, arxiv=is_arxiv_id(paper_id), **listing_fields)


def _required_text(check: _Checker, record: dict[str, Any], key: str, at: KeyPath) -> str | None:
    if key not in record:
        check.report(at, f"a paper needs '{key}'")
        return None
    reported = len(check.problems)
    value = check.text(record, key, at)
    # Empty or null (`title:` alone) alike: a paper dropped in silence would be dropped for
    # good by the next import that rewrites its day.
    if value is None or not value.strip():
        if isinstance(record[key], str | None) and len(check.problems) == reported:
            check.report([*at, key], f"'{key}' is empty")
        return None
    if key == "id" and (problem := id_problem(value)) is not None:
        check.report([*at, key], problem)
        return None
    if key == "title" and (problem := title_problem(value)) is not None:
        check.report([*at, key], problem)
        return None
    return value


def _count(check: _Checker, record: dict[str, Any], key: str, at: KeyPath) -> int | None:
    value = record.get(key)
    if value is None:
        return None
    if (problem := count_problem(key, value)) is not None:
        check.report([*at, key], problem)
        return None
    return int(value)  # an int: count_problem refuses any other value


def _link(check: _Checker, record: dict[str, Any], key: str, at: KeyPath) -> str | None:
    value = check.text(record, key, at)
    if value is not None and not value.startswith(("https://", "http://")):
        check.report([*at, key], f"'{key}' should be a web address starting with https://")
        return None
    return value


def _tag_fix(check: _Checker, value: object, at: list[str | int], present: bool) -> TagFix | None:
    if value is None or value == {}:
        if present:  # a `tags:` key with nothing under it looks like a fix and changes nothing
            check.report(at, "empty 'tags:': give 'add:' or 'remove:' lists, or delete the key")
        return None
    if isinstance(value, list):
        return TagFix(exact=_tag_list(check, value, at))
    if isinstance(value, dict):
        check.unknown_keys(value, FIX_KEYS, at)
        add = _tag_list(check, value.get("add", []), [*at, "add"])
        remove = _tag_list(check, value.get("remove", []), [*at, "remove"])
        return TagFix(add=add, remove=remove)
    if isinstance(value, str) and ":" not in value:  # "tags: quantization, kv-cache"
        check.report(at, f"'tags' should be a list in brackets: [{value}]")
        return None
    # "add:[x]" (no space after the colon) reads as one word of text.
    space = " (put a space after each colon: 'add: [...]')" if ":" in str(value) else ""
    check.report(at, f"'tags' should be a list of tags, or 'add:' and 'remove:' lists{space}")
    return None


def _tag_list(check: _Checker, value: object, at: list[str | int]) -> tuple[str, ...]:
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return tuple(value)
    key = at[-1] if isinstance(at[-1], str) else "tags"
    example = "in brackets, like [quantization, kv-cache]"
    if value is None:
        message = f"'{key}:' is empty: give tags {example}, or delete it"
    elif isinstance(value, str):
        message = f"'{key}' should be a list in brackets: [{value}]"
    else:
        message = f"'{key}' should be a list of tag slugs {example}"
    check.report(at, message)
    return ()


# Each field of a Listing as the day file stores it; None and empty values are left out.
_STORED: tuple[tuple[str, Callable[[Listing], object]], ...] = (
    ("id", lambda p: p.id),
    ("title", lambda p: p.title),
    ("authors", lambda p: list(p.authors)),
    ("abstract", lambda p: p.abstract),
    ("published", lambda p: p.published),
    ("submitted", lambda p: p.submitted),
    ("upvotes", lambda p: p.upvotes),
    ("github", lambda p: p.github),
    ("project_page", lambda p: p.project_page),
    ("ai_summary", lambda p: p.ai_summary),
    ("ai_keywords", lambda p: list(p.ai_keywords)),
    ("comments", lambda p: p.comments),
    ("github_stars", lambda p: p.github_stars),
    ("organization", lambda p: p.organization),
    ("withdrawn", lambda p: p.withdrawn),
    ("tags", lambda p: _fix_data(p.tag_fix)),
)


def _fix_data(fix: TagFix | None) -> object:
    if fix is None:
        return None
    if fix.exact is not None:
        return list(fix.exact)  # `tags: []` too: the paper is to have no tags
    found = {key: list(value) for key, value in (("add", fix.add), ("remove", fix.remove)) if value}
    return found or None  # an empty fix changes nothing: not written back


def day_data(day: Day) -> dict[str, object]:
    """A Day as the plain data its file stores."""
    data: dict[str, object] = {"date": day.date}
    if day.source:
        data["source"] = day.source
    data["papers"] = [listing_data(listing) for listing in day.papers]
    return data


def listing_data(listing: Listing) -> dict[str, object]:
    return {
        key: value
        for key, get in _STORED
        if (value := get(listing)) is not None
        and (key == "tags" or (value != [] and value != {} and value != ""))
    }
