"""One writer at a time: `import`, `fetch` and `fix` hold a lock on the content folder.

Two writers would each read a day, merge into it and write it back, and the second write would
drop what the first added. The lock is the operating system's (flock) on the folder itself: it
goes with the process, so a writer killed half-way leaves nothing to clean up, and no lock file
lands among the content.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from generator.errors import ArchiveError


class ContentLockedError(ArchiveError):
    """Another process is writing the content folder."""


def locked_folder(folder: Path) -> int | None:
    """An open descriptor of `folder` holding its lock, or None when another process holds it.
    Closing the descriptor releases the lock; so does the process ending, however it ends."""
    folder.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(descriptor)
        return None
    return descriptor


@contextmanager
def content_lock(content: Path, command: str) -> Iterator[None]:
    """Hold the content folder's lock for `command`, or fail at once saying why."""
    descriptor = locked_folder(content)
    if descriptor is None:
        raise ContentLockedError(
            f"{content}: another import, fetch or fix is writing this content folder; "
            f"`{command}` wrote nothing: run it again when the other has finished"
        )
    try:
        yield
    finally:
        os.close(descriptor)  # releases the lock
