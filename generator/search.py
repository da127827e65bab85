"""The search index: Pagefind's binary over the paper pages, one bundle ("shard") a year.

Pagefind's Python API hands records over one at a time (about 0.1 s each), so the binary indexes
HTML instead: each paper's article (the part marked `data-pagefind-body`) in a minimal document,
at the paper's URL. Pagefind's memory grows with the text it indexes (1.3 GB for 10,000
abstracts), so each year is indexed by a run of its own and the browser merges the bundles:
peak memory stays that of one year, however long the archive grows.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path

from generator.errors import OutputError
from generator.write import write_atomically

BUNDLES = "search-index"
_FRONT_END = "\n---\n"
_HEAD = '<!doctype html><html lang="en"><head><meta charset="utf-8"></head><body>'
_TAIL = "</body></html>"


def index_site(site: Path, pages_dir: Path, shards: Mapping[str, Sequence[str]]) -> None:
    """Write one Pagefind bundle per shard into `site/search-index/<shard>/`."""
    for shard, pages in sorted(shards.items()):
        with tempfile.TemporaryDirectory(prefix=f"pagefind-{shard}-") as staging:
            stage_pages(Path(staging), pages_dir, pages)
            run_pagefind(Path(staging), site / BUNDLES / shard)


def stage_pages(staging: Path, pages_dir: Path, pages: Sequence[str]) -> None:
    """Each paper's generated body in a minimal HTML document at the paper's URL."""
    for page in pages:
        text = (pages_dir / page).read_text(encoding="utf-8")
        body = text[text.index(_FRONT_END, 3) + len(_FRONT_END) :]
        document = f"{_HEAD}{body}{_TAIL}"
        write_atomically(staging / Path(page).with_suffix("") / "index.html", document)


def run_pagefind(staging: Path, output: Path) -> None:
    command = [
        sys.executable, "-m", "pagefind", "--site", str(staging), "--output-path", str(output),
        "--force-language", "en", "--quiet",
    ]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip()
        raise OutputError(f"pagefind failed on {staging}: {detail}")
