"""The search index: Pagefind's binary over the papers' search documents, a bundle a quarter.

Pagefind's Python API hands records over one at a time (about 0.1 s each), so the binary indexes
the HTML documents the generator writes (site.search). Pagefind's memory grows with the text it
indexes (1.3 GB for 10,000 abstracts), so each quarter is indexed by a run of its own: peak memory
stays that of two quarters' runs, however long the archive grows. The search box searches the
newest quarter first and older ones only while it lacks results (a quarter answers in about 0.1 s
at 50,000 papers, where a year took 0.5 s and four merged years 1.3 s); the search page merges
them all.

A quarter's bundle is kept in the build state with a fingerprint of the documents it was made
from, and linked into the next site when they have not changed: a new day reindexes only its own
quarter. The fingerprint also covers the bundle's own files, so a damaged copy is rebuilt.

Fingerprints list every file's path, size and modification time (nanoseconds), not its bytes:
the generator replaces a document whenever its bytes change (a new file, a new time) and keeps
its time otherwise, a restored cache keeps the times it saved, and any write into a kept bundle
moves its time. Hashing the bytes of 50,000 documents and 250 MB of bundles took 6.5 s of a
daily publish, copying the kept bundles 10 s; stat and hard links take about 1 s.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from importlib.metadata import version
from pathlib import Path

from generator.build.state import STATE_DIR
from generator.errors import OutputError
from generator.site.search import BUNDLES, DOCUMENTS

KEPT = "search-bundles"  # under the build state: the last bundle of each quarter
FINGERPRINT = ".fingerprint"
OPTIONS = ("--force-language", "en", "--quiet")
# Pagefind's own search UIs, which every bundle carries but the archive's search.js never loads
# (it imports pagefind.js alone): 420 KB a quarter, 5 MB of the site at 50,000 papers.
UNUSED = (
    "pagefind-ui.js", "pagefind-ui.css", "pagefind-component-ui.js", "pagefind-component-ui.css",
    "pagefind-modular-ui.js", "pagefind-modular-ui.css", "pagefind-highlight.js",
)  # fmt: skip


def index_site(site: Path, pages_dir: Path, shards: Sequence[str]) -> None:
    """One Pagefind bundle per shard into `site/search-index/<shard>/`, two at a time
    (Pagefind writes its output on one core; two runs use both, within the memory budget)."""
    documents, kept = pages_dir / DOCUMENTS, pages_dir / STATE_DIR / KEPT
    jobs = [(documents / shard, site / BUNDLES / shard, kept / shard) for shard in sorted(shards)]
    with ThreadPoolExecutor(max_workers=2) as pool:
        for _ in pool.map(lambda job: index_shard(*job), jobs):
            pass
    for stale in sorted(kept.glob("*")) if kept.exists() else ():
        if stale.name not in shards:
            shutil.rmtree(stale)


def index_shard(staging: Path, output: Path, kept: Path) -> None:
    """The shard's bundle: the kept one when made from the same documents, else a new one."""
    inputs = f"{tree_digest(staging)} pagefind {version('pagefind')} {' '.join(OPTIONS)}"
    inputs += f" without {' '.join(UNUSED)}"  # a bundle kept by an older build is rebuilt
    shutil.rmtree(output, ignore_errors=True)
    if _read(kept / FINGERPRINT) == f"{inputs} {tree_digest(kept)}":
        link_tree(kept, output)
        return
    run_pagefind(staging, output)
    shutil.rmtree(kept, ignore_errors=True)
    link_tree(output, kept)
    # Written last: a copy cut short has no fingerprint and is never used.
    (kept / FINGERPRINT).write_text(f"{inputs} {tree_digest(kept)}", encoding="utf-8")


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def tree_digest(root: Path) -> str:
    """A hash of every file's path, size and modification time under `root` (but the
    fingerprint); see the module's notes for why times and not bytes."""
    listing = []
    for folder, _, names in os.walk(root):
        for name in names:
            if name != FINGERPRINT:
                path = os.path.join(folder, name)  # noqa: PTH118 - 100,000 files, no Path objects
                stat = os.stat(path)  # noqa: PTH116
                listing.append(f"{os.path.relpath(path, root)}\0{stat.st_size}\0{stat.st_mtime_ns}")
    return hashlib.sha256("\n".join(sorted(listing)).encode()).hexdigest()


def link_tree(source: Path, target: Path) -> None:
    """`target` made a copy of `source` (but its fingerprint) of hard links: nothing writes into
    a bundle once made (a new one replaces it), so the site and the kept bundle can share files.
    Where links cannot be made (another file system), the files are copied."""
    shutil.copytree(source, target, copy_function=_link, ignore=shutil.ignore_patterns(FINGERPRINT))


def _link(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def run_pagefind(staging: Path, output: Path) -> None:
    command = [
        sys.executable, "-m", "pagefind", "--site", str(staging), "--output-path", str(output),
        *OPTIONS,
    ]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip()
        raise OutputError(f"pagefind failed on {staging}: {detail}")
    for name in UNUSED:
        (output / name).unlink(missing_ok=True)
