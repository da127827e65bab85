"""One new day with and without some page families, run by run in turn, on a `bench build`
work folder.

    python -m generator.bench.oneday_families bench/50000 top titles tag_top

`bench build --without` compares whole runs, whose full builds take minutes and drift with the
machine's load; this repeats only the daily case: the bench's last day (the one it added) is set
aside, the pages are generated without it (each variant has its own copy of the bench's pages
folder) and the build state saved; then the day is put back and generate() runs from that state,
without the families and with them in turn, RUNS times each (the difference of each pair is
what the families cost, taken while the machine's load is about the same), then once more each
with nothing changed.
"""

from __future__ import annotations

import os
import shutil
import statistics
import sys
from pathlib import Path

from generator.bench.build import WITHOUT, Generation, restore_state, save_state

RUNS = 9


def before_the_day(work: Path, name: str, without: str) -> Path:
    """The variant's pages folder, generated without the bench's last day; its state kept."""
    content, pages = work / "content", work / f"pages-{name}"
    day = sorted((content / "days").glob("*/*.yml"))[-1]
    aside, state = work / "new-day.yml", work / f"state-{name}"
    if not pages.exists():
        shutil.copytree(work / "pages", pages, symlinks=True)
    os.environ[WITHOUT] = without
    shutil.move(day, aside)
    try:
        Generation.run(content, pages)
    finally:
        shutil.move(aside, day)
    save_state(pages, state)
    return pages


def new_day(work: Path, name: str, without: str) -> Generation:
    """generate() of the new day from the variant's saved state."""
    pages = work / f"pages-{name}"
    restore_state(work / f"state-{name}", pages)
    os.environ[WITHOUT] = without
    return Generation.run(work / "content", pages)


def main(work: Path, families: list[str]) -> None:
    variants = {"without": " ".join(families), "with": ""}
    for name, without in variants.items():
        before_the_day(work, name, without)
    runs: dict[str, list[Generation]] = {name: [] for name in variants}
    for _ in range(RUNS):
        for name, without in variants.items():
            runs[name].append(new_day(work, name, without))
    print("| families | one new day: generate() median (runs) | pages written | nothing changed |")
    print("|---|---|---|---|")
    for name, without in variants.items():
        os.environ[WITHOUT] = without
        idle = Generation.run(work / "content", work / f"pages-{name}")
        seconds = [run.seconds for run in runs[name]]
        shown = ", ".join(f"{s:.2f}" for s in seconds)
        print(
            f"| {name} | {statistics.median(seconds):.2f} s ({shown}) "
            f"| {max(run.written for run in runs[name])} | {idle.seconds:.2f} s, "
            f"{idle.written} written |"
        )
    pairs = [b.seconds - a.seconds for a, b in zip(runs["without"], runs["with"], strict=True)]
    print(
        f"\nwith minus without, run by run: median {statistics.median(pairs):+.3f} s "
        f"({', '.join(f'{d:+.2f}' for d in pairs)})"
    )


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2:])
