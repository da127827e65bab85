"""How big the built site is, as GitHub Pages counts it, and the guard that stops a publish.

GitHub Pages refuses sites over 1 GB, and `actions/upload-pages-artifact` uploads the site as one
tar (recommended under 1 GB: larger ones often miss the 10-minute deployment timeout). A tar
costs a 512-byte header per file and folder and pads every file to 512 bytes, which at 50,000
small pages is tens of megabytes, so the tar is what is measured here, not the pages' sizes.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from generator.errors import ArchiveError

BLOCK = 512
RECORD = 20 * BLOCK  # GNU tar writes whole records of 20 blocks
NAME_FIELD = 100  # a longer name takes a GNU long-name entry of its own
WARN_BYTES = 800_000_000
LIMIT_BYTES = 1_000_000_000
# `bench build` measures sites past GitHub Pages' limit too (100,000 papers): it reports their
# size itself, so it lifts the guard for its own builds with this variable.
SIZE_LIMIT_VARIABLE = "ARCHIVE_SIZE_LIMIT_BYTES"
SHOWN_FOLDERS = 5


@dataclass(frozen=True)
class SiteSize:
    """A built site's files, bytes, and the tar that publishing it uploads."""

    files: int
    bytes: int  # the files' contents
    tar_bytes: int  # `tar -cf - site | wc -c`
    folders: tuple[tuple[str, int], ...]  # top-level folders and files by tar bytes, largest first

    def largest(self, count: int = SHOWN_FOLDERS) -> str:
        return ", ".join(f"{name} {megabytes(size)}" for name, size in self.folders[:count])


def megabytes(size: int) -> str:
    return f"{size / 1e6:,.1f} MB"


def _entry(name: str, size: int) -> int:
    """The tar bytes of one file or folder called `name` (as tar names it)."""
    padded = -(-size // BLOCK) * BLOCK
    length = len(name.encode())
    long_name = BLOCK + -(-(length + 1) // BLOCK) * BLOCK if length > NAME_FIELD else 0
    return long_name + BLOCK + padded


def measure_site(site: Path) -> SiteSize:
    """Walk the site once; names are counted as `tar -cf - site` would write them."""
    files = content = 0
    by_top: dict[str, int] = {}
    total = _entry(f"{site.name}/", 0)
    # Strings, not Path objects: a Path a file made this walk take 4 s at 50,000 papers.
    root = str(site)
    for folder, _, names in os.walk(root):
        relative = os.path.relpath(folder, root).replace(os.sep, "/")
        top = relative.split("/", 1)[0] if relative != "." else None
        prefix = f"{site.name}/" if top is None else f"{site.name}/{relative}/"
        if top is not None:
            cost = _entry(prefix, 0)
            total += cost
            by_top[top] = by_top.get(top, 0) + cost
        for name in names:
            size = os.stat(os.path.join(folder, name)).st_size  # noqa: PTH116, PTH118
            cost = _entry(prefix + name, size)
            files, content, total = files + 1, content + size, total + cost
            key = top or name
            by_top[key] = by_top.get(key, 0) + cost
    total = -(-(total + 2 * BLOCK) // RECORD) * RECORD  # two zero blocks end the archive
    folders = tuple(sorted(by_top.items(), key=lambda item: (-item[1], item[0])))
    return SiteSize(files, content, total, folders)


def describe_size(size: SiteSize) -> str:
    return f"the site's tar is {megabytes(size.tar_bytes)} in {size.files:,} files"


def size_limit(configured: int) -> int:
    """The size over which the build fails: `configured`, unless the variable says otherwise."""
    return int(os.environ.get(SIZE_LIMIT_VARIABLE) or configured)


def check_site_size(
    size: SiteSize, warn_bytes: int = WARN_BYTES, limit_bytes: int = LIMIT_BYTES
) -> str | None:
    """None when the site is small enough; a warning when it nears the limit. Over the limit it
    raises, naming the largest folders, so that nothing is uploaded."""
    if size.tar_bytes > limit_bytes:
        raise ArchiveError(
            f"{describe_size(size)}, over the {megabytes(limit_bytes)} that GitHub Pages "
            f"publishes; largest: {size.largest()}"
        )
    if size.tar_bytes > warn_bytes:
        return (
            f"{describe_size(size)}, near the {megabytes(limit_bytes)} limit; "
            f"largest: {size.largest()}"
        )
    return None
