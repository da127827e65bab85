"""Use both cores for the big, independent loops (tagging and rendering 50,000 papers).

Worker processes are forked, so they share the parent's archive, templates and vocabulary
without copying or pickling them; only index ranges go out and small results come back. Small
jobs, and platforms without fork, run in the calling process.
"""

from __future__ import annotations

import gc
import multiprocessing
import multiprocessing.pool
import os
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from tqdm import tqdm

T = TypeVar("T")
R = TypeVar("R")

_WORK: tuple[Callable[[Any], Any], Sequence[Any]] | None = None


def workers() -> int:
    """How many processes to use: ARCHIVE_WORKERS, else the CPU count (at most 4)."""
    configured = os.environ.get("ARCHIVE_WORKERS")
    if configured:
        return max(1, int(configured))
    return max(1, min(4, os.cpu_count() or 1))


def parallel_map(
    function: Callable[[T], R], items: Sequence[T], minimum: int = 2000, label: str = ""
) -> list[R]:
    """`[function(item) for item in items]`, split over forked processes when worth it.

    With a `label`, a long run shows its progress on a terminal (never in a log).
    """
    count = workers()
    if count <= 1 or len(items) < minimum or "fork" not in multiprocessing.get_all_start_methods():
        with _progress(label, len(items), minimum) as bar:
            return [_counted(function(item), bar) for item in items]
    global _WORK
    _WORK = (function, items)
    try:
        step = -(-len(items) // (count * 8))
        bounds = [(start, min(start + step, len(items))) for start in range(0, len(items), step)]
        parts = []
        with _progress(label, len(items), minimum) as bar, _pool(count) as pool:
            for part in pool.imap(_run, bounds):
                parts.append(part)
                bar.update(len(part))
    finally:
        _WORK = None
    return [result for part in parts for result in part]


def _progress(label: str, total: int, minimum: int) -> tqdm[Any]:
    # disable=None: shown only on a terminal.
    quiet = True if not label or total < minimum else None
    return tqdm(total=total, desc=label, unit=" items", disable=quiet, leave=False)


def _counted(result: R, bar: tqdm[Any]) -> R:
    bar.update()
    return result


def _pool(count: int) -> multiprocessing.pool.Pool:
    return multiprocessing.get_context("fork").Pool(count, initializer=_start)


def _start() -> None:
    # What the worker inherited lives as long as it does: the collector need never scan it
    # (its bookkeeping would also copy every inherited page), but must see what rendering makes,
    # even when the parent paused it (see generator.buildstate.paused_gc).
    gc.freeze()
    gc.enable()


def _run(bounds: tuple[int, int]) -> list[Any]:
    assert _WORK is not None
    function, items = _WORK
    return [function(item) for item in items[bounds[0] : bounds[1]]]
