"""Derive the Archive from stored days: one paper per id, every day it was listed, its tags."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from generator.archive.check import checked_content
from generator.archive.model import Archive, Day, Listing, Paper, TagFix, merge_fixes
from generator.archive.tagging import TagCache, Tagger, tag_papers
from generator.content.store import merge_listing


def build_archive(days: Sequence[Day], tagger: Tagger, cache: TagCache | None = None) -> Archive:
    """The archive of `days` (any order), with tags from `tagger` and people's fixes applied."""
    ordered = in_date_order(days)
    found = collect(ordered)
    automatic = tag_papers(tagger, ordered, found.combined, cache)
    papers = {}
    for paper_id, source in found.first.items():
        combined = found.combined.get(paper_id)
        fix = found.fixes.get(paper_id) if combined is None else combined.tag_fix
        tags = automatic[paper_id]
        paper_tags = tuple(sorted(tags if fix is None else fix.apply(tags)))
        days_listed = found.dates[paper_id]
        papers[paper_id] = Paper(paper_id, days_listed, paper_tags, combined or source)
    return Archive(ordered, papers, tagger.vocabulary(), tagging=tagger.fingerprint())


def load_archive(content: Path) -> Archive:
    """Read and check every file, then derive the archive; nothing is written."""
    return load_archive_and_tagger(content)[0]


def load_archive_and_tagger(content: Path) -> tuple[Archive, Tagger]:
    checked = checked_content(content)
    return build_archive(checked.days, checked.tagger), checked.tagger


def in_date_order(days: Sequence[Day]) -> tuple[Day, ...]:
    return tuple(sorted(days, key=lambda d: d.date))


@dataclass
class Listed:
    # Where each paper was first listed (a day's papers, a position), in order of first listing.
    first: dict[str, tuple[Sequence[Listing], int]] = field(default_factory=dict)
    dates: dict[str, tuple[dt.date, ...]] = field(default_factory=dict)
    # Papers listed on several days: their listings combined (the later refreshes the earlier).
    combined: dict[str, Listing] = field(default_factory=dict)
    fixes: dict[str, TagFix] = field(default_factory=dict)


def collect(days: tuple[Day, ...]) -> Listed:
    """Every paper's days and listing (`days` in date order), from ids alone where a paper is
    listed once; no tags, so that related papers can start from it while tagging goes on."""
    found = Listed()
    first, dates, combined = found.first, found.dates, found.combined
    for day in days:
        papers, date, ids = day.papers, day.date, day.paper_ids
        for index, paper_id in enumerate(ids):
            if paper_id not in first:
                first[paper_id] = (papers, index)
                dates[paper_id] = (date,)
                continue
            where, at = first[paper_id]
            old = combined.get(paper_id) or where[at]
            combined[paper_id] = _combine(old, papers[index])
            dates[paper_id] += (date,)
        for index, fix in day.tag_fixes.items():
            found.fixes[ids[index]] = fix
    return found


def _combine(old: Listing, new: Listing) -> Listing:
    fix = merge_fixes(old.tag_fix, new.tag_fix)
    return replace(merge_listing(old, new), tag_fix=fix)
