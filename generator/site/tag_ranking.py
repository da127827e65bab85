"""Each tag's most upvoted papers, ranked once for the days a refetch no longer changes and
carried from build to build (Site.carried), so that a new day ranks only the last weeks' papers.

Order: most upvoted first, ties in listing order (the paper first listed earlier first), which
is the order of (first day, place in that day). Ranking the whole archive costs about 0.15 s at
50,000 papers; a new day otherwise only merges its recent papers into 60 short lists.

The carried part ("settled") holds each tag's SIZE best papers among the days up to a date and
how many of them have upvote data; it stands while those days' files (their revisions), the
tagging and the size are unchanged and no paper is listed both before and after that date. Any
other case ranks everything again, so a stale or odd state only costs time.
"""

from __future__ import annotations

import datetime as dt
import heapq
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from generator.archive.model import Archive, Day

# (-upvotes, first day's ordinal, place in that day, paper id): sorts in the ranking's order.
Entry = tuple[int, int, int, str]
# Days newer than this are ranked on every build: the source refreshes upvotes for about two
# weeks, so these days' files still change; the older ones join the settled part.
RECENT_DAYS = 31
CARRY = "tag ranking"  # its key in Site.carried


@dataclass(frozen=True)
class Ranking:
    """Each tag's best entries (at most `size`, in order) and how many papers it ranks."""

    tops: dict[str, tuple[Entry, ...]]
    counts: dict[str, int]

    def merged(self, other: Ranking, size: int) -> Ranking:
        tops = dict(self.tops)
        for slug, entries in other.tops.items():
            tops[slug] = _best(tops.get(slug, ()) + entries, size)
        counts = dict(self.counts)
        for slug, count in other.counts.items():
            counts[slug] = counts.get(slug, 0) + count
        return Ranking(tops, counts)


@dataclass(frozen=True)
class Settled:
    """The ranking of the days up to `until`, as the last build saw them."""

    basis: tuple[bytes, int]  # the tagging and the size
    until: dt.date
    revisions: dict[dt.date, str]
    ranking: Ranking


def rank_days(archive: Archive, days: Iterable[Day], size: int) -> Ranking:
    """The ranking of the papers first listed on `days` (papers without upvote data left out)."""
    found: dict[str, list[Entry]] = defaultdict(list)
    papers = archive.papers
    for day in days:
        ordinal = day.date.toordinal()
        for place, paper_id in enumerate(day.paper_ids):
            paper = papers[paper_id]
            upvotes = paper.upvotes
            if upvotes is None or paper.days[0] != day.date:
                continue
            entry = (-upvotes, ordinal, place, paper_id)
            for slug in paper.tags:
                found[slug].append(entry)
    return Ranking(
        {slug: _best(entries, size) for slug, entries in found.items()},
        {slug: len(entries) for slug, entries in found.items()},
    )


def _best(entries: Sequence[Entry], size: int) -> tuple[Entry, ...]:
    """The first `size` entries in order. A new day's lists are short, and sorting them (in C)
    costs a third of heapq's loop (in Python); heapq wins on a whole tag's thousands."""
    if len(entries) > 4 * size:
        return tuple(heapq.nsmallest(size, entries))
    return tuple(sorted(entries)[:size])


def tag_ranking(
    archive: Archive, days: tuple[Day, ...], size: int, carried: object
) -> tuple[Ranking, Settled | None]:
    """Every tag's ranking, and the settled part to carry to the next build (None: nothing can
    be carried, as for days read without a file revision)."""
    if not days or not archive.tagging or not all(day.revision for day in days):
        return rank_days(archive, days, size), None
    basis = (archive.tagging, size)
    stands = isinstance(carried, Settled) and _stands(carried, archive, days, basis)
    settled = carried if stands and isinstance(carried, Settled) else None
    cut = _boundary(archive, days, days[-1].date - dt.timedelta(days=RECENT_DAYS))
    if settled is None or settled.until < cut:
        start = settled.until if settled else dt.date.min
        joining = rank_days(archive, [d for d in days if start < d.date <= cut], size)
        base = settled.ranking.merged(joining, size) if settled else joining
        revisions = {day.date: day.revision for day in days if day.date <= cut}
        settled = Settled(basis, cut, revisions, base)
    recent = rank_days(archive, [day for day in days if day.date > settled.until], size)
    return settled.ranking.merged(recent, size), settled


def _stands(
    settled: Settled, archive: Archive, days: tuple[Day, ...], basis: tuple[bytes, int]
) -> bool:
    """Whether the settled ranking still describes the archive's days up to its date."""
    if settled.basis != basis:
        return False
    revisions = {day.date: day.revision for day in days if day.date <= settled.until}
    return revisions == settled.revisions and not _straddles(archive, days, settled.until)


def _straddles(archive: Archive, days: tuple[Day, ...], until: dt.date) -> bool:
    """Whether a paper listed after `until` was first listed on or before it (its upvotes and
    tags come from its newest listing: the settled part would hold an old one)."""
    papers = archive.papers
    return any(
        papers[paper_id].days[0] <= until
        for day in days
        if day.date > until
        for paper_id in day.paper_ids
    )


def _boundary(archive: Archive, days: tuple[Day, ...], cut: dt.date) -> dt.date:
    """The latest date at most `cut` that no paper straddles (see _straddles)."""
    papers = archive.papers
    while True:
        later = [papers[i].days[0] for day in days if day.date > cut for i in day.paper_ids]
        first = min(later, default=None)
        if first is None or first > cut:
            return cut
        cut = first - dt.timedelta(days=1)
