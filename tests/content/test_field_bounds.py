"""Bounds on a listing's fields (text.py): a source's stray control character is dropped; a field
past anything real (200,000 authors, a 10^50 upvote count, a 25 MB abstract) is refused by import,
fetch and `check` alike, naming the field, before it can slow or break a build."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from generator.content.sources import read_source
from generator.content.sources.hf_json import parse_response
from generator.errors import SourceError
from generator.text import MAX_COUNT, MAX_NAMES, MAX_TEXT
from tests.archive.test_check import content_with, messages


def entry(**paper: object) -> str:
    return json.dumps([{"paper": {"id": "2506.00001", "title": "A paper", **paper}}])


def test_a_sources_control_characters_are_dropped() -> None:
    (listing,) = parse_response(
        entry(summary="a\u0000b\u0007c\td", authors=[{"name": "A\u0000n"}]), "t"
    )
    assert listing.abstract == "abc d" and listing.authors == ("An",)


@pytest.mark.parametrize(
    ("paper", "message"),
    [
        ({"upvotes": MAX_COUNT + 1}, f"'upvotes' is {MAX_COUNT + 1:,}: at most {MAX_COUNT:,}"),
        ({"summary": "x" * (MAX_TEXT + 1)}, f"'summary' is {MAX_TEXT + 1:,} characters"),
        (
            {"authors": [{"name": "A"}] * (MAX_NAMES + 1)},
            f"'authors' holds {MAX_NAMES + 1:,} names: at most {MAX_NAMES:,}",
        ),
    ],
)
def test_a_field_past_any_real_one_is_refused_by_the_source(
    paper: dict[str, object], message: str
) -> None:
    with pytest.raises(SourceError) as error:
        parse_response(entry(**paper), "answer")
    assert f"answer:1: entry 1: {message}" in str(error.value)


HEAD = "date: 2025-06-02\npapers:\n- id: '1'\n  title: A paper\n"


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        ('  abstract: "a\\0b"\n', "'abstract' holds a control character (U+0000)"),
        ('  authors: ["A\\x07"]\n', "'authors' holds a control character (U+0007)"),
        (f"  upvotes: {MAX_COUNT + 1}\n", f"'upvotes' is {MAX_COUNT + 1:,}: at most {MAX_COUNT:,}"),
        (
            f"  authors: [{', '.join(['A'] * (MAX_NAMES + 1))}]\n",
            f"'authors' holds {MAX_NAMES + 1:,} names",
        ),
    ],
)
def test_check_refuses_the_same_in_a_day_file(tmp_path: Path, lines: str, message: str) -> None:
    found = messages(content_with(tmp_path, HEAD + lines))
    assert len(found) == 1 and found[0].startswith("2025-06-02.yml:5: ") and message in found[0]


def test_a_keyword_of_control_characters_alone_is_no_keyword() -> None:
    (listing,) = parse_response(entry(ai_keywords=["\u0000", "ok"]), "t")
    assert listing.ai_keywords == ("ok",)


def test_copied_page_text_is_held_to_the_same_bounds(tmp_path: Path) -> None:
    """Only the JSON reader dropped control characters once: a copied page's NUL was stored,
    and `check` then refused what `import` had accepted."""
    page = tmp_path / "page.txt"
    page.write_text("Aug 12\n\nA title \x01 here\n\nAn abstract \x00 here.\n")
    (listing,) = read_source(page, dt.date(2025, 8, 12)).papers
    assert (listing.title, listing.abstract) == ("A title here", "An abstract here.")
    page.write_text(f"Aug 12\n\nA title\n\n{'x' * (MAX_TEXT + 1)}\n")
    with pytest.raises(SourceError, match=f"page.txt:5: 'abstract' is {MAX_TEXT + 1:,} characters"):
        read_source(page, dt.date(2025, 8, 12))


def test_a_control_character_in_a_title_is_one_problem(tmp_path: Path) -> None:
    day = 'date: 2025-06-02\npapers:\n- id: "1"\n  title: "A\\x01"\n'
    assert messages(content_with(tmp_path, day)) == [
        "2025-06-02.yml:4: 'title' holds a control character (U+0001)"
    ]
