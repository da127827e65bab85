"""`bench build`: the full build, one new day, and nothing changed, against the reference.

The reference is what the design notes measured: plain MkDocs with Material, one page per
paper kept out of the nav, and Pagefind run over the built site.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import statistics
import sys
from dataclasses import dataclass, replace
from pathlib import Path

from generator.archive.model import Day
from generator.bench.measure import Measurement, run
from generator.bench.synth import ROOT, Corpus, load_corpus, synthesize, write_archive
from generator.build.generate import state_folder
from generator.build.search_index import KEPT
from generator.build.site_size import SIZE_LIMIT_VARIABLE, SiteSize, measure_site, megabytes
from generator.content.store import load_days, save_day

PYTHON = sys.executable
# One new day is generated this many times (the state restored between runs): this machine's
# timings vary by a fifth from one run to the next.
ONE_DAY_RUNS = 5
# `bench build --without FAMILY...` leaves page families out of every build it runs (see
# SiteOptions.without): the same run with and without them measures what they cost.
WITHOUT = "ARCHIVE_WITHOUT_FAMILIES"


def _env() -> dict[str, str]:
    """The builds' environment, read when they run (after `--without` set it). The size guard
    is lifted: the benchmark reports the site's size, past GitHub Pages' limit too."""
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", SIZE_LIMIT_VARIABLE: str(10**13)}


@dataclass(frozen=True)
class Generation:
    """One run of `python -m generator pages`: the process, and generate() inside it."""

    process: Measurement
    seconds: float
    written: int

    @classmethod
    def run(cls, content: Path, pages: Path) -> Generation:
        command = [PYTHON, "-m", "generator", "pages", "--content", str(content)]
        process = run([*command, "--pages", str(pages)], cwd=ROOT, env=_env())
        summary = json.loads(process.output.strip().splitlines()[-1])
        return cls(process, float(summary["seconds"]), int(summary["written"]))


@dataclass(frozen=True)
class BuildResult:
    papers: int
    full: Measurement
    one_day: Generation
    one_day_site: Measurement  # the whole build of the new day from the last build's pages
    one_day_median: float  # generate() over ONE_DAY_RUNS runs of the same new day
    one_day_only_written_changed: bool
    unchanged: Generation
    unchanged_touched: int
    largest_page_kb: float
    size: SiteSize
    reference_mkdocs: Measurement | None = None
    reference_pagefind: Measurement | None = None

    @property
    def reference_seconds(self) -> float | None:
        if self.reference_mkdocs is None or self.reference_pagefind is None:
            return None
        return self.reference_mkdocs.seconds + self.reference_pagefind.seconds


def _snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    found = {}
    for path in folder.rglob("*"):
        if path.is_file() and ".state" not in path.parts:
            stat = path.stat()
            found[path.relative_to(folder).as_posix()] = (stat.st_mtime_ns, stat.st_size)
    return found


def next_day(content: Path, corpus: Corpus) -> Day:
    """A new weekday after the last stored one, sized like a real day, with new paper ids."""
    date = load_days(content)[-1].date + dt.timedelta(days=1)
    while date.weekday() >= 5:
        date += dt.timedelta(days=1)
    template = next(synthesize(corpus, 50, seed=date.toordinal()))
    papers = tuple(
        replace(listing, id=f"{date:%y%m}.{date.day:02d}{number:03d}")
        for number, listing in enumerate(template.papers)
    )
    return Day(date=date, papers=papers, source="synthetic")


def largest_page_kb(site: Path) -> float:
    return max((p.stat().st_size for p in site.rglob("*.html")), default=0) / 1024


def bench_build(papers: int, work: Path, reference: bool = True) -> BuildResult:
    corpus = load_corpus()
    content, site, pages = work / "content", work / "site", work / "pages"
    for folder in (site, pages):
        shutil.rmtree(folder, ignore_errors=True)
    write_archive(content, papers, corpus)
    command = [PYTHON, "-m", "generator", "site", "--content", str(content), "--out", str(site)]
    full = run([*command, "--pages", str(pages)], cwd=ROOT, env=_env())
    biggest, size = largest_page_kb(site), measure_site(site)

    save_day(content, next_day(content, corpus))
    one_day_site = _site_from_restored_state(content, pages, work)
    before = _snapshot(pages)
    state = work / "state-before-the-day"
    save_state(pages, state)
    restore_state(state, pages)  # as before every run after it (see restore_state)
    one_day = Generation.run(content, pages)
    after = _snapshot(pages)
    touched = {path for path, stamp in after.items() if before.get(path) != stamp}
    pages_touched = {path for path in touched if not path.startswith(".search/")}
    seconds = [one_day.seconds, *_again_from(state, content, pages, ONE_DAY_RUNS - 1)]

    before = _snapshot(pages)
    unchanged = Generation.run(content, pages)
    idle = sum(1 for path, stamp in _snapshot(pages).items() if before.get(path) != stamp)

    ref_mkdocs = ref_pagefind = None
    if reference:
        ref_mkdocs, ref_pagefind = bench_reference(content, work / "reference")
    return BuildResult(
        papers, full, one_day, one_day_site, statistics.median(seconds),
        len(pages_touched) == one_day.written, unchanged, idle, biggest, size,
        ref_mkdocs, ref_pagefind,
    )  # fmt: skip


def _site_from_restored_state(content: Path, pages: Path, work: Path) -> Measurement:
    """The daily publish: the last build's pages folder (state included) restored from the
    cache, the site built into an empty folder (generate, MkDocs, search index, size check)."""
    restored, site = work / "pages-restored", work / "site-one-day"
    for folder in (restored, site):
        shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(pages, restored)
    command = [PYTHON, "-m", "generator", "site", "--content", str(content), "--out", str(site)]
    measured = run([*command, "--pages", str(restored)], cwd=ROOT, env=_env())
    for folder in (restored, site):
        shutil.rmtree(folder)
    return measured


def _again_from(state: Path, content: Path, pages: Path, runs: int) -> list[float]:
    """The same new day generated again from the build state saved before it (the pages it
    wrote stay, so these runs render the same pages but find them already written)."""
    seconds = []
    for _ in range(runs):
        restore_state(state, pages)
        seconds.append(Generation.run(content, pages).seconds)
    shutil.rmtree(state)
    return seconds


def save_state(pages: Path, saved: Path) -> None:
    """A copy of the build state, but the kept search bundles, which generate() never reads."""
    shutil.rmtree(saved, ignore_errors=True)
    shutil.copytree(state_folder(pages), saved, ignore=shutil.ignore_patterns(KEPT))


def restore_state(saved: Path, pages: Path) -> None:
    """The saved build state put back, and on disk before the timed run starts.

    Repeated runs used to take 2.5 s where the first took 1.9 s, but they do the same work:
    the same CPU time, first or repeated (2.5-2.9 s a run with its workers, from getrusage), and
    a repeat writes no page where the first writes 223. The wall time moved with what else the
    machine did, first of all writing out the 390 MB of state copied just before each run
    (250 MB of it the search bundles, which generate() never reads). So the bundles are left
    where they are, and the copy is on disk before the clock starts.
    """
    folder = state_folder(pages)
    for path in folder.iterdir():
        if path.name != KEPT:
            shutil.rmtree(path) if path.is_dir() else path.unlink()
    shutil.copytree(saved, folder, dirs_exist_ok=True)
    os.sync()


_REFERENCE_CONFIG = """site_name: Reference archive
theme:
  name: material
  font: false
plugins: []
nav:
  - Home: index.md
"""


def write_reference(content: Path, folder: Path) -> None:
    """The reference site's sources: one Markdown page per paper, outside the nav."""
    shutil.rmtree(folder, ignore_errors=True)
    docs = folder / "docs"
    (docs / "papers").mkdir(parents=True)
    (folder / "mkdocs.yml").write_text(_REFERENCE_CONFIG, encoding="utf-8")
    (docs / "index.md").write_text("# Reference archive\n", encoding="utf-8")
    seen: set[str] = set()
    for day in load_days(content):
        for listing in day.papers:
            if listing.id not in seen:
                seen.add(listing.id)
                text = f"# {listing.title}\n\n{', '.join(listing.authors)}\n\n{listing.abstract}\n"
                (docs / "papers" / f"{listing.id}.md").write_text(text, encoding="utf-8")


def bench_reference(content: Path, folder: Path) -> tuple[Measurement, Measurement]:
    write_reference(content, folder)
    mkdocs = run(
        [PYTHON, "-m", "mkdocs", "build", "-q", "-f", str(folder / "mkdocs.yml")], env=_env()
    )
    pagefind_command = [PYTHON, "-m", "pagefind", "--site", str(folder / "site"), "--quiet"]
    pagefind = run(pagefind_command, env=_env())
    return mkdocs, pagefind


_HEADER = (
    "| papers | full build | reference | ratio | one new day: generate() median (first) / process "
    "| one new day end to end, from the restored state "
    "| pages written | nothing changed: generate() | files touched | largest page |\n"
    "|---|---|---|---|---|---|---|---|---|---|"
)


def _reference(result: BuildResult) -> str:
    if result.reference_mkdocs is None or result.reference_pagefind is None:
        return "-"
    mkdocs, pagefind = result.reference_mkdocs, result.reference_pagefind
    peak = max(mkdocs.peak_mb, pagefind.peak_mb)
    total = mkdocs.seconds + pagefind.seconds
    return f"{total:.1f} s ({mkdocs.seconds:.0f} + {pagefind.seconds:.0f}), {peak:.0f} MB"


_SIZE_HEADER = (
    "| papers | site: tar (GitHub Pages' 1 GB) | files | tar bytes per paper, all in "
    "| largest folders (tar bytes) |\n|---|---|---|---|---|"
)


def _size_row(result: BuildResult) -> str:
    size = result.size
    return (
        f"| {result.papers:,} | {megabytes(size.tar_bytes)} ({megabytes(size.bytes)} of files) "
        f"| {size.files:,} | {size.tar_bytes / result.papers / 1024:.1f} KB | {size.largest()} |"
    )


def report(results: list[BuildResult]) -> str:
    lines = [_HEADER]
    for r in results:
        ratio = f"{r.full.seconds / r.reference_seconds:.2f}x" if r.reference_seconds else "-"
        written = f"{r.one_day.written}" + (
            "" if r.one_day_only_written_changed else " (and others!)"
        )
        lines.append(
            f"| {r.papers:,} | {r.full.seconds:.1f} s, {r.full.peak_mb:.0f} MB | {_reference(r)} "
            f"| {ratio} | {r.one_day_median:.2f} s ({r.one_day.seconds:.2f} s) "
            f"/ {r.one_day.process.seconds:.2f} s "
            f"| {r.one_day_site.seconds:.1f} s, {r.one_day_site.peak_mb:.0f} MB "
            f"| {written} | {r.unchanged.seconds:.2f} s | {r.unchanged_touched} "
            f"| {r.largest_page_kb:.0f} KB |"
        )
    lines += ["", _SIZE_HEADER, *map(_size_row, results)]
    if len(results) >= 2:
        per = [(r.papers, 1000 * r.full.seconds / r.papers) for r in results]
        shown = ", ".join(f"{papers:,}: {ms:.2f} ms" for papers, ms in per)
        lines.append(
            f"\nfull build per paper: {shown} (last / previous: {per[-1][1] / per[-2][1]:.2f}x)"
        )
    return "\n".join(lines)
