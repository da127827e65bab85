"""The one writer: every file this package writes goes through here, atomically.

Generated pages land in a folder the generator owns. A page whose bytes did not change is not
touched (its modification time stays), and a page no longer generated is removed.
"""

from __future__ import annotations

import os
from collections.abc import Collection
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
    # The process id keeps two writers (forked workers) from sharing a temporary file.
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        try:
            temporary.write_bytes(data)
        except FileNotFoundError:
            path.parent.mkdir(parents=True, exist_ok=True)
            temporary.write_bytes(data)
        temporary.replace(path)
    except BaseException:
        temporary.unlink(missing_ok=True)
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


def remove_stale(
    root: Path, wanted: Collection[str], keep: Collection[str] = ()
) -> tuple[str, ...]:
    """Remove every file under `root` not in `wanted` (paths), except in the folders `keep`."""
    if not root.is_dir():
        return ()
    wanted = set(wanted)
    stale = []
    for folder, subfolders, names in os.walk(root):
        if folder == str(root):
            subfolders[:] = [name for name in subfolders if name not in keep]
        for name in names:
            path = Path(folder, name)
            rel = path.relative_to(root).as_posix()
            if rel not in wanted:
                path.unlink()
                stale.append(rel)
    return tuple(sorted(stale))
