"""The search index: Pagefind's binary over the papers' search documents, a bundle a quarter.

Pagefind's Python API hands records over one at a time (about 0.1 s each), so the binary indexes
the HTML documents the generator writes (site.search). Pagefind's memory grows with the text it
indexes (1.3 GB for 10,000 abstracts), so each quarter is indexed by a run of its own: peak memory
stays that of two quarters' runs, however long the archive grows. The search box searches the
newest quarter first and older ones only while it lacks results (a quarter answers in about 0.1 s
at 50,000 papers, where a year took 0.5 s and four merged years 1.3 s); the search page merges
them all.

A quarter's bundle is kept in the build state with a fingerprint of the documents it was made
from, and copied into the next site when they have not changed: a new day reindexes only its own
quarter. The fingerprint also covers the bundle's own files, so a damaged copy is rebuilt.
"""

from __future__ import annotations

import hashlib
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
        shutil.copytree(kept, output, ignore=shutil.ignore_patterns(FINGERPRINT))
        return
    run_pagefind(staging, output)
    shutil.rmtree(kept, ignore_errors=True)
    shutil.copytree(output, kept)
    # Written last: a copy cut short has no fingerprint and is never used.
    (kept / FINGERPRINT).write_text(f"{inputs} {tree_digest(output)}", encoding="utf-8")


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def tree_digest(root: Path) -> str:
    """A hash of every file's path and bytes under `root` (but the fingerprint)."""
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.is_file() and path.name != FINGERPRINT:
            digest.update(f"{path.relative_to(root).as_posix()}\0{path.stat().st_size}\0".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


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
