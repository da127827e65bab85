"""One new day with and without some page families, alternating, on a `bench build` work folder.

    python -m generator.bench.oneday_families bench/50000 top titles tag_top

`bench build --without` compares whole runs, whose full builds take minutes and drift with the
machine's load; this repeats only the daily case, back to back: the bench's last day (the one it
added) is set aside, the pages are generated without it, and the build state saved; then the
day is put back and generate() runs five times from that state (median), then once more with
nothing changed. Each variant has its own copy of the bench's pages folder.
"""

from __future__ import annotations

import os
import shutil
import statistics
import sys
from pathlib import Path

from generator.bench.build import WITHOUT, Generation, restore_state, save_state

RUNS = 5


def one_day(work: Path, name: str, without: str) -> str:
    content, pages = work / "content", work / f"pages-{name}"
    day = sorted((content / "days").glob("*/*.yml"))[-1]
    aside, state = work / "new-day.yml", work / f"state-{name}"
    if not pages.exists():
        shutil.copytree(work / "pages", pages, symlinks=True)
    os.environ[WITHOUT] = without
    shutil.move(day, aside)
    Generation.run(content, pages)  # the archive before the day
    save_state(pages, state)
    shutil.move(aside, day)
    seconds, written = [], 0
    for _ in range(RUNS):
        restore_state(state, pages)
        run = Generation.run(content, pages)
        seconds.append(run.seconds)
        written = max(written, run.written)
    idle = Generation.run(content, pages)
    shown = ", ".join(f"{s:.2f}" for s in seconds)
    return (
        f"| {name} | {statistics.median(seconds):.2f} s ({shown}) | {written} "
        f"| {idle.seconds:.2f} s, {idle.written} written |"
    )


def main(work: Path, families: list[str]) -> None:
    print("| families | one new day: generate() median (runs) | pages written | nothing changed |")
    print("|---|---|---|---|")
    for _ in range(2):
        print(one_day(work, "without", " ".join(families)), flush=True)
        print(one_day(work, "with", ""), flush=True)


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2:])
