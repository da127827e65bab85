"""Use both cores for the big, independent loops (tagging and rendering 50,000 papers), and for
work that can run beside the rest of a build (related papers).

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
from typing import Any, Generic, TypeVar

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


class Background(Generic[R]):
    """Work that runs in a forked process beside the rest of a build.

    `work` is called with `answer`: it hands over its result as soon as it has one, and may go
    on (saving what it computed) while the build uses the result. `result()` waits for the
    answer, `finish()` for the end; an exception in the process is raised again by either.
    Threads would not do: the work is Python as much as NumPy, and the GIL would serialise it.
    Without fork, the work is done at once, in this process.
    """

    def __init__(self, work: Callable[[Callable[[R], None]], None]) -> None:
        self._answers: list[R] = []
        self._process: multiprocessing.process.BaseProcess | None = None
        if "fork" not in multiprocessing.get_all_start_methods():
            work(self._answers.append)
            return
        context = multiprocessing.get_context("fork")
        self._receive, send = context.Pipe(duplex=False)
        self._process = context.Process(target=_background, args=(work, send), name="background")
        self._process.start()
        send.close()

    def result(self) -> R:
        if not self._answers:
            try:
                self._answers.append(self._next())
            except EOFError:
                assert self._process is not None
                self._process.join()
                code = self._process.exitcode
                message = f"background work ended without a result (exit code {code})"
                raise RuntimeError(message) from None
        return self._answers[0]

    def finish(self) -> None:
        """Wait for the work to end (the result first, if nobody asked for it)."""
        if self._process is None:
            return
        self.result()
        try:
            self._next()  # nothing more is sent unless something failed
        except EOFError:
            pass
        finally:
            self._receive.close()
            self._process.join()
        if self._process.exitcode:
            raise RuntimeError(f"background work failed (exit code {self._process.exitcode})")

    def _next(self) -> R:
        succeeded, value = self._receive.recv()
        if not succeeded:
            raise value
        return value  # type: ignore[no-any-return]


def _background(work: Callable[[Callable[[Any], None]], None], send: Any) -> None:
    try:
        work(lambda value: send.send((True, value)))
    except Exception as error:  # handed to the waiting process, which raises it
        try:
            send.send((False, error))
        except Exception:  # an unpicklable exception: say what it was
            send.send((False, RuntimeError(repr(error))))
    finally:
        send.close()


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
    # even when the parent paused it (see generator.build.state.paused_gc).
    gc.freeze()
    gc.enable()


def _run(bounds: tuple[int, int]) -> list[Any]:
    assert _WORK is not None
    function, items = _WORK
    return [function(item) for item in items[bounds[0] : bounds[1]]]
