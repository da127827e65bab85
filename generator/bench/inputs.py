"""How the cost of reading inputs grows: importing one large API answer, and `check` on a day
whose fixes name many unknown tags, or whose many fixes each change nothing. All should grow
linearly (issue 20: the first was quadratic, line numbers counted from the start of the text for
every entry; the second reloaded the file for every problem, and the third, found in review, for
every idle fix: 500 took 183 s)."""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

from generator.archive.check import check_content
from generator.content.importer import import_listings

ROOT = Path(__file__).resolve().parents[2]


def _entry(number: int) -> dict[str, object]:
    return {
        "paper": {
            "id": f"2501.{number:05d}",
            "title": f"Paper number {number} on sparse attention",
            "summary": "An abstract of a realistic length. " * 30,
            "authors": [{"name": f"Author {number} {k}"} for k in range(6)],
            "upvotes": number % 97,
        },
        "numComments": 1,
    }


def bench_import(megabytes: float, work: Path) -> tuple[int, float]:
    """Papers in a pretty-printed answer of about `megabytes`, and the seconds importing took."""
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    size = len(json.dumps(_entry(0), indent=2))
    count = int(megabytes * 1_000_000 / size)
    answer = work / "2025-01-21.json"
    answer.write_text(json.dumps([_entry(n) for n in range(count)], indent=2))
    started = time.perf_counter()
    import_listings(work / "content", [answer], None)
    return count, time.perf_counter() - started


def bench_check(unknown: int, work: Path) -> tuple[int, float]:
    """Problems `check` found in a day with `unknown` unknown tags, and the seconds it took."""
    shutil.rmtree(work, ignore_errors=True)
    days = work / "content" / "days" / "2025"
    days.mkdir(parents=True)
    shutil.copy(ROOT / "content" / "tags.yml", work / "content" / "tags.yml")
    tags = ", ".join(f"no-such-tag-{n}" for n in range(unknown))
    (days / "2025-06-02.yml").write_text(
        f"date: 2025-06-02\npapers:\n- id: '2506.00001'\n  title: A paper\n  tags: [{tags}]\n"
    )
    started = time.perf_counter()
    problems = check_content(work / "content").problems
    return len(problems), time.perf_counter() - started


def bench_idle_fixes(count: int, work: Path) -> tuple[int, float]:
    """Problems `check` found in a day of `count` papers whose fixes each change nothing (they
    remove a tag the rules do not give), and the seconds it took."""
    shutil.rmtree(work, ignore_errors=True)
    days = work / "content" / "days" / "2025"
    days.mkdir(parents=True)
    shutil.copy(ROOT / "content" / "tags.yml", work / "content" / "tags.yml")
    papers = "".join(
        f"- id: '2506.{n:05d}'\n  title: Sparse attention, part {n}\n"
        "  tags:\n    remove: [robotics]\n"
        for n in range(count)
    )
    (days / "2025-06-02.yml").write_text(f"date: 2025-06-02\npapers:\n{papers}")
    started = time.perf_counter()
    problems = check_content(work / "content", idle_fixes=True).problems
    return len(problems), time.perf_counter() - started


def report_inputs(kind: str, sizes: list[float], work: Path) -> str:
    lines = []
    for size in sizes:
        if kind == "import":
            papers, seconds = bench_import(size, work / f"import-{size}")
            lines.append(f"import {size:g} MB ({papers:,} papers): {seconds:.2f} s")
        elif kind == "idle-fixes":
            problems, seconds = bench_idle_fixes(int(size), work / f"idle-{size}")
            lines.append(f"check, {int(size)} idle fixes ({problems} problems): {seconds:.2f} s")
        else:
            problems, seconds = bench_check(int(size), work / f"check-{size}")
            lines.append(f"check, {int(size)} unknown tags ({problems} problems): {seconds:.2f} s")
    return "\n".join(lines)
