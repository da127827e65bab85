"""`python -m generator import`: real days in, broken input rejected with content/ untouched."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.archive.derive import load_archive
from generator.archive.model import Day
from generator.commands.cli import main
from generator.content import importer
from generator.content.store import day_path
from generator.content.yamlfile import MAX_FILE_BYTES
from tests.conftest import HF, HOSTILE, LISTING, ROOT, tree_digest


def run(*args: str | Path) -> int:
    return main([str(arg) for arg in args])


def test_import_stores_one_file_per_day(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run("import", "--content", tmp_path, HF / "2025-06-02.json", HF / "2025-06-03.json") == 0
    assert "2 day file(s) written; papers 49 new, 0 updated, 0 unchanged" in capsys.readouterr().out
    assert sorted(p.name for p in (tmp_path / "days" / "2025").iterdir()) == [
        "2025-06-02.yml",
        "2025-06-03.yml",
    ]


def test_importing_twice_changes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run("import", "--content", tmp_path, "--date", "2025-08-12", LISTING)
    path = day_path(tmp_path, __import__("datetime").date(2025, 8, 12))
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    capsys.readouterr()
    assert run("import", "--content", tmp_path, "--date", "2025-08-12", LISTING) == 0
    assert "0 day file(s) written; papers 0 new, 0 updated, 98 unchanged" in capsys.readouterr().out
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before


def test_a_paper_listed_on_two_days_is_one_paper(fixture_content: Path) -> None:
    archive = load_archive(fixture_content)
    paper = archive.papers["2506.01939"]
    assert [d.isoformat() for d in paper.days] == ["2025-06-03", "2025-06-04"]
    listed = sum(1 for day in archive.days for p in day.papers if p.id == "2506.01939")
    assert listed == 2
    total_listings = sum(len(day.papers) for day in archive.days)
    assert len(archive.papers) == total_listings - 1


def test_a_shorter_response_never_shrinks_a_stored_day(tmp_path: Path) -> None:
    run("import", "--content", tmp_path, HF / "2025-06-02.json")
    entries = json.loads((HF / "2025-06-02.json").read_text())[:3]
    short = tmp_path / "short" / "2025-06-02.json"
    short.parent.mkdir()
    short.write_text(json.dumps(entries))
    assert run("import", "--content", tmp_path, short) == 0
    assert len(load_archive(tmp_path).days[0].papers) == 20


BROKEN = {
    "truncated.json": ('[{"paper": {"id": "1", "title": "T"', "not valid JSON"),
    "missing-title.json": (
        '[{"paper": {"id": "1", "summary": "S"}}]',
        "entry 1: the paper has no title",
    ),
    "empty.json": ("", "empty file: expected a JSON response"),
    "no-papers.txt": ("Daily Papers\n\nJun 9\n", "the listing holds no papers"),
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_broken_input_is_rejected_and_nothing_is_written(
    fixture_content: Path, tmp_path: Path, name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    text, expected = BROKEN[name]
    broken = tmp_path / name
    broken.write_text(text)
    before = tree_digest(fixture_content)
    # A good file beside the broken one is not imported either: all or nothing.
    code = run(
        "import",
        "--content",
        fixture_content,
        "--date",
        "2025-06-09",
        HF / "2025-01-21.json",
        broken,
    )
    assert code == 1
    err = capsys.readouterr().err
    assert f"{broken}" in err and expected in err
    assert tree_digest(fixture_content) == before


def test_a_broken_stored_day_is_never_overwritten(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "days" / "2025" / "2025-06-02.yml"
    path.parent.mkdir(parents=True)
    path.write_text("date: 2025-06-02\npapers: [\n")
    assert run("import", "--content", tmp_path, HF / "2025-06-02.json") == 1
    assert "2025-06-02.yml:" in capsys.readouterr().err
    assert path.read_text() == "date: 2025-06-02\npapers: [\n"


def test_the_command_line_exits_non_zero_without_a_traceback(tmp_path: Path) -> None:
    broken = tmp_path / "2025-06-02.json"
    broken.write_text("[")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "generator",
            "import",
            "--content",
            str(tmp_path / "c"),
            str(broken),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == 1
    # With its column: an API's answer is one line, often cut off mid-string.
    assert result.stderr.startswith(f"{broken}:1: not valid JSON: Expecting value (column 2)")
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "c").exists()


def test_an_interrupt_stops_without_a_traceback_and_leaves_whole_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Ctrl-C while the second of two days is written: the first stays whole, the second is
    not begun, and running the import again finishes it."""
    real_save = importer.save_day
    saved: list[object] = []

    def interrupted_on_the_second(content: Path, day: Day) -> None:
        if saved:
            raise KeyboardInterrupt
        saved.append(day.date)
        real_save(content, day)

    monkeypatch.setattr(importer, "save_day", interrupted_on_the_second)
    days = (HF / "2025-06-02.json", HF / "2025-06-03.json")
    assert run("import", "--content", tmp_path, *days) == 130
    assert capsys.readouterr().err.startswith(
        "interrupted: 'import' stopped; the content files it wrote are whole"
    )
    assert [p.name for p in (tmp_path / "days" / "2025").iterdir()] == ["2025-06-02.yml"]
    monkeypatch.setattr(importer, "save_day", real_save)
    assert run("import", "--content", tmp_path, *days) == 0
    assert len(load_archive(tmp_path).papers) == 49


def test_hostile_links_never_reach_the_store(tmp_path: Path) -> None:
    run("import", "--content", tmp_path, HOSTILE)
    text = (tmp_path / "days" / "2025" / "2025-06-04.yml").read_text()
    assert "javascript:alert('gh')" not in text.split("abstract")[0]
    assert "github: javascript" not in text


def test_a_tag_fix_survives_reimport_and_refetch(tmp_path: Path) -> None:
    from dataclasses import replace

    from generator.archive.model import TagFix
    from generator.content.store import load_stored_day, save_day

    shutil.copy(ROOT / "content" / "tags.yml", tmp_path / "tags.yml")
    run("import", "--content", tmp_path, HF / "2025-06-02.json")
    date = __import__("datetime").date(2025, 6, 2)
    day = load_stored_day(tmp_path, date)
    assert day is not None
    fix = TagFix(add=("agents",), remove=("reinforcement-learning",))
    save_day(tmp_path, replace(day, papers=(replace(day.papers[0], tag_fix=fix), *day.papers[1:])))
    # The same day again, then a later response with new upvotes.
    run("import", "--content", tmp_path, HF / "2025-06-02.json")
    entries = json.loads((HF / "2025-06-02.json").read_text())
    entries[0]["paper"]["upvotes"] = 1000
    later = tmp_path / "later" / "2025-06-02.json"
    later.parent.mkdir()
    later.write_text(json.dumps(entries))
    run("import", "--content", tmp_path, later)
    stored = load_stored_day(tmp_path, date)
    assert stored is not None
    assert stored.papers[0].tag_fix == fix
    assert stored.papers[0].upvotes == 1000
    paper = load_archive(tmp_path).papers[stored.papers[0].id]
    assert "agents" in paper.tags and "reinforcement-learning" not in paper.tags


def test_import_reads_only_regular_files_of_bounded_size(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A pipe would be read for ever, a device or a huge file whole into memory."""
    pipe = tmp_path / "fifo.json"
    os.mkfifo(pipe)
    huge = tmp_path / "huge.json"
    with huge.open("wb") as file:
        file.truncate(MAX_FILE_BYTES + 1)  # sparse: nothing is written
    for path, message in (
        (pipe, "not a regular file"),
        (tmp_path, "not a regular file"),
        (huge, f"{MAX_FILE_BYTES + 1:,} bytes: a listing is at most {MAX_FILE_BYTES:,}"),
    ):
        assert run("import", "--content", tmp_path / "c", "--date", "2025-06-09", path) == 1
        assert capsys.readouterr().err == f"{path}: {message}\n"
    assert not (tmp_path / "c").exists()


def test_a_day_outside_the_archive_is_refused_by_import_and_check(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """9999-12-31 has no week to show it in: it once passed import and check, then broke the
    build with an OverflowError."""
    far = tmp_path / "far.json"
    far.write_text(
        '{"date": "9999-12-31", "data": [{"paper": {"id": "2599.00001", "title": "T"}}]}'
    )
    assert run("import", "--content", tmp_path / "c", far) == 1
    assert "9999-12-31 is not a day of the archive" in capsys.readouterr().err
    day = tmp_path / "c" / "days" / "9999" / "9999-12-31.yml"
    day.parent.mkdir(parents=True)
    day.write_text("date: 9999-12-31\npapers:\n- id: '2599.00001'\n  title: T\n")
    assert run("check", "--content", tmp_path / "c") == 1
    assert "9999-12-31 is not a day of the archive" in capsys.readouterr().out


def test_a_listing_may_start_with_a_byte_order_mark(tmp_path: Path) -> None:
    """Windows editors write one: JSON was refused ("Unexpected UTF-8 BOM"), and a copied
    page whose first line is its date lost that line to it."""
    answer = tmp_path / "2025-06-02.json"
    answer.write_bytes(b"\xef\xbb\xbf" + (HF / "2025-06-02.json").read_bytes())
    page = tmp_path / "page.txt"
    page.write_bytes(b"\xef\xbb\xbfAug 14, 2025\n\nA title\n\nAn abstract.\n")
    assert run("import", "--content", tmp_path / "c", answer, page) == 0
    days = load_archive(tmp_path / "c").days
    assert [(str(day.date), len(day.papers)) for day in days] == [
        ("2025-06-02", 20),
        ("2025-08-14", 1),
    ]


def test_a_day_file_named_for_no_date_is_a_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    day = tmp_path / "c" / "days" / "2025" / "2025-13-45.yml"
    day.parent.mkdir(parents=True)
    day.write_text("date: 2025-06-02\npapers: []\n")
    assert run("check", "--content", tmp_path / "c") == 1
    assert "days/2025/2025-13-45.yml: 2025-13-45 is not a date" in capsys.readouterr().out


def test_a_file_name_starts_no_workflow_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert run("import", "--content", tmp_path / "c", "::warning::hi") == 1
    err = capsys.readouterr().err
    assert "::warning::hi: cannot read" in err and not err.startswith("::")
