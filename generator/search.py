"""The search index: Pagefind's binary run over the built site's paper pages.

Pagefind's Python API hands records over one at a time (about 0.1 s each), so the binary indexes
the built HTML instead. Only paper pages are read, and in them only the article marked
`data-pagefind-body`, which keeps indexing memory proportional to the text that matters.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from generator.errors import OutputError

PAPER_PAGES = "papers/**/*.html"


def index_site(site: Path) -> None:
    """Write the Pagefind bundle into `site/pagefind/`; OutputError if Pagefind fails."""
    command = [
        sys.executable,
        "-m",
        "pagefind",
        "--site",
        str(site),
        "--glob",
        PAPER_PAGES,
        "--quiet",
    ]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip()
        raise OutputError(f"pagefind failed on {site}: {detail}")
