"""Derive the Archive from stored days: one paper per id, every day it was listed, its tags."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace

from generator.buildstate import BuildState
from generator.model import Archive, Day, Listing, Paper
from generator.store import merge_listing
from generator.tagging import Tagger, tag_papers


def build_archive(days: Sequence[Day], tagger: Tagger, state: BuildState | None = None) -> Archive:
    """The archive of `days` (any order), with tags from `tagger` and people's fixes applied."""
    ordered = tuple(sorted(days, key=lambda d: d.date))
    listings, dates = _collect(ordered)
    automatic = tag_papers(tagger, ordered, listings, state)
    papers = {
        paper_id: Paper(
            listing=listing,
            days=tuple(dates[paper_id]),
            tags=_tags(automatic[paper_id], listing),
        )
        for paper_id, listing in listings.items()
    }
    return Archive(days=ordered, papers=papers, tags=tagger.vocabulary())


def _collect(days: tuple[Day, ...]) -> tuple[dict[str, Listing], dict[str, list[dt.date]]]:
    """A paper listed on several days: the later listing refreshes it, fixes are combined."""
    listings: dict[str, Listing] = {}
    dates: dict[str, list[dt.date]] = {}
    for day in days:
        for listing in day.papers:
            old = listings.get(listing.id)
            listings[listing.id] = listing if old is None else _combine(old, listing)
            dates.setdefault(listing.id, []).append(day.date)
    return listings, dates


def _combine(old: Listing, new: Listing) -> Listing:
    fix = old.tag_fix
    if new.tag_fix is not None:
        fix = new.tag_fix if fix is None else fix.merged(new.tag_fix)
    return replace(merge_listing(old, new), tag_fix=fix)


def _tags(automatic: frozenset[str], listing: Listing) -> tuple[str, ...]:
    fix = listing.tag_fix
    return tuple(sorted(automatic if fix is None else fix.apply(automatic)))
