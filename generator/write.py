"""The one writer: every file this package writes goes through here, atomically.

Generated pages land in a folder the generator owns. A page whose bytes did not change is not
touched (its modification time stays), and a page no longer generated is removed.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class WriteReport:
    written: tuple[str, ...]
    unchanged: int
    removed: tuple[str, ...]


def write_atomically(path: Path, content: str | bytes) -> None:
    """Replace `path` in one step, so that a crash never leaves it half-written."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        Path(temporary).replace(path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_if_changed(path: Path, content: str | bytes) -> bool:
    """Write `content` unless the file already holds exactly these bytes; True if written."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    write_atomically(path, data)
    return True


def write_tree(root: Path, files: Mapping[str, str | bytes]) -> WriteReport:
    """Make `root` hold exactly `files` (relative POSIX paths to content)."""
    written = tuple(
        sorted(rel for rel, data in files.items() if write_if_changed(root / rel, data))
    )
    removed = _remove_stale(root, files.keys())
    return WriteReport(written, len(files) - len(written), removed)


def _remove_stale(root: Path, keep: Collection[str]) -> tuple[str, ...]:
    if not root.is_dir():
        return ()
    wanted = set(keep)
    stale = []
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if path.is_file() and rel not in wanted:
            path.unlink()
            stale.append(rel)
    return tuple(stale)
