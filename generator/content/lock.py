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


@contextmanager
def content_lock(content: Path, command: str) -> Iterator[None]:
    """Hold the content folder's lock for `command`, or fail at once saying why."""
    content.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(content, os.O_RDONLY | os.O_DIRECTORY)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise ContentLockedError(
                f"{content}: another import, fetch or fix is writing this content folder; "
                f"`{command}` wrote nothing: run it again when the other has finished"
            ) from None
        yield
    finally:
        os.close(descriptor)  # releases the lock
