"""`import`: read listings, merge them into the stored days, write the days that changed.

Every input is read and every touched day file checked before anything is written, so a bad
input leaves `content/` exactly as it was.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from generator.archive.model import Day
from generator.content.lock import content_lock
from generator.content.sources import read_source
from generator.content.store import MergeReport, day_text, load_stored_day, merge_day, save_day
from generator.errors import ProblemsError, SourceError


@dataclass(frozen=True)
class ImportReport:
    days_written: tuple[dt.date, ...]
    merged: MergeReport


def read_all(paths: list[Path], date: dt.date | None) -> list[Day]:
    """Read every input; problems from all of them are reported together."""
    days: list[Day] = []
    problems = []
    for path in paths:
        try:
            days.append(read_source(path, date))
        except ProblemsError as error:
            problems.extend(error.problems)
    if problems:
        raise SourceError(problems)
    return days


def merge_into_store(content: Path, incoming: list[Day]) -> tuple[dict[dt.date, Day], MergeReport]:
    """The days as they will be stored (only those whose file changes), merged in memory."""
    merged: dict[dt.date, Day] = {}
    originals: dict[dt.date, Day | None] = {}
    total = MergeReport()
    for day in incoming:
        if day.date not in merged:
            originals[day.date] = load_stored_day(content, day.date)
        stored = merged.get(day.date, originals[day.date])
        merged[day.date], report = merge_day(stored, day)
        total += report
    changed = {date: day for date, day in merged.items() if _differs(originals[date], day)}
    return changed, total


def _differs(before: Day | None, after: Day) -> bool:
    return before is None or day_text(before) != day_text(after)


def import_listings(content: Path, paths: list[Path], date: dt.date | None) -> ImportReport:
    incoming = read_all(paths, date)
    with content_lock(content, "import"):
        changed, report = merge_into_store(content, incoming)
        for day in changed.values():
            save_day(content, day)
    return ImportReport(tuple(sorted(changed)), report)
