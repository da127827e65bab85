"""The content store: day files round-trip, merges never lose data, problems name file and line."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest

from generator.archive.model import Day, Listing, TagFix
from generator.content.sources import read_source
from generator.content.store import day_path, load_days, merge_day, save_day
from generator.errors import ContentError
from tests.conftest import HF

JUNE_2 = dt.date(2025, 6, 2)


def june_2() -> Day:
    return read_source(HF / "2025-06-02.json")


def test_a_day_round_trips_through_its_file(tmp_path: Path) -> None:
    day = june_2()
    save_day(tmp_path, day)
    assert load_days(tmp_path) == [day]
    assert day_path(tmp_path, JUNE_2) == tmp_path / "days" / "2025" / "2025-06-02.yml"


def test_a_tag_fix_round_trips(tmp_path: Path) -> None:
    day = june_2()
    fixed = replace(day.papers[0], tag_fix=TagFix(add=("agents",), remove=("llm",)))
    exact = replace(day.papers[1], tag_fix=TagFix(exact=("quantization",)))
    day = replace(day, papers=(fixed, exact, *day.papers[2:]))
    save_day(tmp_path, day)
    assert load_days(tmp_path) == [day]
    text = day_path(tmp_path, JUNE_2).read_text()
    assert "  tags:\n    add: [agents]\n    remove: [llm]\n" in text
    assert "  tags: [quantization]\n" in text


def test_ids_that_look_like_numbers_stay_text(tmp_path: Path) -> None:
    day = Day(JUNE_2, (Listing(id="2505.10000", title="T"),))
    save_day(tmp_path, day)
    assert load_days(tmp_path)[0].papers[0].id == "2505.10000"


def test_merge_adds_new_papers_and_keeps_stored_ones() -> None:
    stored = june_2()
    shorter = replace(stored, papers=stored.papers[5:])
    extra = Listing(id="2506.99999", title="A new paper")
    incoming = replace(shorter, papers=(*shorter.papers, extra))
    merged, report = merge_day(stored, incoming)
    assert [p.id for p in merged.papers] == [*(p.id for p in stored.papers), "2506.99999"]
    assert (report.new, report.updated, report.unchanged) == (1, 0, 20)


def test_merge_refreshes_upvotes_and_keeps_what_the_response_left_out() -> None:
    stored = june_2()
    first = stored.papers[0]
    fresh = replace(first, upvotes=99, ai_summary=None, ai_keywords=())
    merged, report = merge_day(stored, replace(stored, papers=(fresh,)))
    assert merged.papers[0].upvotes == 99
    assert merged.papers[0].ai_summary == first.ai_summary
    assert merged.papers[0].ai_keywords == first.ai_keywords
    assert report.updated == 1


def test_an_older_answer_never_lowers_the_upvotes() -> None:
    """A backfill from saved answers older than the stored day turned 73 upvotes into 1."""
    stored = june_2()
    first = stored.papers[0]
    assert first.upvotes is not None and first.upvotes > 1
    older = replace(first, upvotes=1)
    merged, report = merge_day(stored, replace(stored, papers=(older,)))
    assert merged.papers[0].upvotes == first.upvotes
    assert report.updated == 0
    unknown = replace(first, upvotes=None)
    assert merge_day(stored, replace(stored, papers=(unknown,)))[0].papers[0] == first


def test_merge_keeps_a_persons_tag_fix() -> None:
    stored = june_2()
    fix = TagFix(add=("agents",))
    stored = replace(stored, papers=(replace(stored.papers[0], tag_fix=fix), *stored.papers[1:]))
    merged, _ = merge_day(stored, june_2())
    assert merged.papers[0].tag_fix == fix


def write_day(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / "days" / name[:4] / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def problems(tmp_path: Path) -> list[str]:
    with pytest.raises(ContentError) as error:
        load_days(tmp_path)
    return [f"{p.line}: {p.message}" for p in error.value.problems]


def test_schema_problems_name_their_lines(tmp_path: Path) -> None:
    write_day(
        tmp_path,
        "2025-06-02.yml",
        "date: 2025-06-02\n"
        "papers:\n"
        "- id: '1'\n"
        "  title: One\n"
        "  tag: [llm]\n"
        "- id: '2'\n"
        "  title: ''\n"
        "- id: '1'\n"
        "  title: Again\n"
        "  upvotes: lots\n"
        "- id: '3'\n"
        "  title: Three\n"
        "  upvotes: -5\n"
        "- title: No id\n",
    )
    assert problems(tmp_path) == [
        "5: unknown key 'tag'; did you mean 'tags'?",
        "7: 'title' is empty",
        "10: 'upvotes' should be a whole number of 0 or more, found 'lots'",
        "13: 'upvotes' is -5: a count is 0 or more",
        "14: a paper needs 'id'",
    ]


def test_duplicate_ids_in_a_day(tmp_path: Path) -> None:
    write_day(
        tmp_path,
        "2025-06-02.yml",
        "date: 2025-06-02\npapers:\n- id: '1'\n  title: One\n- id: '1'\n  title: Again\n",
    )
    assert problems(tmp_path) == ["5: paper '1' is listed twice in this day (first at line 3)"]


def test_yaml_syntax_error(tmp_path: Path) -> None:
    write_day(tmp_path, "2025-06-02.yml", "date: 2025-06-02\npapers:\n- id: '1\n  title: x\n")
    assert problems(tmp_path)[0].startswith("5: YAML syntax")


def test_date_must_match_the_file_name(tmp_path: Path) -> None:
    write_day(tmp_path, "2025-06-02.yml", "date: 2025-06-03\npapers: []\n")
    assert problems(tmp_path) == ["1: 'date' is 2025-06-03, but the file is named for 2025-06-02"]


def test_every_file_is_reported(tmp_path: Path) -> None:
    write_day(tmp_path, "2025-06-02.yml", "date: 2025-06-02\npapers: {}\n")
    write_day(tmp_path, "2025-06-03.yml", "- just a list\n")
    assert problems(tmp_path) == [
        "2: 'papers' should be a list of papers",
        "1: a day file should be a mapping with 'date' and 'papers'",
    ]
