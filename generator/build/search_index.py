"""The search index: Pagefind's binary over the papers' search documents, a bundle a quarter.

Pagefind's Python API hands records over one at a time (about 0.1 s each), so the binary indexes
the HTML documents the generator writes (site.search). Pagefind's memory grows with the text it
indexes (1.3 GB for 10,000 abstracts), so each quarter is indexed by a run of its own: peak memory
stays that of two quarters' runs, however long the archive grows. The search box searches the
newest quarter first and older ones only while it lacks results (a quarter answers in about 0.1 s
at 50,000 papers, where a year took 0.5 s and four merged years 1.3 s); the search page merges
them all.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from generator.errors import OutputError
from generator.site.search import BUNDLES, DOCUMENTS


def index_site(site: Path, pages_dir: Path, shards: Sequence[str]) -> None:
    """One Pagefind bundle per shard into `site/search-index/<shard>/`, two at a time
    (Pagefind writes its output on one core; two runs use both, within the memory budget)."""
    documents = pages_dir / DOCUMENTS
    jobs = [(documents / shard, site / BUNDLES / shard) for shard in sorted(shards)]
    with ThreadPoolExecutor(max_workers=2) as pool:
        for _ in pool.map(lambda job: run_pagefind(*job), jobs):
            pass


def run_pagefind(staging: Path, output: Path) -> None:
    command = [
        sys.executable, "-m", "pagefind", "--site", str(staging), "--output-path", str(output),
        "--force-language", "en", "--quiet",
    ]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip()
        raise OutputError(f"pagefind failed on {staging}: {detail}")
